/**
 * Splits an A&D byte stream into replies: CR LF lines, plus the bare ACK byte (0x06) that answers
 * a control command without a line ending. Unknown lines are dropped and counted.
 */
import { LineSplitter } from '../../serial/line-splitter.ts';
import type { ScaleParser, ScaleReply } from '../dialect.ts';
import { AND_ACK } from './constants.ts';
import { parseAndLine } from './frame.ts';

export class AndParser implements ScaleParser {
  readonly #splitter = new LineSplitter('crlf', { maxLength: 64 });
  #malformed = 0;

  get malformed(): number {
    return this.#malformed;
  }

  push(chunk: Buffer): ScaleReply[] {
    const replies: ScaleReply[] = [];
    let start = 0;
    for (let ack = chunk.indexOf(AND_ACK); ack >= 0; ack = chunk.indexOf(AND_ACK, start)) {
      this.#lines(chunk.subarray(start, ack), replies);
      replies.push({ kind: 'accepted' });
      start = ack + 1;
    }
    this.#lines(chunk.subarray(start), replies);
    return replies;
  }

  reset(): void {
    this.#splitter.reset();
  }

  #lines(bytes: Buffer, replies: ScaleReply[]): void {
    if (bytes.length === 0) return;
    for (const line of this.#splitter.push(bytes)) {
      if (line.length === 0) continue;
      const reply = parseAndLine(line);
      if (reply) replies.push(reply);
      else this.#malformed += 1;
    }
  }
}
