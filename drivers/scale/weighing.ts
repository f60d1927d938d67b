/**
 * The weighing rules, as a small state machine with no I/O: it sees every reading and decides
 * whether one may become a price weight (obligations in `./interface.ts`). Kept apart from the
 * serial code so every rule is a plain test.
 */
import { DeviceError, type DeviceErrorCode } from '../errors.ts';
import type { PriceWeight, ScaleReading } from './interface.ts';
import type { MassUnit } from './units.ts';

export interface WeighingRules {
  /** A stable reading at or below this (absolute) counts as "back to zero". */
  zeroBandMicrograms: bigint;
  /** The smallest load that is a weighing rather than dust on the pan. */
  minimumMicrograms: bigint;
  /** Units a price may be taken in; others fail with `LOUPE_E_SCALE_UNIT`. */
  allowedUnits: readonly MassUnit[];
}

export const DEFAULT_WEIGHING_RULES: WeighingRules = {
  zeroBandMicrograms: 1_000n, // 1 mg, one division of a 0.001 g balance
  minimumMicrograms: 2_000n,
  allowedUnits: ['g', 'mg', 'ct', 'gr', 'dwt', 'ozt'],
};

export type Verdict = { ok: true; weight: PriceWeight } | { ok: false; error: DeviceError };

export class WeighingPolicy {
  readonly #rules: WeighingRules;
  /** True once the pan was seen at zero since the last price weight (and since start). */
  #zeroed = false;

  constructor(rules: Partial<WeighingRules> = {}) {
    this.#rules = { ...DEFAULT_WEIGHING_RULES, ...rules };
  }

  get zeroed(): boolean {
    return this.#zeroed;
  }

  /** Takes in a reading; true when it is the return to zero that re-arms weighing. */
  observe(reading: ScaleReading): boolean {
    if (this.#zeroed || !this.#isZero(reading)) return false;
    this.#zeroed = true;
    return true;
  }

  /** Decides on one reading; on success weighing is disarmed until the pan returns to zero. */
  judge(reading: ScaleReading): Verdict {
    this.observe(reading);
    const refuse = (code: DeviceErrorCode, reason: string): Verdict => ({ ok: false, error: new DeviceError(code, { reason, value: reading.value, unit: reading.unitSymbol }) });
    if (reading.status === 'overload') return refuse('LOUPE_E_SCALE_OVERLOAD', 'the scale reports overload');
    if (reading.status === 'underload') return refuse('LOUPE_E_SCALE_UNDERLOAD', 'the scale reports underload');
    if (reading.status !== 'stable') return refuse('LOUPE_E_SCALE_UNSTABLE', 'the reading is in motion');
    if (reading.unit === null || reading.micrograms === null || !this.#rules.allowedUnits.includes(reading.unit)) {
      return refuse('LOUPE_E_SCALE_UNIT', `unit "${reading.unitSymbol}" is not allowed for pricing`);
    }
    if (reading.micrograms < 0n && !this.#isZero(reading)) return refuse('LOUPE_E_SCALE_UNDERLOAD', 'the net weight is below zero');
    if (reading.micrograms < this.#rules.minimumMicrograms) return refuse('LOUPE_E_SCALE_EMPTY', 'nothing on the pan');
    if (!this.#zeroed) return refuse('LOUPE_E_SCALE_NOT_ZEROED', 'the pan has not returned to zero since the last weighing');
    this.#zeroed = false;
    return { ok: true, weight: Object.freeze({ micrograms: reading.micrograms, value: reading.value, unit: reading.unit, at: reading.at, stable: true }) };
  }

  #isZero(reading: ScaleReading): boolean {
    if (reading.status !== 'stable' || reading.micrograms === null) return false;
    const magnitude = reading.micrograms < 0n ? -reading.micrograms : reading.micrograms;
    return magnitude <= this.#rules.zeroBandMicrograms;
  }
}
