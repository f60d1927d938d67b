/**
 * One TSL ASCII response block: `CS: <command>`, header lines, then `OK:` or `ER: nnn` (maybe
 * `ME: <text>`), then an empty line. Immutable; `toBuffer()` writes it back in the reader's bytes
 * (the simulator uses it).
 */
import { gen2Crc16 } from '../gen2-crc.ts';
import type { TagRead } from '../interface.ts';
import { TSL_ESCAPE, TSL_HEADER } from './constants.ts';

export interface TslLine {
  readonly header: string;
  readonly value: string;
}

export class TslResponse {
  /** The echoed command line (`.iv -r on`), or null when the block had no `CS:` line. */
  readonly command: string | null;
  readonly lines: readonly TslLine[];
  /** The `ER:` code, or null for a block that ended `OK:`. */
  readonly errorCode: number | null;

  constructor(command: string | null, lines: readonly TslLine[], errorCode: number | null) {
    this.command = command;
    this.lines = Object.freeze([...lines]);
    this.errorCode = errorCode;
    Object.freeze(this);
  }

  get ok(): boolean {
    return this.errorCode === null;
  }

  /** `.iv` from `CS: .iv -r on`. */
  get commandName(): string | null {
    return this.command?.trim().slice(0, 3).toLowerCase() ?? null;
  }

  value(header: string): string | undefined {
    return this.lines.find((line) => line.header === header)?.value;
  }

  values(header: string): string[] {
    return this.lines.filter((line) => line.header === header).map((line) => line.value);
  }

  toBuffer(): Buffer {
    const body: string[] = [];
    if (this.command !== null) body.push(`${TSL_HEADER.COMMAND_STARTED}: ${this.command}`);
    const message = this.lines.filter((line) => line.header === TSL_HEADER.MESSAGE);
    for (const line of this.lines) if (line.header !== TSL_HEADER.MESSAGE) body.push(`${line.header}: ${line.value}`);
    body.push(this.errorCode === null ? 'OK:' : `ER: ${String(this.errorCode).padStart(3, '0')}`);
    // The message follows the error line: `ER: 005` then `ME: No transponder found` (reference §1.1).
    for (const line of message) body.push(`${line.header}: ${line.value}`);
    return Buffer.from(`${body.join('\r\n')}\r\n\r\n`, 'latin1');
  }

  toString(): string {
    return `TslResponse(${this.command ?? '-'} ${this.ok ? 'OK' : `ER ${this.errorCode}`} ${this.lines.length} lines)`;
  }
}

export interface TslTagParse {
  reads: TagRead[];
  /** EP groups dropped: bad hex, odd length, or an EPC CRC that does not match. */
  rejected: number;
}

/**
 * The tags in an inventory block. Each group starts at `EP:`; `RI:`, `PC:` and `CR:` lines after
 * it belong to it (implementations read RI from the line after EP, reference §1.1 [likely]).
 * When the block carries PC and CR, the Gen2 CRC over PC+EPC is checked and a mismatch is dropped.
 */
export function tslTagReads(response: TslResponse, at: number): TslTagParse {
  const reads: TagRead[] = [];
  let rejected = 0;
  let group: { epc: string; rssi: number | null; pc: string | null; crc: string | null } | null = null;
  const close = (): void => {
    if (!group) return;
    if (!/^(?:[0-9A-F]{4})+$/.test(group.epc) || !crcMatches(group.pc, group.epc, group.crc)) rejected += 1;
    else reads.push({ epc: group.epc, rssi: group.rssi, antenna: null, at });
    group = null;
  };
  for (const line of response.lines) {
    if (line.header === TSL_HEADER.EPC) {
      close();
      group = { epc: line.value.trim().toUpperCase(), rssi: null, pc: null, crc: null };
    } else if (group && line.header === TSL_HEADER.RSSI) {
      const rssi = Number.parseInt(line.value, 10);
      group.rssi = Number.isFinite(rssi) ? rssi : null;
    } else if (group && line.header === TSL_HEADER.PC) {
      group.pc = line.value.trim();
    } else if (group && line.header === TSL_HEADER.EPC_CRC) {
      group.crc = line.value.trim();
    }
  }
  close();
  return { reads, rejected };
}

function crcMatches(pc: string | null, epc: string, crc: string | null): boolean {
  if (pc === null || crc === null) return true;
  if (!/^[0-9A-Fa-f]{4}$/.test(pc) || !/^[0-9A-Fa-f]{4}$/.test(crc)) return false;
  return gen2Crc16(Buffer.from(pc + epc, 'hex')) === Number.parseInt(crc, 16);
}

/** Undoes the ESC escaping of CR, LF and ESC inside barcode data. */
export function tslUnescape(value: string): string {
  const escape = String.fromCharCode(TSL_ESCAPE);
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    if (value[i] === escape && i + 1 < value.length) i += 1;
    out += value[i];
  }
  return out;
}

export function tslEscape(value: string): string {
  const escape = String.fromCharCode(TSL_ESCAPE);
  return value.replace(/[\r\n\x1b]/g, (c) => escape + c);
}
