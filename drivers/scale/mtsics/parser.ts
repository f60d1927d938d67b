/** Splits an MT-SICS byte stream into replies (CR LF lines); unknown lines are dropped and counted. */
import { LineSplitter } from '../../serial/line-splitter.ts';
import type { ScaleParser, ScaleReply } from '../dialect.ts';
import { parseMtSicsLine } from './frame.ts';

export class MtSicsParser implements ScaleParser {
  readonly #splitter = new LineSplitter('crlf', { maxLength: 128 });
  #malformed = 0;

  get malformed(): number {
    return this.#malformed;
  }

  push(chunk: Buffer): ScaleReply[] {
    const replies: ScaleReply[] = [];
    for (const line of this.#splitter.push(chunk)) {
      if (line.length === 0) continue;
      const reply = parseMtSicsLine(line);
      if (reply) replies.push(reply);
      else this.#malformed += 1;
    }
    return replies;
  }

  reset(): void {
    this.#splitter.reset();
  }
}
