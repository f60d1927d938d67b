/**
 * Mass units, converted exactly into integer micrograms (reference/device-protocols.md §2.6).
 *
 * Every factor is an exact rational in µg: 1 ct = 200 000 µg, 1 gr = 6 479 891/100 µg (64.79891 mg
 * by definition), 1 dwt = 24 gr, 1 ozt = 480 gr. A reading's decimal string is taken as an exact
 * integer with a scale, multiplied out in BigInt, and rounded once, at the very end, to the nearest
 * microgram (half to even) — only grains, pennyweights, troy ounces and tola can land between two
 * micrograms, and then by less than 0.5 µg. No float ever touches a weight.
 */
import { DeviceError } from '../errors.ts';

export type MassUnit = 'mg' | 'g' | 'kg' | 'ct' | 'gr' | 'dwt' | 'ozt' | 'oz' | 'lb' | 'mom' | 'tola';

/** Micrograms per unit as [numerator, denominator]. */
export const MICROGRAMS_PER_UNIT: Readonly<Record<MassUnit, readonly [bigint, bigint]>> = {
  mg: [1_000n, 1n],
  g: [1_000_000n, 1n],
  kg: [1_000_000_000n, 1n],
  ct: [200_000n, 1n], // metric carat, 0.2 g
  gr: [6_479_891n, 100n], // grain, 64.79891 mg
  dwt: [155_517_384n, 100n], // pennyweight, 24 gr
  ozt: [3_110_347_680n, 100n], // troy ounce, 480 gr
  oz: [28_349_523_125n, 1_000n], // avoirdupois ounce, 437.5 gr
  lb: [453_592_370n, 1n], // pound, 7000 gr
  mom: [3_750_000n, 1n], // momme, 3.75 g
  tola: [116_638_038n, 10n], // tola, 180 gr
};

/** Unit symbols as scales print them (A&D pads to 3 characters; MT-SICS writes them plainly). */
const SYMBOLS: Readonly<Record<string, MassUnit>> = {
  mg: 'mg',
  g: 'g',
  kg: 'kg',
  ct: 'ct',
  gn: 'gr', // A&D prints grains as "GN"
  gr: 'gr',
  dwt: 'dwt',
  ozt: 'ozt',
  oz: 'oz',
  lb: 'lb',
  mom: 'mom',
  t: 'tola', // A&D prints tola as "t"
  tola: 'tola',
};

/** The unit for a symbol the scale printed, or null for a non-mass unit (PC, %) or unknown text. */
export function unitFromSymbol(symbol: string): MassUnit | null {
  return SYMBOLS[symbol.trim().toLowerCase()] ?? null;
}

export interface ExactDecimal {
  negative: boolean;
  /** All digits as one integer. */
  digits: bigint;
  /** Digits after the decimal point. */
  scale: number;
}

/** Parses "+00123.45", "-0001.234", " 100.00" exactly; throws on anything else. */
export function parseDecimal(text: string): ExactDecimal {
  const match = /^\s*([+-]?)\s*(\d*)(?:\.(\d*))?\s*$/.exec(text);
  const whole = match?.[2] ?? '';
  const fraction = match?.[3] ?? '';
  if (!match || whole.length + fraction.length === 0) throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: `not a weight: "${text}"` });
  return { negative: match[1] === '-', digits: BigInt(whole + fraction || '0'), scale: fraction.length };
}

/** Divides, rounding half to even. `denominator` must be positive. */
function divideHalfEven(numerator: bigint, denominator: bigint): { quotient: bigint; exact: boolean } {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const remainder = n % denominator;
  const twice = remainder * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return { quotient: negative ? -quotient : quotient, exact: remainder === 0n };
}

/** A decimal reading in `unit` → integer micrograms, and whether no rounding was needed. */
export function toMicrograms(value: string, unit: MassUnit): { micrograms: bigint; exact: boolean } {
  const decimal = parseDecimal(value);
  const [perUnit, per] = MICROGRAMS_PER_UNIT[unit];
  const signed = decimal.negative ? -decimal.digits : decimal.digits;
  const { quotient, exact } = divideHalfEven(signed * perUnit, per * 10n ** BigInt(decimal.scale));
  return { micrograms: quotient, exact };
}

/** Micrograms → a decimal string in `unit` with `decimals` places (half to even), for displays and simulators. */
export function fromMicrograms(micrograms: bigint, unit: MassUnit, decimals: number): string {
  const [perUnit, per] = MICROGRAMS_PER_UNIT[unit];
  const { quotient } = divideHalfEven(micrograms * per * 10n ** BigInt(decimals), perUnit);
  const negative = quotient < 0n;
  const digits = (negative ? -quotient : quotient).toString().padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}
