/**
 * Splits the R2000 byte stream into checked frames, across chunks. Garbage before a head byte is
 * skipped; a frame with a bad checksum is dropped and counted, and the search restarts one byte
 * after its head, so a real frame hidden behind a stray 0xA0 is not lost (serialport's
 * PacketLengthParser frames A0 but never checks the sum, reference §1.4a).
 */
import { A0_HEAD, A0_MIN_LEN } from './constants.ts';
import { A0Frame, a0Checksum } from './frame.ts';

export class A0Parser {
  #buffer: Buffer = Buffer.alloc(0);
  #badChecksums = 0;
  #skippedBytes = 0;

  get badChecksums(): number {
    return this.#badChecksums;
  }

  get skippedBytes(): number {
    return this.#skippedBytes;
  }

  push(chunk: Buffer): A0Frame[] {
    const data = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const frames: A0Frame[] = [];
    let at = 0;
    while (at < data.length) {
      const head = data.indexOf(A0_HEAD, at);
      if (head < 0) {
        this.#skippedBytes += data.length - at;
        at = data.length;
        break;
      }
      this.#skippedBytes += head - at;
      at = head;
      if (at + 1 >= data.length) break; // wait for Len
      const len = data[at + 1] as number;
      if (len < A0_MIN_LEN) {
        this.#skippedBytes += 1;
        at += 1;
        continue;
      }
      const end = at + 2 + len;
      if (end > data.length) {
        // A stray 0xA0 with a big "Len" would hold back the real frames behind it until enough
        // bytes arrive; if a complete, valid frame already follows, the head was garbage.
        const later = this.#completeFrameAfter(data, at + 1);
        if (later < 0) break; // wait for the rest
        this.#skippedBytes += later - at;
        at = later;
        continue;
      }
      const candidate = data.subarray(at, end);
      if (candidate[candidate.length - 1] !== a0Checksum(candidate, candidate.length - 1)) {
        this.#badChecksums += 1;
        this.#skippedBytes += 1;
        at += 1;
        continue;
      }
      frames.push(A0Frame.fromBuffer(Buffer.from(candidate)));
      at = end;
    }
    this.#buffer = at >= data.length ? Buffer.alloc(0) : Buffer.from(data.subarray(at));
    return frames;
  }

  #completeFrameAfter(data: Buffer, from: number): number {
    for (let head = data.indexOf(A0_HEAD, from); head >= 0; head = data.indexOf(A0_HEAD, head + 1)) {
      const len = data[head + 1];
      if (len === undefined || len < A0_MIN_LEN || head + 2 + len > data.length) continue;
      if (data[head + 1 + len] === a0Checksum(data.subarray(head, head + 1 + len))) return head;
    }
    return -1;
  }

  reset(): void {
    this.#buffer = Buffer.alloc(0);
  }
}
