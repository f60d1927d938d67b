/**
 * The one-time code that creates a till's first manager at the counter (no default PIN): HQ makes
 * it at enrollment and gives it to a person; the till receives only its scrypt hash, and checks
 * the typed code against it. Shared by HQ (hq/src/api/) and the till (runtime/src/api/).
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { FirstManagerCodeHash } from './api.ts';

export const FIRST_MANAGER_SCRYPT = { N: 16384, r: 8, p: 1 } as const;

export type { FirstManagerCodeHash };

/** Case, spaces and dashes do not count: `k7qm2 xpd4r` is `K7QM2-XPD4R`. */
function normalized(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function hashFirstManagerCode(code: string, salt = randomBytes(16).toString('hex')): FirstManagerCodeHash {
  return { salt, hash: scryptSync(normalized(code), salt, 32, FIRST_MANAGER_SCRYPT).toString('hex') };
}

export function firstManagerCodeMatches(code: string, expected: FirstManagerCodeHash): boolean {
  const actual = Buffer.from(hashFirstManagerCode(code, expected.salt).hash, 'hex');
  const wanted = Buffer.from(expected.hash, 'hex');
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}
