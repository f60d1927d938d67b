/** A clock tests move by hand: the appliance reads `now`, the test calls `advance`. */
export class TestClock {
  #ms: number;

  constructor(start = '2026-11-24T10:00:00.000Z') {
    this.#ms = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.#ms);

  advance(ms: number): void {
    this.#ms += ms;
  }
}
