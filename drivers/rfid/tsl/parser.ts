/**
 * Turns the TSL ASCII byte stream into response blocks, across chunks.
 *
 * - Lines end with CR LF; a block ends with `OK:` or `ER: nnn` (and its `ME:` line) followed by
 *   an empty line (the `\r\n\r\n` delimiter, reference/device-protocols.md §1.1).
 * - Garbage (Bluetooth noise, a half line from before the port opened) is skipped up to the next
 *   `XX:` header; echoed command lines (`.iv …`, with echo on) are ignored.
 * - A `CS:` line inside an unfinished block means the reader restarted mid-answer: the broken
 *   block is dropped and counted, the new one is kept.
 */
import { LineSplitter } from '../../serial/line-splitter.ts';
import { TSL_ESCAPE, TSL_HEADER } from './constants.ts';
import { TslResponse, type TslLine } from './frame.ts';

const HEADER_LINE = /([A-Z]{2}):(?: ?(.*))?$/;

export class TslParser {
  readonly #splitter = new LineSplitter('crlf', { maxLength: 4096, escape: TSL_ESCAPE });
  #command: string | null = null;
  #lines: TslLine[] = [];
  #open = false;
  #errorCode: number | null | undefined = undefined; // undefined = not terminated yet
  #garbage = 0;
  #broken = 0;

  /** Lines skipped because they were not `XX: value`. */
  get garbageLines(): number {
    return this.#garbage;
  }

  /** Blocks dropped because a new block began before they ended. */
  get brokenBlocks(): number {
    return this.#broken;
  }

  push(chunk: Buffer): TslResponse[] {
    const out: TslResponse[] = [];
    for (const line of this.#splitter.push(chunk)) this.#line(line, out);
    return out;
  }

  /** Forgets a half-received block (the port was reopened). */
  reset(): void {
    this.#splitter.reset();
    this.#clear();
  }

  #line(text: string, out: TslResponse[]): void {
    if (text.length === 0) {
      if (this.#open && this.#errorCode !== undefined) this.#emit(out);
      return;
    }
    if (text.charCodeAt(0) === 0x2e) return; // an echoed command (`.ec -e on`)
    let name: string;
    let value: string;
    if (isUpper(text.charCodeAt(0)) && isUpper(text.charCodeAt(1)) && text.charCodeAt(2) === 0x3a) {
      name = text.slice(0, 2);
      value = text.charCodeAt(3) === 0x20 ? text.slice(4) : text.slice(3);
    } else {
      const found = HEADER_LINE.exec(text);
      this.#garbage += 1;
      if (!found) return;
      name = found[1] as string;
      value = found[2] ?? '';
    }
    if (name === TSL_HEADER.COMMAND_STARTED) {
      if (this.#open && this.#errorCode !== undefined) this.#emit(out);
      else if (this.#open) this.#broken += 1;
      this.#clear();
      this.#open = true;
      this.#command = value;
      return;
    }
    this.#open = true;
    if (name === TSL_HEADER.OK) this.#errorCode = null;
    else if (name === TSL_HEADER.ERROR) this.#errorCode = Number.parseInt(value, 10) || 255;
    else this.#lines.push({ header: name, value });
  }

  #emit(out: TslResponse[]): void {
    out.push(new TslResponse(this.#command, this.#lines, this.#errorCode ?? null));
    this.#clear();
  }

  #clear(): void {
    this.#command = null;
    this.#lines = [];
    this.#open = false;
    this.#errorCode = undefined;
  }
}

function isUpper(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}
