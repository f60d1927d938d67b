/**
 * Keeps the ledger's write-ahead log short without ever making a sale wait: a passive checkpoint
 * every `everyMs` when there is something to move. (SQLite's automatic checkpoint would run inside
 * whichever commit crossed 1,000 WAL pages; on a large ledger that is the slowest commit of all.)
 */
import type { Logger } from '../logger.ts';
import type { Ledger } from '../store/ledger.ts';

export class LedgerCheckpoints {
  readonly #ledger: Ledger;
  readonly #log: Logger;
  readonly #everyMs: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(ledger: Ledger, log: Logger, everyMs = 2_000) {
    this.#ledger = ledger;
    this.#log = log;
    this.#everyMs = everyMs;
  }

  async start(): Promise<void> {
    this.#timer = setInterval(() => {
      try {
        this.#ledger.checkpoint();
      } catch (error) {
        this.#log.warn({ err: error }, 'ledger checkpoint failed; will try again');
      }
    }, this.#everyMs);
    this.#timer.unref();
  }

  /**
   * One last checkpoint. On a full card it fails at once (SQLITE_FULL): that is logged and the
   * stop goes on, since every commit is already safe in the WAL and the next start reads it.
   */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    try {
      this.#ledger.checkpoint();
    } catch (error) {
      this.#log.error({ err: error }, 'final ledger checkpoint failed; the commits stay in the WAL for the next start');
    }
  }
}
