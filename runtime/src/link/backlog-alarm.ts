/**
 * The outbox backlog alarm: raised when more events than `alarm.outboxDepth` wait for HQ, or the
 * oldest has waited longer than `alarm.outboxAgeSeconds`; cleared when both are back under. Each
 * change is logged with LOUPE_E_LINK_OUTBOX_BACKLOG and recorded in the ledger (audit entry +
 * `audit` event, so HQ learns how long the store was cut off). The store keeps selling throughout.
 */
import { LoupeError } from '../errors.ts';
import { SYSTEM_ACTOR } from '../domain/actor.ts';
import type { Logger } from '../logger.ts';
import type { Ledger } from '../store/ledger.ts';
import { linkOutboxStats } from '../store/link-state.ts';
import type { HqLinkSettings } from './settings.ts';
import type { LinkAlarm } from '../wire/live.ts';

export interface BacklogAlarmContext {
  ledger: Ledger;
  logger: Logger;
  limits: HqLinkSettings['alarm'];
  now: () => Date;
  monotonicMs: () => number;
  onChange: (alarm: LinkAlarm | null) => void;
}

const CHECK_EVERY_MS = 5000;
const AT_MOST_EVERY_MS = 1000;

export class BacklogAlarm {
  readonly #ctx: BacklogAlarmContext;
  #alarm: LinkAlarm | null = null;
  #timer: NodeJS.Timeout | undefined;
  #soon: NodeJS.Timeout | undefined;
  #checkedAt = Number.NEGATIVE_INFINITY;

  constructor(ctx: BacklogAlarmContext) {
    this.#ctx = ctx;
  }

  get current(): LinkAlarm | null {
    return this.#alarm;
  }

  start(): void {
    this.#timer = setInterval(() => this.check(), CHECK_EVERY_MS);
    this.check();
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#soon);
    this.#timer = undefined;
    this.#soon = undefined;
  }

  /** After an ack: clears a raised alarm promptly, counting the outbox at most once a second. */
  checkSoon(): void {
    if (!this.#alarm || this.#soon || !this.#timer) return;
    const wait = Math.max(0, AT_MOST_EVERY_MS - (this.#ctx.monotonicMs() - this.#checkedAt));
    this.#soon = setTimeout(() => {
      this.#soon = undefined;
      this.check();
    }, wait);
  }

  check(): void {
    this.#checkedAt = this.#ctx.monotonicMs();
    const { outboxDepth, outboxAgeSeconds } = this.#ctx.limits;
    const stats = linkOutboxStats(this.#ctx.ledger.db);
    const ageSeconds = ageOf(stats.oldestAt, this.#ctx.now());
    const over = stats.depth > outboxDepth || ageSeconds > outboxAgeSeconds;
    if (over && !this.#alarm) {
      this.#alarm = { code: 'LOUPE_E_LINK_OUTBOX_BACKLOG', since: this.#ctx.now().toISOString(), depth: stats.depth, ageSeconds };
      this.#ctx.logger.error({ code: this.#alarm.code, depth: stats.depth, ageSeconds }, new LoupeError('LOUPE_E_LINK_OUTBOX_BACKLOG').message);
      this.#record('hq.linkAlarmRaised', { depth: stats.depth, ageSeconds });
    } else if (!over && this.#alarm) {
      this.#ctx.logger.info({ depth: stats.depth, ageSeconds }, 'HQ link: the outbox backlog has cleared');
      this.#alarm = null;
      this.#record('hq.linkAlarmCleared', { depth: stats.depth, ageSeconds });
    } else {
      if (this.#alarm) this.#alarm = { ...this.#alarm, depth: stats.depth, ageSeconds };
      return;
    }
    this.#ctx.onChange(this.#alarm);
  }

  #record(action: 'hq.linkAlarmRaised' | 'hq.linkAlarmCleared', figures: { depth: number; ageSeconds: number }): void {
    const type = action === 'hq.linkAlarmRaised' ? 'hq.link_alarm_raised' : 'hq.link_alarm_cleared';
    try {
      this.#ctx.ledger.write({ action, actor: SYSTEM_ACTOR, target: 'hq-link:outbox' }, () => ({
        result: undefined,
        after: { code: 'LOUPE_E_LINK_OUTBOX_BACKLOG', ...figures },
        events: [{ stream: 'audit', type, schemaVersion: 1, payload: { code: 'LOUPE_E_LINK_OUTBOX_BACKLOG', ...figures } }],
      }));
    } catch (error) {
      this.#ctx.logger.error({ err: error }, 'HQ link: the alarm could not be recorded');
    }
  }
}

/** Whole seconds from `oldestAt` to `now`; 0 for an empty outbox. */
export function ageOf(oldestAt: string | null, now: Date): number {
  if (!oldestAt) return 0;
  return Math.max(0, Math.floor((now.getTime() - Date.parse(oldestAt)) / 1000));
}
