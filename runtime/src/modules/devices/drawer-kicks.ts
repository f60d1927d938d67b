/**
 * Runs the drawer jobs (store/drawer-jobs.ts) on the cash drawer, one at a time, in the order
 * they were queued. A kick the drawer refuses (too soon after the last one, locked with its key,
 * unplugged) is queued again and retried a little later, up to `MAX_ATTEMPTS`; a job is recorded
 * `opened` when the drawer opened. A job that waited longer than `MAX_AGE_MS` (the appliance was
 * off, the drawer stayed unplugged) is given up: a drawer must not spring open long after the sale
 * it was for.
 */
import type { CashDrawer } from '../../../../drivers/index.ts';
import type { Logger } from '../../logger.ts';
import { claimDrawerJob, failInterruptedDrawerJobs, queuedDrawerJobs, settleDrawerJob, type DrawerJobRow } from '../../store/drawer-jobs.ts';
import type { Ledger } from '../../store/ledger.ts';

/** Longer than the drawer's least gap between two pulses (`DEFAULT_DRAWER_TIMING.minGapMs`, 1 s). */
export const RETRY_AFTER_MS = 2_000;
export const MAX_ATTEMPTS = 3;
export const MAX_AGE_MS = 120_000;

export interface DrawerKicksContext {
  ledger: Ledger;
  drawer: CashDrawer;
  log: Logger;
  now: () => Date;
}

export class DrawerKicks {
  readonly #ctx: DrawerKicksContext;
  #running: Promise<void> = Promise.resolve();
  #retry: NodeJS.Timeout | undefined;
  /** Jobs the drawer just refused, left alone until the retry timer fires (a commit meanwhile does not retry them early). */
  readonly #resting = new Set<string>();
  #stopped = false;

  constructor(ctx: DrawerKicksContext) {
    this.#ctx = ctx;
  }

  start(): void {
    const interrupted = failInterruptedDrawerJobs(this.#ctx.ledger.db, this.#ctx.now().toISOString());
    if (interrupted > 0) this.#ctx.log.warn({ interrupted }, 'drawer kicks under way at the last stop are not repeated');
    void this.run();
  }

  /** Kicks the drawer for every queued job; called after each commit, since any command may have queued one. */
  run(): Promise<void> {
    this.#running = this.#running.then(() => this.#kickQueued()).catch((error: unknown) => this.#ctx.log.error({ err: error }, 'the drawer jobs could not be run'));
    return this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    await this.#running;
  }

  async #kickQueued(): Promise<void> {
    for (const job of queuedDrawerJobs(this.#ctx.ledger.db)) {
      if (this.#stopped) return;
      await this.#kick(job);
    }
  }

  async #kick(job: DrawerJobRow): Promise<void> {
    const { ledger, drawer, log, now } = this.#ctx;
    if (now().getTime() - Date.parse(job.createdAt) > MAX_AGE_MS) {
      settleDrawerJob(ledger.db, job.id, 'failed', now().toISOString(), 'too old to open the drawer for');
      log.warn({ job: job.id, why: job.why }, 'a drawer kick waited too long and was given up');
      return;
    }
    if (this.#resting.has(job.id)) return;
    if (!claimDrawerJob(ledger.db, job.id, now().toISOString())) return;
    try {
      await drawer.open({ who: { staffId: job.staffId, name: job.staffName }, why: job.why });
      settleDrawerJob(ledger.db, job.id, 'opened', now().toISOString());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const again = job.attempts + 1 < MAX_ATTEMPTS;
      settleDrawerJob(ledger.db, job.id, again ? 'queued' : 'failed', now().toISOString(), message);
      log.warn({ err: error, job: job.id, why: job.why, attempt: job.attempts + 1 }, again ? 'the drawer did not open; trying again' : 'the drawer did not open');
      if (again) this.#retryLater(job.id);
    }
  }

  #retryLater(id: string): void {
    this.#resting.add(id);
    if (this.#stopped || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      this.#resting.clear();
      void this.run();
    }, RETRY_AFTER_MS);
    this.#retry.unref();
  }
}
