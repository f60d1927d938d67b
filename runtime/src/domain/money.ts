/**
 * Money: integer minor units plus an ISO 4217 code. No float ever holds an amount; a fractional or
 * unsafe number passed as minor units is a programming error and throws a TypeError instead of
 * being rounded. Products that may pass 2^53 (amount × rate, amount × weight) are computed in
 * BigInt and brought back with `toMinor`, which throws a RangeError rather than lose a cent.
 *
 * Inside a one-currency document (a cart, a sale, a drawer) amounts are plain minor-unit numbers
 * and the document carries the currency; `Money` is for amounts whose currency varies (tenders).
 * Formatting is not here: the UI formats with Intl.NumberFormat from the exponent.
 */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

/** Minor-unit exponent per ISO 4217 code: 10^exponent minor units make one major unit. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = {
  AED: 2, AUD: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, CZK: 2, DKK: 2,
  EUR: 2, GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0,
  KRW: 0, KWD: 3, MXN: 2, MYR: 2, NOK: 2, NZD: 2, OMR: 3, PLN: 2, QAR: 2, RUB: 2,
  SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, USD: 2, VND: 0, ZAR: 2,
};

/** True when `code` is a currency Loupe knows the exponent of. */
export function isCurrency(code: string): boolean {
  return Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** Minor-unit exponent of `currency`; throws a RangeError for a code not in the table. */
export function exponentOf(currency: string): number {
  const exponent = CURRENCY_EXPONENTS[currency];
  if (exponent === undefined || !isCurrency(currency)) throw new RangeError(`unknown currency ${currency}`);
  return exponent;
}

/** Throws a TypeError unless `value` is a safe integer (a count of minor units, never a float). */
export function assertMinor(value: number, what = 'amount'): void {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${what} must be a safe integer of minor units, got ${value}`);
}

/** A checked Money: safe-integer minor units of a known currency. */
export function money(minor: number, currency: string): Money {
  assertMinor(minor);
  exponentOf(currency);
  return { minor, currency };
}

/** Brings a BigInt result back to a number; throws a RangeError beyond ±(2^53 − 1). */
export function toMinor(value: bigint, what = 'amount'): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`${what} ${value} is beyond the safe integer range`);
  }
  return Number(value);
}

/** Exact sum of minor-unit amounts; throws if any is not a safe integer or the sum overflows. */
export function sumMinor(values: readonly number[]): number {
  let total = 0n;
  for (const value of values) {
    assertMinor(value);
    total += BigInt(value);
  }
  return toMinor(total, 'sum');
}

/** numerator / denominator rounded to an integer, ties away from zero (commercial half-up). */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = (n * 2n + d) / (d * 2n);
  return negative ? -quotient : quotient;
}

/** `amount` × bps / 10,000, half-up: a percentage in basis points (1,000 bps = 10 %). */
export function ofBps(amount: number, bps: number): number {
  assertMinor(amount);
  assertMinor(bps, 'basis points');
  return toMinor(roundHalfUp(BigInt(amount) * BigInt(bps), 10_000n));
}

/**
 * The multiple of `increment` nearest to `minor`, ties towards +∞ (CHF 0.05 cash rounding:
 * increment 5; 12.325 cannot occur, 12.35 with increment 10 → 12.40).
 */
export function roundToIncrement(minor: number, increment: number): number {
  assertMinor(minor);
  assertMinor(increment, 'increment');
  if (increment < 1) throw new RangeError(`increment must be at least 1, got ${increment}`);
  const remainder = ((minor % increment) + increment) % increment;
  const down = minor - remainder;
  return remainder * 2 >= increment ? down + increment : down;
}

/**
 * Splits `total` into parts proportional to `weights` that sum to `total` exactly (largest
 * remainder). Each part is the exact share rounded down or up; the leftover units go to the largest
 * remainders, ties to the lower index. A zero weight gets zero. A negative total is split by its
 * magnitude and negated. All-zero weights split only a zero total.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinor(total, 'total');
  let weightSum = 0n;
  for (const weight of weights) {
    assertMinor(weight, 'weight');
    if (weight < 0) throw new RangeError(`weights must not be negative, got ${weight}`);
    weightSum += BigInt(weight);
  }
  if (weightSum === 0n) {
    if (total !== 0) throw new RangeError(`cannot allocate ${total} over zero weights`);
    return weights.map(() => 0);
  }
  const magnitude = BigInt(Math.abs(total));
  const floors = weights.map((weight) => (magnitude * BigInt(weight)) / weightSum);
  const remainders = weights.map((weight, index) => ({ index, rest: (magnitude * BigInt(weight)) % weightSum }));
  let leftover = magnitude - floors.reduce((sum, part) => sum + part, 0n);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (leftover === 0n) break;
    floors[index] = (floors[index] as bigint) + 1n;
    leftover -= 1n;
  }
  const sign = total < 0 ? -1 : 1;
  return floors.map((part) => sign * Number(part));
}

/** An exchange rate as an exact positive fraction: units of the quote currency per unit of the base. */
export interface ExactRate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** A rate as HQ sends it: an exact decimal string ("1.0842") or an integer ratio. */
export type RateQuote = string | { readonly numerator: number; readonly denominator: number };

/** The exact rate of a quote, or null when it is not a positive decimal or positive integer ratio. */
export function parseRate(quote: RateQuote): ExactRate | null {
  if (typeof quote === 'string') {
    const match = /^(\d{1,12})(?:\.(\d{1,12}))?$/.exec(quote);
    if (!match) return null;
    const fraction = match[2] ?? '';
    const numerator = BigInt(`${match[1]}${fraction}`);
    return numerator > 0n ? { numerator, denominator: 10n ** BigInt(fraction.length) } : null;
  }
  const { numerator, denominator } = quote;
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || numerator <= 0 || denominator <= 0) return null;
  return { numerator: BigInt(numerator), denominator: BigInt(denominator) };
}

/** The quote as recorded on a receipt and in the ledger: the decimal as given, or "n/d". */
export function rateText(quote: RateQuote): string {
  return typeof quote === 'string' ? quote : `${quote.numerator}/${quote.denominator}`;
}

/**
 * `amount` converted to minor units of `to` at `rate` (units of `to` per major unit of
 * amount.currency), rounded half-up to the minor unit of `to`. Exponents may differ (JPY → USD).
 */
export function convert(amount: Money, to: string, rate: ExactRate): number {
  assertMinor(amount.minor);
  const numerator = BigInt(amount.minor) * rate.numerator * 10n ** BigInt(exponentOf(to));
  const denominator = rate.denominator * 10n ** BigInt(exponentOf(amount.currency));
  return toMinor(roundHalfUp(numerator, denominator), 'converted amount');
}

/** Minor units as exact decimal text in the currency's unit: (157869, 'USD') → "1578.69", (-5, 'USD') → "-0.05". */
export function decimalText(minor: number, currency: string): string {
  assertMinor(minor, 'amount');
  const exponent = exponentOf(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return minor < 0 ? `-${text}` : text;
}
