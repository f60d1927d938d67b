/**
 * Device health, as the UI, `GET /healthz` and HQ see it.
 *
 * `state` is the link: `connected`, `reconnecting` (lost or not yet reached; Loupe keeps trying)
 * or `failed` (still unreachable after several attempts, or refused for good, e.g. permissions;
 * Loupe keeps trying slowly so a replugged device comes back by itself), or `unplugged` (USB
 * hotplug said it was pulled out; it comes back as soon as it is plugged in again). `conditions` are what the
 * device itself reports while connected (paper low, cover open, drawer left open…).
 */
import type { Clock } from './clock.ts';
import type { DeviceError, DeviceErrorCode } from './errors.ts';

export type LinkState = 'connected' | 'reconnecting' | 'unplugged' | 'failed';

export type DeviceCondition =
  | 'paper-near-end'
  | 'paper-out'
  | 'cover-open'
  | 'offline'
  | 'drawer-open'
  | 'drawer-left-open'
  | 'battery-low';

export interface DeviceHealth {
  /** The name the runtime gave the device, e.g. `receipt-printer`. */
  device: string;
  state: LinkState;
  /** When `state` last changed (ms since the epoch). */
  since: number;
  lastError: { code: DeviceErrorCode; message: string; at: number } | null;
  conditions: DeviceCondition[];
}

/** Keeps one device's health and calls `onChange` with a fresh copy whenever it changes. */
export class HealthTracker {
  #health: DeviceHealth;
  readonly #clock: Clock;
  readonly #onChange: (health: DeviceHealth) => void;

  constructor(device: string, clock: Clock, onChange: (health: DeviceHealth) => void) {
    this.#clock = clock;
    this.#onChange = onChange;
    this.#health = { device, state: 'reconnecting', since: clock.now(), lastError: null, conditions: [] };
  }

  get current(): DeviceHealth {
    return { ...this.#health, conditions: [...this.#health.conditions] };
  }

  setState(state: LinkState, error?: DeviceError): void {
    const changed = state !== this.#health.state || error !== undefined;
    if (!changed) return;
    const now = this.#clock.now();
    this.#health = {
      ...this.#health,
      since: state !== this.#health.state ? now : this.#health.since,
      state,
      lastError: error ? { code: error.code, message: error.message, at: now } : this.#health.lastError,
    };
    this.#onChange(this.current);
  }

  /** Records an error without changing the link state (a refused request, a bad frame). */
  recordError(error: DeviceError): void {
    this.#health = { ...this.#health, lastError: { code: error.code, message: error.message, at: this.#clock.now() } };
    this.#onChange(this.current);
  }

  setCondition(condition: DeviceCondition, present: boolean): void {
    const has = this.#health.conditions.includes(condition);
    if (has === present) return;
    const conditions = present ? [...this.#health.conditions, condition] : this.#health.conditions.filter((c) => c !== condition);
    this.#health = { ...this.#health, conditions: conditions.sort() };
    this.#onChange(this.current);
  }
}
