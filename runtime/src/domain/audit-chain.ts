/**
 * The audit chain: each entry's hash covers its content and the previous entry's hash, so an entry
 * that is edited, deleted or moved breaks the chain at that point.
 *
 * The hash covers the digests of the before/after snapshots, not the snapshots themselves. The
 * snapshots are kept beside the entry for people to read; erasing a client's personal data (a legal
 * duty) may blank them, and the chain still verifies because the digests stay.
 */
import { canonicalJson } from './canonical-json.ts';
import { sha256Hex } from './digest.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an entry that its hash covers. */
export interface AuditContent {
  at: string;
  deviceId: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  approverId: string | null;
  approverName: string | null;
  action: string;
  target: string;
  reason: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
}

export interface AuditRecord extends AuditContent {
  seq: number;
  prevHash: string;
  hash: string;
}

export function auditHash(content: AuditContent, prevHash: string): string {
  const { at, deviceId, actorId, actorName, actorRole, approverId, approverName, action, target, reason, beforeDigest, afterDigest } =
    content;
  return sha256Hex(
    canonicalJson({
      prevHash,
      at,
      deviceId,
      actorId,
      actorName,
      actorRole,
      approverId,
      approverName,
      action,
      target,
      reason,
      beforeDigest,
      afterDigest,
    }),
  );
}

export type ChainBreak =
  | { kind: 'edited'; seq: number }
  | { kind: 'deleted'; seq: number }
  | { kind: 'reordered'; seq: number };

export type ChainVerdict = { ok: true; entries: number; headHash: string } | { ok: false; entries: number; break: ChainBreak };

/** An entry as stored: its hashed content, and the snapshot texts whose digests the hash covers. */
export interface StoredAuditRecord extends AuditRecord {
  beforeJson: string | null;
  afterJson: string | null;
}

/**
 * Walks entries in `seq` order, once. `expectedLastSeq` is the ledger's own count of entries
 * written, which catches a deleted tail; `hashExists` tells a moved entry from a rewritten one.
 */
export function verifyChain(
  records: Iterable<StoredAuditRecord>,
  expectedLastSeq: number,
  hashExists: (hash: string) => boolean,
): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const record of records) {
    count += 1;
    const broken = (kind: ChainBreak['kind'], seq = record.seq): ChainVerdict => ({ ok: false, entries: count, break: { kind, seq } });
    if (auditHash(record, record.prevHash) !== record.hash) return broken('edited');
    if (!snapshotMatches(record.beforeJson, record.beforeDigest) || !snapshotMatches(record.afterJson, record.afterDigest)) {
      return broken('edited');
    }
    if (record.seq !== expectedSeq) return broken('deleted', expectedSeq);
    if (record.prevHash !== prevHash) {
      // Points at another entry of the chain: moved. Points at nothing: the entry before was
      // rewritten together with its hash.
      return hashExists(record.prevHash) ? broken('reordered') : broken('edited', record.seq - 1);
    }
    prevHash = record.hash;
    expectedSeq += 1;
  }
  if (expectedSeq - 1 < expectedLastSeq) return { ok: false, entries: count, break: { kind: 'deleted', seq: expectedSeq } };
  return { ok: true, entries: count, headHash: prevHash };
}

/** A kept snapshot must match its digest; a blanked one (erased personal data) is allowed. */
function snapshotMatches(json: string | null, digest: string | null): boolean {
  return json === null || sha256Hex(json) === digest;
}
