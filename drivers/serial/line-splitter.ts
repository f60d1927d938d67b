/**
 * Splits a byte stream into text lines, across chunks. ASCII protocols (TSL, A&D, MT-SICS,
 * scanners in serial mode) all frame this way.
 *
 * - `crlf`: a line ends at LF; a CR before it is dropped. Empty lines are kept (TSL ends a
 *   response block with one).
 * - `any`: CR, LF or CRLF each end a line; empty lines are dropped (a scanner's suffix may be
 *   CR alone, and the scan must not wait for a byte that never comes).
 *
 * A line longer than `maxLength` without a terminator is garbage: it is dropped and counted.
 * With `escape` set (TSL ASCII escapes CR and LF inside barcode data with ESC), a terminator
 * preceded by an odd run of escape bytes is data, not the end of the line.
 */
export type LineEnding = 'crlf' | 'any';

const CR = 0x0d;
const LF = 0x0a;

export class LineSplitter {
  readonly #ending: LineEnding;
  readonly #maxLength: number;
  readonly #escape: number | null;
  #pending: Buffer = Buffer.alloc(0);
  #overflows = 0;

  constructor(ending: LineEnding, options: { maxLength?: number; escape?: number } = {}) {
    this.#ending = ending;
    this.#maxLength = options.maxLength ?? 1024;
    this.#escape = options.escape ?? null;
  }

  /** Bytes of an unfinished line held back. */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  /** Lines dropped because they grew past `maxLength`. */
  get overflows(): number {
    return this.#overflows;
  }

  push(chunk: Buffer): string[] {
    const data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const lines: string[] = [];
    let start = 0;
    let from = 0;
    for (;;) {
      const end = this.#ending === 'crlf' ? data.indexOf(LF, from) : nextBreak(data, from);
      if (end < 0) break;
      if (this.#escaped(data, start, end)) {
        from = end + 1;
        continue;
      }
      let stop = end;
      if (this.#ending === 'crlf' && stop > start && data[stop - 1] === CR && !this.#escaped(data, start, stop - 1)) stop -= 1;
      const line = data.toString('latin1', start, stop);
      if (this.#ending === 'crlf' || line.length > 0) lines.push(line);
      start = end + 1;
      if (this.#ending === 'any' && data[end] === CR && data[start] === LF) start += 1;
      from = start;
    }
    this.#pending = start >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(start));
    if (this.#pending.length > this.#maxLength) {
      this.#overflows += 1;
      this.#pending = Buffer.alloc(0);
    }
    return lines;
  }

  /** True when the byte at `index` follows an odd run of escape bytes. */
  #escaped(data: Buffer, start: number, index: number): boolean {
    if (this.#escape === null) return false;
    let run = 0;
    for (let k = index - 1; k >= start && data[k] === this.#escape; k -= 1) run += 1;
    return run % 2 === 1;
  }

  reset(): void {
    this.#pending = Buffer.alloc(0);
  }
}

function nextBreak(data: Buffer, from: number): number {
  const cr = data.indexOf(CR, from);
  const lf = data.indexOf(LF, from);
  if (cr < 0) return lf;
  if (lf < 0) return cr;
  return Math.min(cr, lf);
}
