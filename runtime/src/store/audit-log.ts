/** The audit_log table: append one hash-chained entry per command; read the chain back for checking. */
import { auditHash, GENESIS_HASH, verifyChain, type AuditContent, type AuditRecord, type ChainVerdict, type StoredAuditRecord } from '../domain/audit-chain.ts';
import { canonicalJson, wellFormed, type Json } from '../domain/canonical-json.ts';
import { snapshotDigest } from '../domain/digest.ts';
import type { CommandMeta, Db } from './db.ts';

interface NewEntry {
  at: string;
  deviceId: string;
  meta: CommandMeta;
  before: Json | undefined;
  after: Json | undefined;
}

/** Appends an entry; runs inside the command's transaction. Returns the entry's seq. */
export function appendAuditEntry(db: Db, entry: NewEntry): number {
  const seq = nextCounter(db, 'audit.seq');
  const previous = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_log WHERE seq = ?').get(seq - 1);
  const prevHash = previous?.hash ?? GENESIS_HASH;
  const { actor, action, target, reason } = entry.meta;
  const content = storedText({
    at: entry.at,
    deviceId: entry.deviceId,
    actorId: actor.staff?.staffId ?? null,
    actorName: actor.staff?.name ?? null,
    actorRole: actor.staff?.role ?? null,
    approverId: actor.approver?.staffId ?? null,
    approverName: actor.approver?.name ?? null,
    action,
    target,
    reason: reason ?? null,
    beforeDigest: snapshotDigest(entry.before),
    afterDigest: snapshotDigest(entry.after),
  });
  db.prepare(
    `INSERT INTO audit_log (seq, at, device_id, actor_id, actor_name, actor_role, approver_id, approver_name, action, target,
       reason, before_digest, after_digest, before_json, after_json, prev_hash, hash)
     VALUES (@seq, @at, @deviceId, @actorId, @actorName, @actorRole, @approverId, @approverName, @action, @target,
       @reason, @beforeDigest, @afterDigest, @beforeJson, @afterJson, @prevHash, @hash)`,
  ).run({
    ...content,
    seq,
    beforeJson: entry.before === undefined ? null : canonicalJson(entry.before),
    afterJson: entry.after === undefined ? null : canonicalJson(entry.after),
    prevHash,
    hash: auditHash(content, prevHash),
  });
  return seq;
}

/**
 * The entry's texts as the UTF-8 column will give them back (see wellFormed), so the hash is taken
 * over the very text that is stored, whichever way a text reached the command.
 */
function storedText(content: AuditContent): AuditContent {
  const texts = Object.entries(content).map(([field, value]) => [field, typeof value === 'string' ? wellFormed(value) : value]);
  return Object.fromEntries(texts) as AuditContent;
}

/** Increments a named counter and returns its new value; gapless because it rolls back with the transaction. */
export function nextCounter(db: Db, name: string): number {
  const row = db.prepare<[string], { value: number }>('UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value').get(name);
  if (!row) throw new Error(`ledger counter ${name} is missing`);
  return row.value;
}

export function counterValue(db: Db, name: string): number {
  return db.prepare<[string], { value: number }>('SELECT value FROM counters WHERE name = ?').get(name)?.value ?? 0;
}

interface AuditRow {
  seq: number;
  at: string;
  device_id: string;
  actor_id: string | null;
  actor_name: string | null;
  actor_role: string | null;
  approver_id: string | null;
  approver_name: string | null;
  action: string;
  target: string;
  reason: string | null;
  before_digest: string | null;
  after_digest: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditEntry extends AuditRecord {
  before: unknown;
  after: unknown;
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    deviceId: row.device_id,
    actorId: row.actor_id,
    actorName: row.actor_name,
    actorRole: row.actor_role,
    approverId: row.approver_id,
    approverName: row.approver_name,
    action: row.action,
    target: row.target,
    reason: row.reason,
    beforeDigest: row.before_digest,
    afterDigest: row.after_digest,
    before: row.before_json === null ? null : JSON.parse(row.before_json),
    after: row.after_json === null ? null : JSON.parse(row.after_json),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Checks the whole chain in one streamed pass; see verifyChain for what it reports. */
export function verifyAuditLog(db: Db): ChainVerdict {
  const hashLookup = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM audit_log WHERE hash = ? LIMIT 1');
  const page = db.prepare<[number], AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT 1000');
  // Paged rather than iterated: better-sqlite3 allows no other query while an iterator is open.
  function* records(): Generator<StoredAuditRecord> {
    let after = Number.MIN_SAFE_INTEGER;
    for (let rows = page.all(after); rows.length > 0; rows = page.all(after)) {
      for (const row of rows) yield { ...toEntry(row), beforeJson: row.before_json, afterJson: row.after_json };
      after = (rows[rows.length - 1] as AuditRow).seq;
    }
  }
  return verifyChain(records(), counterValue(db, 'audit.seq'), (hash) => hashLookup.get(hash) !== undefined);
}

export function listAuditEntries(db: Db, query: { afterSeq: number; limit: number; target?: string }): AuditEntry[] {
  const rows = query.target
    ? db
        .prepare<[string, number, number], AuditRow>('SELECT * FROM audit_log WHERE target = ? AND seq > ? ORDER BY seq LIMIT ?')
        .all(query.target, query.afterSeq, query.limit)
    : db.prepare<[number, number], AuditRow>('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(query.afterSeq, query.limit);
  return rows.map(toEntry);
}
