/**
 * SQL of the HQ link's own bookkeeping: the outbox's delivery states, the connection counter,
 * applied desired-document versions and the command inbox.
 *
 * Outbox states: `pending` (to send) → `inflight` (published, no PUBACK yet) → `published` (the
 * broker has it; proves nothing) → `acked` (HQ committed it: the only retirement). Every transition
 * is guarded by the state it expects, so a late PUBACK never undoes an HQ ack. These updates are
 * delivery bookkeeping, not business state: they do not go through `Ledger.write()`.
 */
import type { Db } from './db.ts';
import { nextCounter } from './audit-log.ts';

export interface OutboxRow {
  seq: number;
  stream: string;
  body: string;
}

export interface LinkOutboxStats {
  depth: number;
  oldestAt: string | null;
  lastSeq: number;
  /** Highest seq such that it and every seq before it are acked. */
  ackedUpTo: number;
  inflight: number;
  published: number;
}

const UNACKED = "('pending', 'inflight', 'published')";

/** After a process start nothing is in flight: everything not acked is to be sent again. */
export function resetUnacked(db: Db): number {
  return db.prepare("UPDATE outbox SET state = 'pending' WHERE state IN ('inflight', 'published')").run().changes;
}

/** The stream of the lowest pending seq: the one that holds HQ back most. */
export function firstPendingStream(db: Db): string | undefined {
  return db.prepare<[], { stream: string }>("SELECT stream FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT 1").get()?.stream;
}

export function pendingEvents(db: Db, stream: string, limit: number): OutboxRow[] {
  return db
    .prepare<[string, number], OutboxRow>("SELECT seq, stream, body FROM outbox WHERE stream = ? AND state = 'pending' ORDER BY seq LIMIT ?")
    .all(stream, limit);
}

export function markInflight(db: Db, seqs: readonly number[], at: string): void {
  db.prepare(
    "UPDATE outbox SET state = 'inflight', attempts = attempts + 1, last_sent_at = ? WHERE state = 'pending' AND seq IN (SELECT value FROM json_each(?))",
  ).run(at, JSON.stringify(seqs));
}

export function markPublished(db: Db, seqs: readonly number[]): void {
  db.prepare("UPDATE outbox SET state = 'published' WHERE state = 'inflight' AND seq IN (SELECT value FROM json_each(?))").run(JSON.stringify(seqs));
}

/** Back to pending (connection lost, PUBACK refused, HQ ack overdue); acked rows stay acked. */
export function markPending(db: Db, seqs: readonly number[]): void {
  db.prepare("UPDATE outbox SET state = 'pending' WHERE state IN ('inflight', 'published') AND seq IN (SELECT value FROM json_each(?))").run(
    JSON.stringify(seqs),
  );
}

/** HQ's cumulative ack: everything up to `upTo` is committed at HQ. */
export function markAckedUpTo(db: Db, upTo: number): number {
  return db.prepare(`UPDATE outbox SET state = 'acked' WHERE seq <= ? AND state IN ${UNACKED}`).run(upTo).changes;
}

/** HQ asks for everything from `fromSeq` again (it lost data, or found a gap): even acked rows. */
export function rewindFrom(db: Db, fromSeq: number): number {
  return db.prepare("UPDATE outbox SET state = 'pending' WHERE seq >= ? AND state <> 'pending'").run(fromSeq).changes;
}

export function lastOutboxSeq(db: Db): number {
  return db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'outbox.seq'").get()?.value ?? 0;
}

export function linkOutboxStats(db: Db): LinkOutboxStats {
  const row = db
    .prepare<[], { depth: number; oldest: string | null; first: number | null; inflight: number; published: number }>(
      `SELECT COUNT(*) AS depth, MIN(created_at) AS oldest, MIN(seq) AS first,
              SUM(state = 'inflight') AS inflight, SUM(state = 'published') AS published
         FROM outbox WHERE state IN ${UNACKED}`,
    )
    .get();
  const lastSeq = lastOutboxSeq(db);
  const first = row?.first ?? null;
  return {
    depth: row?.depth ?? 0,
    oldestAt: row?.oldest ?? null,
    lastSeq,
    ackedUpTo: first === null ? lastSeq : first - 1,
    inflight: row?.inflight ?? 0,
    published: row?.published ?? 0,
  };
}

/** Counts a new MQTT connection attempt (the `session` of the status birth and will). */
export function nextLinkSession(db: Db): number {
  return db.transaction(() => nextCounter(db, 'link.session')).immediate();
}

// --- desired documents

export interface AppliedDocument {
  doc: string;
  version: number;
  issuedAt: string;
  appliedAt: string;
  digest: string;
}

export function appliedDocuments(db: Db): AppliedDocument[] {
  return db
    .prepare<[], { doc: string; version: number; issued_at: string; applied_at: string; digest: string }>(
      'SELECT doc, version, issued_at, applied_at, digest FROM link_documents ORDER BY doc',
    )
    .all()
    .map((row) => ({ doc: row.doc, version: row.version, issuedAt: row.issued_at, appliedAt: row.applied_at, digest: row.digest }));
}

export function appliedVersion(db: Db, doc: string): number {
  return db.prepare<[string], { version: number }>('SELECT version FROM link_documents WHERE doc = ?').get(doc)?.version ?? 0;
}

export function appliedBody(db: Db, doc: string): string | undefined {
  return db.prepare<[string], { body: string }>('SELECT body FROM link_documents WHERE doc = ?').get(doc)?.body;
}

export function recordAppliedDocument(db: Db, applied: AppliedDocument & { body: string }): void {
  db.prepare(
    `INSERT INTO link_documents (doc, version, issued_at, applied_at, digest, body) VALUES (@doc, @version, @issuedAt, @appliedAt, @digest, @body)
     ON CONFLICT (doc) DO UPDATE SET version = excluded.version, issued_at = excluded.issued_at, applied_at = excluded.applied_at,
       digest = excluded.digest, body = excluded.body`,
  ).run(applied);
}

// --- command inbox

export type CommandStatus = 'running' | 'done' | 'rejected' | 'failed';

export interface InboxCommand {
  cmdId: string;
  name: string;
  receivedAt: string;
  status: CommandStatus;
  reply: string | null;
}

export function findCommand(db: Db, cmdId: string): InboxCommand | undefined {
  const row = db
    .prepare<[string], { cmd_id: string; name: string; received_at: string; status: CommandStatus; reply: string | null }>(
      'SELECT * FROM link_commands WHERE cmd_id = ?',
    )
    .get(cmdId);
  return row && { cmdId: row.cmd_id, name: row.name, receivedAt: row.received_at, status: row.status, reply: row.reply };
}

export function insertCommand(db: Db, command: { cmdId: string; name: string; receivedAt: string }): void {
  db.prepare("INSERT INTO link_commands (cmd_id, name, received_at, status) VALUES (?, ?, ?, 'running')").run(
    command.cmdId,
    command.name,
    command.receivedAt,
  );
}

export function finishCommand(db: Db, cmdId: string, status: Exclude<CommandStatus, 'running'>, reply: string): void {
  db.prepare('UPDATE link_commands SET status = ?, reply = ? WHERE cmd_id = ?').run(status, reply, cmdId);
}
