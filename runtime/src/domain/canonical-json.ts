/**
 * Canonical JSON: object keys sorted by code point, no white space, `undefined` members left out.
 * The audit chain hashes this encoding, so it must never change for data already written.
 * Only integers are allowed as numbers: money and weights are integer minor units and micrograms,
 * and a float's text form is not stable enough to hash.
 *
 * Text is hashed as it is stored: a lone UTF-16 surrogate has no UTF-8 form, so SQLite would keep
 * bytes that read back as other characters. Every text is made well-formed first (each lone
 * surrogate becomes U+FFFD, as TextEncoder does), so the hash covers exactly what reads back.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json | undefined };

/** A UTF-16 code unit of a surrogate pair that has no partner (with the `u` flag, pairs match as one code point). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/** Whether `text` is whole Unicode characters: it has a UTF-8 form. */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** `text` with each lone surrogate replaced by U+FFFD; what a UTF-8 store keeps and gives back. */
export function wellFormed(text: string): string {
  return isWellFormed(text) ? text : text.replace(LONE_SURROGATES, '\uFFFD');
}

export function canonicalJson(value: Json | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonical JSON allows only safe integers, got ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return JSON.stringify(wellFormed(value));
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const members = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .map((key) => [wellFormed(key), value[key]] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${members.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}
