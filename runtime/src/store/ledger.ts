/**
 * The ledger: one SQLite file (WAL, synchronous=FULL) and the one write path into it.
 *
 * `write()` runs a command's state changes, its audit entry and its outbox events in ONE
 * transaction (BEGIN IMMEDIATE). When it returns, all three are on disk together; when it throws,
 * none of them is. Nothing else in the runtime writes to the ledger.
 */
import Database from 'better-sqlite3';
import { LoupeError } from '../errors.ts';
import type { Json } from '../domain/canonical-json.ts';
import { appendAuditEntry } from './audit-log.ts';
import type { CommandMeta, Db } from './db.ts';
import { appendEvent, type EventDraft, type EnvelopeIdentity, type StoredEventDraft } from './outbox.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

/** What a command's body returns from inside the transaction: its events checked against the event catalog. */
export interface Change<T, Draft extends StoredEventDraft = EventDraft> {
  result: T;
  before?: Json;
  after?: Json;
  events: Draft[];
}

export interface Committed<T> {
  result: T;
  auditSeq: number;
  eventSeqs: number[];
}

/** What the ledger says once a transaction is on disk: the command, its audit entry, its events as written with their seq. */
export interface CommitNotice<Draft extends StoredEventDraft> {
  action: string;
  target: string;
  auditSeq: number;
  events: (Draft & { seq: number })[];
}

export interface LedgerContext<Draft extends StoredEventDraft> {
  path: string;
  identity: Omit<EnvelopeIdentity, 'session'>;
  now: () => Date;
  newId: () => string;
  /**
   * Told after each commit, never inside the transaction (the composition root turns it into facts
   * on the bus). A method, so a ledger widened to write events outside the catalog (the ledger's
   * own tests, the benchmarks' stub history) is still the appliance's ledger.
   */
  onCommitted?(commit: CommitNotice<Draft>): void;
}

/** `Draft`: the events its commands may write; the catalog's (`EventDraft`) unless a ledger test writes its own. */
export class Ledger<Draft extends StoredEventDraft = EventDraft> {
  readonly db: Db;
  /**
   * A second connection to the same file for the outbox's delivery bookkeeping (sent, published,
   * acked), with synchronous=NORMAL: it does not wait for the disk. That is safe because the
   * bookkeeping is recoverable — on start everything HQ has not acked is sent again and HQ
   * dedupes — and it keeps two or three fsyncs per batch off the event loop while a backlog drains.
   * Business state, audit entries, outbox rows and print jobs are written on `db` only.
   */
  readonly delivery: Db;
  readonly session: number;
  readonly #ctx: LedgerContext<Draft>;

  private constructor(db: Db, delivery: Db, ctx: LedgerContext<Draft>, session: number) {
    this.db = db;
    this.delivery = delivery;
    this.#ctx = ctx;
    this.session = session;
  }

  /** Opens (creating if needed) and migrates the ledger, and counts this process start as a new session. */
  static open<Draft extends StoredEventDraft = EventDraft>(ctx: LedgerContext<Draft>, migrations: readonly Migration[] = MIGRATIONS): Ledger<Draft> {
    const db = openDatabase(ctx.path);
    try {
      migrate(db, migrations, ctx.now);
      const session = db
        .prepare<[], { value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'session' RETURNING value")
        .get()?.value;
      const delivery = openDatabase(ctx.path, 'NORMAL');
      return new Ledger<Draft>(db, delivery, ctx, session ?? 1);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** The one write path. `body` runs inside the transaction and must not do I/O of its own. */
  write<T>(meta: CommandMeta, body: (db: Db) => Change<T, Draft>): Committed<T> {
    const at = this.#ctx.now();
    const run = this.db.transaction((): { committed: Committed<T>; events: CommitNotice<Draft>['events'] } => {
      const change = body(this.db);
      if (change.events.length === 0) throw new Error(`command ${meta.action} changed state without an HQ event`);
      const auditSeq = appendAuditEntry(this.db, {
        at: at.toISOString(),
        deviceId: this.#ctx.identity.deviceId,
        meta,
        before: change.before,
        after: change.after,
      });
      const identity = { ...this.#ctx.identity, session: this.session };
      const events = change.events.map((draft) => ({ ...draft, seq: appendEvent(this.db, identity, draft, at, this.#ctx.newId()) }));
      return { committed: { result: change.result, auditSeq, eventSeqs: events.map((event) => event.seq) }, events };
    });
    const { committed, events } = run.immediate();
    this.#ctx.onCommitted?.({ action: meta.action, target: meta.target, auditSeq: committed.auditSeq, events });
    return committed;
  }

  /**
   * Moves committed pages from the WAL into the database file. Automatic checkpoints are off, so
   * none lands inside a sale's commit; the appliance calls this from an idle timer instead
   * (`LedgerCheckpoints`). PASSIVE: never waits for readers (a running backup, the CLI).
   */
  checkpoint(): { walPages: number; moved: number } {
    const [row] = this.db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return { walPages: row?.log ?? 0, moved: row?.checkpointed ?? 0 };
  }

  close(): void {
    if (this.delivery.open) this.delivery.close();
    if (this.db.open) this.db.close();
  }
}

function openDatabase(path: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on the card before the caller hears of it, power cut or not.
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  // Checkpoints run from a timer, not at the end of whichever commit crosses 1,000 WAL pages.
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('busy_timeout = 5000');
  return db;
}

export function appliedMigrations(db: Db): number[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!exists) return [];
  return db
    .prepare<[], { id: number }>('SELECT id FROM schema_migrations ORDER BY id')
    .all()
    .map((row) => row.id);
}

function migrate(db: Db, migrations: readonly Migration[], now: () => Date): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT');
  const applied = new Set(appliedMigrations(db));
  const known = new Set(migrations.map((migration) => migration.id));
  const unknown = [...applied].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new LoupeError('LOUPE_E_LEDGER_TOO_NEW', { migrations: unknown });
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) throw new Error(`migration ${migration.id} left rows referring to nothing`);
        db.prepare('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)').run(
          migration.id,
          migration.name,
          now().toISOString(),
        );
      }).immediate();
    } finally {
      if (migration.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
}
