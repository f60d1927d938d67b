/**
 * A clock tests move by hand: `advance(ms)` runs every timer that falls due, in order, so a
 * 10-minute "drawer left open" alarm is tested in microseconds.
 */
import type { Clock, TimerHandle } from '../../../drivers/clock.ts';

interface Scheduled {
  at: number;
  seq: number;
  callback: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new Map<object, Scheduled>();

  constructor(start = Date.UTC(2026, 0, 15, 10, 0, 0)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const handle = {};
    this.#timers.set(handle, { at: this.#now + Math.max(0, ms), seq: (this.#seq += 1), callback });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle);
  }

  /** Timers still waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward, firing due timers one by one (a timer may schedule another). */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: [object, Scheduled] | null = null;
      for (const entry of this.#timers) {
        if (entry[1].at <= end && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq))) next = entry;
      }
      if (!next) break;
      this.#timers.delete(next[0]);
      this.#now = next[1].at;
      next[1].callback();
    }
    this.#now = end;
  }

  /** Advances, letting promise callbacks run between timers (for async code driven by timers). */
  async advanceAsync(ms: number, step = 1): Promise<void> {
    for (let moved = 0; moved < ms; moved += step) {
      this.advance(Math.min(step, ms - moved));
      await flush();
    }
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
