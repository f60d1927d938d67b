/**
 * The cash drawer contract, for a drawer on GPIO or on the receipt printer's kick connector.
 *
 * Obligations:
 * - Every open names who and why; without both it is refused (`LOUPE_E_DRAWER_REASON_REQUIRED`)
 *   and nothing is pulsed. Who and why come back in every event, for the runtime's ledger.
 * - The solenoid pulse is clamped to 50–200 ms and always ends, even if the caller goes away;
 *   a second open within the minimum gap is refused (`LOUPE_E_DRAWER_TOO_SOON`): a coil held on
 *   or pulsed back to back burns (printer manuals: ≤ 510 ms on, ≤ 20 % duty).
 * - With a sensor, `open()` resolves only when the drawer is seen open, or fails with
 *   `LOUPE_E_DRAWER_DID_NOT_OPEN` (locked with its key, jammed, unplugged). Without one it resolves
 *   after the pulse with `confirmed: false`.
 * - The sensor is debounced; an opening nobody asked for (the key, the manual release) is still
 *   reported, with `expected: false`.
 * - A drawer left open longer than the alarm time raises `drawerLeftOpen` once per opening, and
 *   health carries `drawer-left-open` until it closes.
 */
import type { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../health.ts';

export interface DrawerRequest {
  /** The staff member opening the drawer. */
  who: { staffId: string; name: string };
  /** Why: "sale 0042-01-000017", "change for a customer", "cash count". */
  why: string;
}

export interface DrawerOpenResult {
  at: number;
  pulseMs: number;
  /** True when the sensor saw the drawer open. */
  confirmed: boolean;
}

export interface DrawerEvents {
  drawerKicked: [event: DrawerRequest & { pulseMs: number; at: number }];
  drawerOpened: [event: { at: number; expected: boolean; who: DrawerRequest['who'] | null; why: string | null }];
  drawerClosed: [event: { at: number; openForMs: number; who: DrawerRequest['who'] | null; why: string | null }];
  drawerLeftOpen: [event: { since: number; openForMs: number; who: DrawerRequest['who'] | null; why: string | null }];
  health: [health: DeviceHealth];
}

/** Every drawer driver is an `EventEmitter<DrawerEvents>`. */
export interface CashDrawer extends EventEmitter<DrawerEvents> {
  readonly health: DeviceHealth;
  /** Debounced sensor state; null when the drawer has no sensor. */
  readonly isOpen: boolean | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  open(request: DrawerRequest): Promise<DrawerOpenResult>;
}

export interface DrawerTiming {
  /** Solenoid pulse, clamped to 50–200 ms. */
  pulseMs: number;
  /** Least time between two pulses; never less than 4 × the pulse (20 % duty). */
  minGapMs: number;
  /** How long the sensor must hold a level before it counts. */
  debounceMs: number;
  /** How long after the pulse the drawer must be seen open. */
  confirmOpenMs: number;
  /** Open this long and the alarm goes off. */
  leftOpenAlarmMs: number;
}

export const DEFAULT_DRAWER_TIMING: DrawerTiming = {
  pulseMs: 100,
  minGapMs: 1000,
  debounceMs: 30,
  confirmOpenMs: 1500,
  leftOpenAlarmMs: 60_000,
};

export const PULSE_LIMITS_MS = { min: 50, max: 200 } as const;

export function clampPulse(ms: number): number {
  return Math.min(PULSE_LIMITS_MS.max, Math.max(PULSE_LIMITS_MS.min, Math.round(ms)));
}
