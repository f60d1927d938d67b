/**
 * A sweep: a clerk walks the cases with a handheld and every tag is read many times. The sweep
 * keeps one entry per EPC (first and last seen, read count, strongest signal), so the runtime
 * reconciles a few hundred pieces, not a hundred thousand raw reads.
 */
import type { TagRead } from './interface.ts';

export interface SweptTag {
  epc: string;
  reads: number;
  firstSeen: number;
  lastSeen: number;
  /** Strongest RSSI seen (dBm), null when the reader never reported one. */
  bestRssi: number | null;
}

export class Sweep {
  readonly startedAt: number;
  readonly #tags = new Map<string, SweptTag>();
  #reads = 0;

  constructor(startedAt: number) {
    this.startedAt = startedAt;
  }

  /** Raw reads taken in, duplicates included. */
  get reads(): number {
    return this.#reads;
  }

  /** Distinct tags seen. */
  get size(): number {
    return this.#tags.size;
  }

  add(read: TagRead): void {
    this.#reads += 1;
    const tag = this.#tags.get(read.epc);
    if (!tag) {
      this.#tags.set(read.epc, { epc: read.epc, reads: 1, firstSeen: read.at, lastSeen: read.at, bestRssi: read.rssi });
      return;
    }
    tag.reads += 1;
    tag.lastSeen = read.at;
    if (read.rssi !== null && (tag.bestRssi === null || read.rssi > tag.bestRssi)) tag.bestRssi = read.rssi;
  }

  has(epc: string): boolean {
    return this.#tags.has(epc);
  }

  /** The distinct tags, in the order they were first seen. */
  tags(): SweptTag[] {
    return [...this.#tags.values()].map((tag) => ({ ...tag }));
  }
}
