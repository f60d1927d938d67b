/**
 * A strict ESC/POS decoder for tests: it turns the bytes that reached the printer back into what
 * the paper would show, and throws on any command it does not know, any command cut short and
 * any parameter out of its range. Written apart from the simulator's reader on purpose: a receipt
 * test passes only if two independent readings of the bytes agree.
 */
import { decodeText } from '../../../drivers/printer/code-pages.ts';

export interface PrintedLine {
  text: string;
  bold: boolean;
  align: 'left' | 'center' | 'right';
  doubleHeight: boolean;
}

export interface DecodedPrint {
  lines: PrintedLine[];
  barcodes: { type: number; data: string }[];
  qr: string[];
  cuts: number;
  pulses: { connector: number; onMs: number; offMs: number }[];
  statusRequests: number[];
  /** GS r n requests (processed in turn, after the bytes before them). */
  transmitRequests: number[];
}

export class EscPosDecodeError extends Error {}

const ALIGN = { 0: 'left', 1: 'center', 2: 'right', 48: 'left', 49: 'center', 50: 'right' } as const;

export function decodeEscPos(bytes: Buffer): DecodedPrint {
  const out: DecodedPrint = { lines: [], barcodes: [], qr: [], cuts: 0, pulses: [], statusRequests: [], transmitRequests: [] };
  let style = { bold: false, align: 'left' as PrintedLine['align'], doubleHeight: false };
  let codePage = 0;
  let text = '';
  let i = 0;
  const need = (count: number, what: string): void => {
    if (i + count > bytes.length) throw new EscPosDecodeError(`truncated ${what} at byte ${i}: needs ${count} bytes, ${bytes.length - i} left`);
  };
  const param = (offset: number): number => bytes[i + offset] as number;
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new EscPosDecodeError(`${what} at byte ${i}`);
  };
  const flush = (): void => {
    out.lines.push({ text, ...style });
    text = '';
  };
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b === 0x0a) {
      flush();
      i += 1;
    } else if (b === 0x1b) {
      need(2, 'ESC command');
      const c = param(1);
      if (c === 0x40) {
        style = { bold: false, align: 'left', doubleHeight: false };
        codePage = 0;
        i += 2;
      } else if (c === 0x32) i += 2;
      else if ([0x21, 0x45, 0x2d, 0x61, 0x4d, 0x74, 0x64, 0x33].includes(c)) {
        need(3, `ESC ${c.toString(16)}`);
        const n = param(2);
        if (c === 0x21) style.doubleHeight = (n & 0x10) !== 0;
        if (c === 0x45) {
          check(n === 0 || n === 1, `ESC E ${n}`);
          style.bold = n === 1;
        }
        if (c === 0x61) {
          check(n in ALIGN, `ESC a ${n}`);
          style.align = ALIGN[n as keyof typeof ALIGN];
        }
        if (c === 0x4d) check(n <= 1, `ESC M ${n}`);
        if (c === 0x74) {
          check(n === 0 || decodeText(Uint8Array.of(0x80), n) !== null, `ESC t ${n} (code table not installed)`);
          codePage = n;
        }
        i += 3;
      } else if (c === 0x70) {
        need(5, 'ESC p');
        const [m, t1, t2] = [param(2), param(3), param(4)];
        check([0, 1, 48, 49].includes(m), `ESC p connector ${m}`);
        check(t1 >= 1, 'ESC p with a zero pulse');
        out.pulses.push({ connector: m % 48, onMs: t1 * 2, offMs: t2 * 2 });
        i += 5;
      } else throw new EscPosDecodeError(`unknown ESC ${c.toString(16)} at byte ${i}`);
    } else if (b === 0x1d) {
      need(2, 'GS command');
      const c = param(1);
      if ([0x21, 0x42, 0x48, 0x66, 0x68, 0x77].includes(c)) {
        need(3, `GS ${c.toString(16)}`);
        const n = param(2);
        if (c === 0x21) check((n & 0x0f) <= 7 && n >> 4 <= 7, `GS ! ${n}`);
        if (c === 0x48) check(n <= 3 || (n >= 48 && n <= 51), `GS H ${n}`);
        if (c === 0x77) check(n >= 2 && n <= 6, `GS w ${n}`);
        if (c === 0x68) check(n >= 1, `GS h ${n}`);
        i += 3;
      } else if (c === 0x72) {
        need(3, 'GS r');
        check([1, 2, 49, 50].includes(param(2)), `GS r ${param(2)}`);
        out.transmitRequests.push(param(2) % 48);
        i += 3;
      } else if (c === 0x56) {
        need(3, 'GS V');
        const m = param(2);
        check([0, 1, 48, 49, 65, 66].includes(m), `GS V ${m}`);
        if (m >= 65) need(4, 'GS V with feed');
        out.cuts += 1;
        i += m >= 65 ? 4 : 3;
      } else if (c === 0x6b) {
        need(4, 'GS k');
        const m = param(2);
        check(m >= 65 && m <= 78, `GS k ${m} (only the counted form is used)`);
        const n = param(3);
        need(4 + n, 'GS k data');
        const data = bytes.subarray(i + 4, i + 4 + n).toString('latin1');
        if (m === 73) check(/^\{[ABC]/.test(data), 'CODE128 without a code set');
        out.barcodes.push({ type: m, data: m === 73 ? data.slice(2) : data });
        i += 4 + n;
      } else if (c === 0x28) {
        need(5, 'GS ( k');
        check(param(2) === 0x6b, `GS ( ${param(2).toString(16)}`);
        const length = param(3) + param(4) * 256;
        need(5 + length, 'GS ( k data');
        check(param(5) === 0x31 && [0x41, 0x43, 0x45, 0x50, 0x51].includes(param(6)), `QR function ${param(6).toString(16)}`);
        if (param(6) === 0x50) out.qr.push(bytes.subarray(i + 8, i + 5 + length).toString('latin1'));
        i += 5 + length;
      } else throw new EscPosDecodeError(`unknown GS ${c.toString(16)} at byte ${i}`);
    } else if (b === 0x10) {
      need(3, 'DLE command');
      check(param(1) === 0x04 && param(2) >= 1 && param(2) <= 4, `DLE ${param(1).toString(16)} ${param(2)}`);
      out.statusRequests.push(param(2));
      i += 3;
    } else if (b < 0x20) {
      throw new EscPosDecodeError(`stray control byte 0x${b.toString(16)} at byte ${i}`);
    } else {
      let end = i;
      while (end < bytes.length && (bytes[end] as number) >= 0x20) end += 1;
      const decoded = decodeText(bytes.subarray(i, end), codePage);
      if (decoded === null) throw new EscPosDecodeError(`text in code table ${codePage} at byte ${i}`);
      text += decoded;
      i = end;
    }
  }
  if (text) throw new EscPosDecodeError(`text "${text}" was never printed (no line feed)`);
  return out;
}

/** The text lines, trimmed of trailing spaces, without styles. */
export function printedText(print: DecodedPrint): string[] {
  return print.lines.map((line) => line.text.trimEnd());
}
