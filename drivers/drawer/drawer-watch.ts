/**
 * What both drawer drivers share: who asked for the last opening, the pulse guard (clamp and
 * minimum gap), the debounced sensor, the "did it open" wait and the left-open alarm. Raw sensor
 * samples go in, drawer events come out; time is the injected clock.
 */
import type { EventEmitter } from 'node:events';
import type { Clock, TimerHandle } from '../clock.ts';
import { DeviceError } from '../errors.ts';
import type { HealthTracker } from '../health.ts';
import { clampPulse, type DrawerEvents, type DrawerRequest, type DrawerTiming } from './interface.ts';

export class DrawerWatch {
  readonly #clock: Clock;
  readonly #timing: DrawerTiming;
  readonly #emitter: EventEmitter<DrawerEvents>;
  readonly #health: HealthTracker;
  #lastKickEnd = Number.NEGATIVE_INFINITY;
  #request: DrawerRequest | null = null;
  #open: boolean | null = null;
  #openedAt = 0;
  #pending: { level: boolean; timer: TimerHandle } | null = null;
  #alarm: TimerHandle | null = null;
  #waiters: ((opened: boolean) => void)[] = [];

  constructor(clock: Clock, timing: DrawerTiming, emitter: EventEmitter<DrawerEvents>, health: HealthTracker) {
    this.#clock = clock;
    this.#timing = timing;
    this.#emitter = emitter;
    this.#health = health;
  }

  get isOpen(): boolean | null {
    return this.#open;
  }

  /** Checks the request and the gap; returns the clamped pulse. Throws before anything is pulsed. */
  admit(request: DrawerRequest): number {
    if (!request?.who?.staffId?.trim() || !request.who.name?.trim() || !request.why?.trim()) {
      throw new DeviceError('LOUPE_E_DRAWER_REASON_REQUIRED');
    }
    const pulseMs = clampPulse(this.#timing.pulseMs);
    const gap = Math.max(this.#timing.minGapMs, 4 * pulseMs);
    const waited = this.#clock.now() - this.#lastKickEnd;
    if (waited < gap) throw new DeviceError('LOUPE_E_DRAWER_TOO_SOON', { reason: `${gap - waited} ms to wait` });
    this.#lastKickEnd = this.#clock.now() + pulseMs; // reserved now, so a second tap during the pulse is refused too
    return pulseMs;
  }

  /** Records that a pulse went out for `request` (it ended at `endedAt`). */
  kicked(request: DrawerRequest, pulseMs: number, endedAt: number): void {
    this.#lastKickEnd = endedAt;
    this.#request = request;
    this.#emitter.emit('drawerKicked', { ...request, pulseMs, at: endedAt });
  }

  /** Resolves true once the sensor says open, false after `confirmOpenMs`. */
  waitForOpen(): Promise<boolean> {
    if (this.#open) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = this.#clock.setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolve(false);
      }, this.#timing.confirmOpenMs);
      const waiter = (opened: boolean): void => {
        this.#clock.clearTimeout(timer);
        resolve(opened);
      };
      this.#waiters.push(waiter);
    });
  }

  /** The first reading of the sensor, taken at start: no event, no debounce. */
  initial(open: boolean): void {
    if (this.#pending) this.#clock.clearTimeout(this.#pending.timer);
    this.#pending = null;
    this.#open = open;
    this.#openedAt = this.#clock.now();
    this.#health.setCondition('drawer-open', open);
    if (open) this.#armAlarm();
  }

  /** A raw sensor edge (bounces included). */
  sample(open: boolean): void {
    if (this.#open === null) return this.initial(open);
    if (this.#pending) this.#clock.clearTimeout(this.#pending.timer);
    this.#pending = null;
    if (open === this.#open) return;
    const timer = this.#clock.setTimeout(() => {
      this.#pending = null;
      this.#settle(open);
    }, this.#timing.debounceMs);
    this.#pending = { level: open, timer };
  }

  stop(): void {
    if (this.#pending) this.#clock.clearTimeout(this.#pending.timer);
    if (this.#alarm) this.#clock.clearTimeout(this.#alarm);
    this.#pending = null;
    this.#alarm = null;
    for (const waiter of this.#waiters.splice(0)) waiter(false);
  }

  #settle(open: boolean): void {
    const now = this.#clock.now();
    this.#open = open;
    this.#health.setCondition('drawer-open', open);
    const who = this.#request?.who ?? null;
    const why = this.#request?.why ?? null;
    if (open) {
      // An opening counts as asked for when it follows a kick within the confirmation window.
      const expected = this.#request !== null && now - this.#lastKickEnd <= this.#timing.confirmOpenMs + this.#timing.debounceMs;
      this.#openedAt = now;
      if (!expected) this.#request = null;
      this.#emitter.emit('drawerOpened', { at: now, expected, who: expected ? who : null, why: expected ? why : null });
      for (const waiter of this.#waiters.splice(0)) waiter(true);
      this.#armAlarm();
    } else {
      if (this.#alarm) this.#clock.clearTimeout(this.#alarm);
      this.#alarm = null;
      this.#health.setCondition('drawer-left-open', false);
      this.#emitter.emit('drawerClosed', { at: now, openForMs: now - this.#openedAt, who, why });
      this.#request = null;
    }
  }

  #armAlarm(): void {
    if (this.#alarm) this.#clock.clearTimeout(this.#alarm);
    const since = this.#openedAt;
    const request = this.#request;
    this.#alarm = this.#clock.setTimeout(() => {
      this.#alarm = null;
      this.#health.setCondition('drawer-left-open', true);
      this.#emitter.emit('drawerLeftOpen', { since, openForMs: this.#clock.now() - since, who: request?.who ?? null, why: request?.why ?? null });
    }, this.#timing.leftOpenAlarmMs);
  }
}
