/**
 * The scale contract. Jewelry is priced by weight, so the rules of legal-for-trade weighing
 * (reference/device-protocols.md §2.7) are obligations of the driver, not of its callers:
 *
 * - A price weight comes only from a reading the scale itself marked stable (A&D `ST`,
 *   MT-SICS `S S`). An unstable reading is shown on screen, never priced.
 * - After a price weight is taken the pan must return to zero (a stable reading within the zero
 *   band) before the next one; the first weighing after start needs a zero too.
 * - Overload, underload, motion, an empty pan, a wrong unit and a silent scale are distinct errors
 *   (`LOUPE_E_SCALE_OVERLOAD`, `…_UNDERLOAD`, `…_UNSTABLE`, `…_EMPTY`, `…_UNIT`,
 *   `LOUPE_E_DEVICE_TIMEOUT`); none of them is ever turned into 0.
 * - Zero and tare are refused by the scale while the pan moves; the refusal is reported
 *   (`LOUPE_E_SCALE_REFUSED`), never retried silently.
 * - A request pending when the scale drops is rejected at once with `LOUPE_E_DEVICE_DISCONNECTED`.
 */
import type { DeviceHealth } from '../health.ts';
import type { MassUnit } from './units.ts';

export type ScaleStatus = 'stable' | 'unstable' | 'overload' | 'underload';

export interface ScaleReading {
  status: ScaleStatus;
  /** Net weight in integer micrograms; null when the scale gave no number (overload, non-mass unit). */
  micrograms: bigint | null;
  /** The number exactly as the scale printed it, e.g. "+0002.515". */
  value: string;
  /** The scale's unit, or null when it is not a mass (PC, %). */
  unit: MassUnit | null;
  /** The unit text as printed, e.g. "ct". */
  unitSymbol: string;
  at: number;
}

/** A weight fit for pricing. Only `WeighingPolicy.takePriceWeight` makes these. */
export interface PriceWeight {
  readonly micrograms: bigint;
  readonly value: string;
  readonly unit: MassUnit;
  readonly at: number;
  /** The reading it came from was stable; kept in the record of the sale line. */
  readonly stable: true;
}

export interface ScaleEvents {
  /** Every reading that differs from the previous one (for the live display). */
  weightChanged: [reading: ScaleReading];
  /** A stable reading within the zero band after a load: the next weighing may start. */
  returnedToZero: [reading: ScaleReading];
  health: [health: DeviceHealth];
}

/** Every scale driver is an `EventEmitter<ScaleEvents>`. */
export interface Scale {
  readonly health: DeviceHealth;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The current reading, stable or not (display only). */
  read(): Promise<ScaleReading>;
  /** Waits up to `timeoutMs` for a stable reading and returns it as a price weight, or a coded error. */
  weighForPrice(options?: { timeoutMs?: number }): Promise<PriceWeight>;
  zero(): Promise<void>;
  tare(): Promise<void>;
}
