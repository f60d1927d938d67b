/**
 * The running appliance's side of an update: it follows the `release` desired document HQ sent
 * (recorded in the ledger by the desired-documents mechanism), installs a release newer than its
 * own at a quiet moment, then asks to be restarted so the supervisor starts it on probation.
 *
 * A release the supervisor rolled back or abandoned is not tried again; HQ offers a newer one.
 * One install at a time; a bundle refused as bad is logged with its code and not tried again
 * until HQ sends a newer one; a cut download or a full disk is tried again at the next check.
 */
import { isLoupeError } from '../../../runtime/src/errors.ts';
import type { ReleaseBody } from '../../../runtime/src/wire/hq-desired-documents.ts';
import type { Logger } from '../../../runtime/src/logger.ts';
import type { Ledger } from '../../../runtime/src/store/ledger.ts';
import { appliedBody } from '../../../runtime/src/store/link-state.ts';
import { installRelease, type InstallContext } from './install.ts';
import { readState } from './state.ts';

const RETRIED = new Set(['LOUPE_E_UPDATE_DOWNLOAD_FAILED', 'LOUPE_E_UPDATE_TRUNCATED', 'LOUPE_E_UPDATE_NO_SPACE']);

export interface UpdaterContext extends Omit<InstallContext, 'ready'> {
  ledger: Ledger;
  logger: Logger;
  /** True when no cart is open and the drawer is closed. */
  quiet: () => boolean;
  /** Called once the new release is switched in; the appliance then exits with RESTART_EXIT_CODE. */
  restart: () => void;
  pollMs?: number;
}

export class ReleaseUpdater {
  readonly #ctx: UpdaterContext;
  #busy = false;
  #now = false;
  #refused = new Set<string>();
  #timer: NodeJS.Timeout | undefined;

  constructor(ctx: UpdaterContext) {
    this.#ctx = ctx;
  }

  start(): void {
    this.#timer = setInterval(() => void this.check(), this.#ctx.pollMs ?? 15_000);
    this.#timer.unref();
    void this.check();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** A manager's "now": install at once, even with a cart open. */
  installNow(): void {
    this.#now = true;
  }

  /** The offer to install, if any: newer than this release, not rolled back, not refused before. */
  offer(): ReleaseBody | null {
    const text = appliedBody(this.#ctx.ledger.db, 'release');
    if (text === undefined) return null;
    const body = JSON.parse(text) as ReleaseBody;
    const last = readState(this.#ctx.dataDir).last;
    if (body.release <= this.#ctx.installed.release) return null;
    if (last && last.version === body.version && last.outcome !== 'committed') return null;
    return this.#refused.has(`${body.version}:${body.release}`) ? null : body;
  }

  async check(): Promise<void> {
    const body = this.offer();
    if (!body || this.#busy) return;
    this.#busy = true;
    try {
      await installRelease({ ...this.#ctx, ready: () => this.#quietMoment() }, { version: body.version, url: body.url, size: body.size });
      this.#ctx.logger.info({ version: body.version, release: body.release }, 'release switched in; restarting into it');
      this.#ctx.restart();
    } catch (error) {
      // A cut download resumes and space can be freed: those are tried again; a bad bundle is not.
      if (!(isLoupeError(error) && RETRIED.has(error.code))) this.#refused.add(`${body.version}:${body.release}`);
      this.#ctx.logger.error({ version: body.version, code: isLoupeError(error) ? error.code : undefined, err: error }, 'release not installed');
    } finally {
      this.#busy = false;
    }
  }

  async #quietMoment(): Promise<void> {
    while (!this.#now && !this.#ctx.quiet()) await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
