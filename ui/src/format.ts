/**
 * Amounts, weights and dates for people, with `Intl` in the store's locale and time zone. Money
 * stays integer minor units up to the formatter: the decimal string handed to Intl is built from
 * the integer, never through a float.
 */
import type { CashRate, StoreFace } from './data/system.ts';

let store: StoreFace = { id: '', name: '', locale: 'en-US', currency: 'USD', timeZone: 'UTC' };
const formatters = new Map<string, Intl.NumberFormat>();

export function setStoreFace(face: StoreFace): void {
  store = face;
  formatters.clear();
}

export const storeCurrency = () => store.currency;
export const storeLocale = () => store.locale;

function currencyFormat(currency: string): Intl.NumberFormat {
  let format = formatters.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(store.locale, { style: 'currency', currency });
    formatters.set(currency, format);
  }
  return format;
}

/** Digits after the decimal point in `currency` (2 for USD, 0 for JPY). */
export function exponentOf(currency: string): number {
  return currencyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as an exact decimal string: 1450000 USD → "14500.00". */
export function decimalOf(minor: number, currency: string): string {
  const exponent = exponentOf(currency);
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return minor < 0 ? `-${whole}` : whole;
}

export function money(minor: number, currency = store.currency): string {
  // Intl formats a decimal string exactly (no float on the way).
  return currencyFormat(currency).format(decimalOf(minor, currency) as unknown as number);
}

/** A keypad entry ("6000", "12.5") as an integer with `exponent` implied decimals, or null. */
function fixedPoint(entry: string, exponent: number): number | null {
  const match = /^(\d{0,9})(?:\.(\d*))?$/.exec(entry);
  if (!match || entry === '' || entry === '.' || (match[2]?.length ?? 0) > exponent) return null;
  return Number(match[1] || '0') * 10 ** exponent + Number((match[2] ?? '').padEnd(exponent, '0') || '0');
}

/** Keypad entry to minor units of `currency`. */
export const minorOf = (entry: string, currency = store.currency) => fixedPoint(entry, exponentOf(currency));
/** Keypad entry of a percentage ("12.5") to basis points (1250). */
export const bpsOf = (entry: string) => fixedPoint(entry, 2);

export function percent(bps: number): string {
  return new Intl.NumberFormat(store.locale, { style: 'percent', maximumFractionDigits: 3 }).format((bps / 10_000) as number);
}

export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(store.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: store.timeZone }).format(new Date(iso));
}

export function clock(date: Date): string {
  return new Intl.DateTimeFormat(store.locale, { hour: 'numeric', minute: '2-digit', timeZone: store.timeZone }).format(date);
}

/** Micrograms as grams (metal) or carats (stones). */
export function grams(micrograms: number): string {
  return `${new Intl.NumberFormat(store.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(micrograms / 1_000_000)} g`;
}
export function carats(micrograms: number): string {
  return `${new Intl.NumberFormat(store.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(micrograms / 200_000)} ct`;
}

/** A rate as recorded on a tender ("108320000/100000000" or "1.0832") for display. */
export function recordedRate(text: string, foreign: string): string {
  const [numerator, denominator = '1'] = text.split('/');
  return rate(Number(numerator), Number(denominator), foreign);
}

/** An exchange rate for display: "1 EUR = $1.0832". */
export function rate(numerator: number, denominator: number, foreign: string): string {
  const value = new Intl.NumberFormat(store.locale, { style: 'currency', currency: store.currency, maximumFractionDigits: 4 }).format(numerator / denominator);
  return `1 ${foreign} = ${value}`;
}

export function duration(seconds: number): string {
  const unit = seconds < 120 ? 'second' : seconds < 7200 ? 'minute' : 'hour';
  const value = unit === 'second' ? seconds : unit === 'minute' ? seconds / 60 : seconds / 3600;
  return new Intl.NumberFormat(store.locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 0 }).format(value);
}

/** Foreign cash in store minor units at HQ's rate, rounded half-up, exactly (BigInt), as the appliance converts it. */
export function worthInStore(minor: number, foreign: string, quote: Pick<CashRate, 'numerator' | 'denominator'>): number {
  const numerator = BigInt(minor) * BigInt(quote.numerator) * 10n ** BigInt(exponentOf(store.currency));
  const denominator = BigInt(quote.denominator) * 10n ** BigInt(exponentOf(foreign));
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}

/** The store's calendar day as YYYY-MM-DD at `now` (clienteling: milestones, today's appointments). */
export function storeDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: store.timeZone }).format(now);
}

/** A calendar day (YYYY-MM-DD) for people: "Dec 6, 2026"; `withYear` false leaves the year out. */
export function calendarDay(day: string, withYear = true): string {
  const options: Intl.DateTimeFormatOptions = withYear ? { dateStyle: 'medium', timeZone: 'UTC' } : { month: 'short', day: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(store.locale, options).format(new Date(`${day}T00:00:00Z`));
}

export function timeOfDay(iso: string): string {
  return clock(new Date(iso));
}

/** A count for people (loyalty points, visits): "1,240". */
export function wholeNumber(value: number): string {
  return new Intl.NumberFormat(store.locale, { maximumFractionDigits: 0 }).format(value);
}
