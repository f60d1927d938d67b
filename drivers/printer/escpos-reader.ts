/**
 * Reads an ESC/POS byte stream command by command, across chunks, the way a printer's command
 * interpreter does: it must know every command's length to find the real-time status requests
 * (DLE EOT) in the middle of print data. Used by the printer simulator. Commands outside Loupe's
 * subset (device-protocols.md §3.1, plus what node-thermal-printer emits) are reported as unknown.
 */
import { DC4, DLE, EOT, ESC, GS, LF } from './constants.ts';

export type EscPosToken =
  | { kind: 'text'; bytes: Buffer }
  | { kind: 'lf' }
  | { kind: 'command'; name: string; bytes: Buffer }
  | { kind: 'unknown'; bytes: Buffer };

/** Total length of a command starting at `at`, or null while more bytes are needed. */
type Length = (data: Buffer, at: number) => number | null;

const fixed = (length: number): Length => (data, at) => (data.length - at >= length ? length : null);

const GS_K_BARCODE: Length = (data, at) => {
  const m = data[at + 2];
  if (m === undefined) return null;
  if (m <= 6) {
    const nul = data.indexOf(0x00, at + 3);
    return nul < 0 ? null : nul - at + 1;
  }
  const n = data[at + 3];
  if (n === undefined) return null;
  return data.length - at >= 4 + n ? 4 + n : null;
};

const GS_PAREN_K: Length = (data, at) => {
  if (data.length - at < 5) return null;
  const total = 5 + (data[at + 3] as number) + (data[at + 4] as number) * 256;
  return data.length - at >= total ? total : null;
};

const GS_V_CUT: Length = (data, at) => {
  const m = data[at + 2];
  if (m === undefined) return null;
  return fixed(m === 65 || m === 66 ? 4 : 3)(data, at);
};

/** Keyed by the two leading bytes. */
export const COMMANDS: ReadonlyMap<number, { name: string; length: Length }> = new Map([
  [(ESC << 8) | 0x40, { name: 'initialize', length: fixed(2) }],
  [(ESC << 8) | 0x21, { name: 'print-mode', length: fixed(3) }],
  [(ESC << 8) | 0x45, { name: 'bold', length: fixed(3) }],
  [(ESC << 8) | 0x2d, { name: 'underline', length: fixed(3) }],
  [(ESC << 8) | 0x61, { name: 'justify', length: fixed(3) }],
  [(ESC << 8) | 0x4d, { name: 'font', length: fixed(3) }],
  [(ESC << 8) | 0x74, { name: 'code-table', length: fixed(3) }],
  [(ESC << 8) | 0x64, { name: 'feed-lines', length: fixed(3) }],
  [(ESC << 8) | 0x70, { name: 'drawer-pulse', length: fixed(5) }],
  [(ESC << 8) | 0x32, { name: 'default-line-spacing', length: fixed(2) }],
  [(ESC << 8) | 0x33, { name: 'line-spacing', length: fixed(3) }],
  [(ESC << 8) | 0x7b, { name: 'upside-down', length: fixed(3) }],
  [(GS << 8) | 0x21, { name: 'char-size', length: fixed(3) }],
  [(GS << 8) | 0x42, { name: 'reverse', length: fixed(3) }],
  [(GS << 8) | 0x48, { name: 'barcode-hri', length: fixed(3) }],
  [(GS << 8) | 0x66, { name: 'barcode-hri-font', length: fixed(3) }],
  [(GS << 8) | 0x68, { name: 'barcode-height', length: fixed(3) }],
  [(GS << 8) | 0x77, { name: 'barcode-width', length: fixed(3) }],
  [(GS << 8) | 0x6b, { name: 'barcode', length: GS_K_BARCODE }],
  [(GS << 8) | 0x28, { name: 'qr', length: GS_PAREN_K }],
  [(GS << 8) | 0x56, { name: 'cut', length: GS_V_CUT }],
  [(GS << 8) | 0x72, { name: 'transmit-status', length: fixed(3) }],
  [(GS << 8) | 0x61, { name: 'auto-status-back', length: fixed(3) }],
  [(DLE << 8) | EOT, { name: 'realtime-status', length: fixed(3) }],
  [(DLE << 8) | DC4, { name: 'realtime-pulse', length: fixed(5) }],
]);

export class EscPosReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Bytes held back because a command is not complete yet. */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  push(chunk: Buffer): EscPosToken[] {
    const data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const tokens: EscPosToken[] = [];
    let at = 0;
    while (at < data.length) {
      const byte = data[at] as number;
      if (byte === LF) {
        tokens.push({ kind: 'lf' });
        at += 1;
      } else if (byte === ESC || byte === GS || byte === DLE) {
        if (at + 1 >= data.length) break;
        const command = COMMANDS.get((byte << 8) | (data[at + 1] as number));
        if (!command) {
          tokens.push({ kind: 'unknown', bytes: Buffer.from(data.subarray(at, at + 2)) });
          at += 2;
          continue;
        }
        const length = command.length(data, at);
        if (length === null) break;
        tokens.push({ kind: 'command', name: command.name, bytes: Buffer.from(data.subarray(at, at + length)) });
        at += length;
      } else if (byte < 0x20 && byte !== 0x0d && byte !== 0x09) {
        tokens.push({ kind: 'unknown', bytes: Buffer.from([byte]) });
        at += 1;
      } else {
        let end = at;
        while (end < data.length && isText(data[end] as number)) end += 1;
        tokens.push({ kind: 'text', bytes: Buffer.from(data.subarray(at, end)) });
        at = end;
      }
    }
    this.#pending = Buffer.from(data.subarray(at));
    return tokens;
  }
}

function isText(byte: number): boolean {
  return byte >= 0x20 || byte === 0x0d || byte === 0x09;
}
