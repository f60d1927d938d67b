import { createHash } from 'node:crypto';
import { canonicalJson, type Json } from './canonical-json.ts';

/** SHA-256 of a text, lower-case hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Digest of a state snapshot: SHA-256 over its canonical JSON; `null` for "nothing" (before a create, after a delete). */
export function snapshotDigest(snapshot: Json | undefined): string | null {
  return snapshot === undefined || snapshot === null ? null : sha256Hex(canonicalJson(snapshot));
}
