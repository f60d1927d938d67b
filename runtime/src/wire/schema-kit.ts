/**
 * Small TypeBox helpers shared by every wire contract (API bodies, settings, MQTT payloads).
 * Every number a caller sends has bounds: money, quantities and paging each have one type here, so
 * `1e20`, `9007199254740993` or `1e309` (Infinity) is refused at the edge, never met by the arithmetic.
 */
import { Type, type TUnsafe } from 'typebox';

/** A string from a fixed list, as a plain JSON-Schema `enum` so validation errors can list the allowed values. */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** Money as integer minor units (cents, pence, yen), as the appliance reports it. */
export const MinorUnits = Type.Integer({ description: 'Amount in integer minor units of the currency (cents)' });

/**
 * The most any money field takes: 10^12 minor units (ten billion dollars, a billion dinars). Far
 * above any piece, sale or drawer, far below 2^53, so sums of many of them stay exact.
 */
export const MAX_MINOR = 1_000_000_000_000;

/** Money a caller sends: integer minor units, 0 to MAX_MINOR unless narrowed (`{ minimum: 1 }` for a payment). */
export function Money(options: { minimum?: number; maximum?: number; description?: string; default?: number } = {}) {
  return Type.Integer({ minimum: 0, maximum: MAX_MINOR, description: 'Amount in integer minor units of the currency (cents)', ...options });
}

/** A count of units or items a caller sends, 0 (or `minimum`) to `maximum`. */
export function Quantity(maximum: number, options: { minimum?: number; description?: string; default?: number } = {}) {
  return Type.Integer({ minimum: 0, maximum, ...options });
}

/** Paging: how many rows per page (1 to `maximum`), and how many to skip. */
export function PageLimit(maximum: number, fallback: number) {
  return Type.Integer({ minimum: 1, maximum, default: fallback });
}
export const PageOffset = Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Rows to skip' });
/** Paging by position in a ledger sequence (audit entries): the last seq already seen. */
export const SeqCursor = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, default: 0 });

/** A non-empty, trimmed line of text a person typed. */
export function Text(maxLength: number, options: Record<string, unknown> = {}) {
  return Type.String({ minLength: 1, maxLength, pattern: '^\\S(.*\\S)?$', ...options });
}
