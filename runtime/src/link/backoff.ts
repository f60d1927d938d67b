/**
 * Reconnect delays: exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): attempt n waits a uniformly random time in [0, min(max, initial·2^n)).
 * mqtt.js only offers a fixed `reconnectPeriod` (mqttjs/MQTT.js#561), which makes a whole fleet
 * reconnect in lock-step after an HQ outage. Randomness is passed in.
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export class Backoff {
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  #attempt = 0;

  constructor(policy: BackoffPolicy, random: () => number) {
    this.#policy = policy;
    this.#random = random;
  }

  /** The ceiling the next delay is drawn under. */
  ceiling(): number {
    const { initialMs, maxMs } = this.#policy;
    return Math.min(maxMs, initialMs * 2 ** Math.min(this.#attempt, 30));
  }

  /** Draws the next delay and counts the attempt. */
  next(): number {
    const delay = Math.floor(this.#random() * this.ceiling());
    this.#attempt += 1;
    return delay;
  }

  reset(): void {
    this.#attempt = 0;
  }

  get attempts(): number {
    return this.#attempt;
  }
}
