/** Small TypeBox helpers shared by every wire contract (API bodies, settings, MQTT payloads). */
import { Type, type TUnsafe } from 'typebox';

/** A string from a fixed list, as a plain JSON-Schema `enum` so validation errors can list the allowed values. */
export function StringEnum<const T extends readonly string[]>(values: T, options: Record<string, unknown> = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** Money as integer minor units (cents, pence, yen). */
export const MinorUnits = Type.Integer({ description: 'Amount in integer minor units of the currency (cents)' });

/** A non-empty, trimmed line of text a person typed. */
export function Text(maxLength: number, options: Record<string, unknown> = {}) {
  return Type.String({ minLength: 1, maxLength, pattern: '^\\S(.*\\S)?$', ...options });
}

