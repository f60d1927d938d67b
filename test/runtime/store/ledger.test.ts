import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SYSTEM_ACTOR } from '../../../runtime/src/domain/actor.ts';
import { createUlidFactory } from '../../../runtime/src/domain/ulid.ts';
import { verifyAuditLog } from '../../../runtime/src/store/audit-log.ts';
import { appliedMigrations, Ledger } from '../../../runtime/src/store/ledger.ts';
import type { StoredEventDraft } from '../../../runtime/src/store/outbox.ts';
import { MIGRATIONS } from '../../../runtime/src/store/migrations.ts';
import type { Envelope } from '../../../runtime/src/store/outbox.ts';
import { TestClock } from '../../helpers/clock.ts';
import { count, ledgerFingerprint } from '../../helpers/ledger.ts';

interface Ctx {
  dir: string;
  open: (migrations?: typeof MIGRATIONS) => Ledger<StoredEventDraft>;
}

const ledger = suite<Ctx>('Ledger');

ledger.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-ledger-'));
  const clock = new TestClock();
  let n = 0;
  const newId = createUlidFactory({ now: () => clock.now().getTime(), randomBytes: (size) => new Uint8Array(size).fill(++n % 256) });
  ctx.open = (migrations = MIGRATIONS) =>
    Ledger.open<StoredEventDraft>(
      {
        path: join(ctx.dir, 'ledger.sqlite'),
        identity: { deviceId: 'pos-test01', storeId: '0042', bootId: 'boot-1', clockSynced: () => false },
        now: clock.now,
        newId,
      },
      migrations,
    );
});
ledger.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

const addStyle = (db: Ledger<StoredEventDraft>, name: string) =>
  db.write({ action: 'style.added', actor: SYSTEM_ACTOR, target: `style:${name}` }, (sql) => {
    sql.prepare("INSERT INTO styles (id, name, category) VALUES (?, ?, 'ring')").run(name, name);
    return { result: name, after: { name }, events: [{ stream: 'stock', type: 'style.added', schemaVersion: 1, businessKey: `style:${name}`, payload: { name } }] };
  });

ledger('should apply every migration in order on a new file', ({ open }) => {
  const db = open();
  assert.equal(appliedMigrations(db.db), MIGRATIONS.map((m) => m.id));
  assert.is(db.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.is(db.db.pragma('synchronous', { simple: true }), 2); // 2 = FULL
  db.close();
});

ledger('should migrate an older ledger and keep its rows :: 1–2 → all', ({ open }) => {
  const old = open(MIGRATIONS.slice(0, 2));
  addStyle(old, 'aurora');
  old.close();
  const current = open();
  assert.equal(appliedMigrations(current.db), MIGRATIONS.map((m) => m.id));
  assert.is(count(current.db, 'styles'), 1);
  assert.is(count(current.db, 'sales'), 0);
  current.close();
});

ledger('should rebuild the pieces table keeping its rows, their references and foreign keys :: 1–8 → 9', ({ open }) => {
  const old = open(MIGRATIONS.filter((m) => m.id <= 8));
  old.db.exec(`
    INSERT INTO staff (id, code, name, role, pin_hash, active, created_at, updated_at) VALUES ('s1', '100', 'Claire', 'manager', 'x', 1, 't', 't');
    INSERT INTO pieces (id, stock_no, description, category, metal, fineness, cost_minor, retail_minor, currency, location, ownership, status, created_at, updated_at)
      VALUES ('p1', 'R-1', 'Solitaire', 'ring', 'platinum', 950, 1, 2, 'USD', 'store', 'owned', 'sold', 't', 't');
    INSERT INTO piece_stones (piece_id, position, type, weight_ug) VALUES ('p1', 0, 'diamond', 200000);
    INSERT INTO sales (id, receipt_no, completed_at, staff_id, currency, subtotal_minor, tax_minor, total_minor) VALUES ('x1', '0042-01-000001', 't', 's1', 'USD', 2, 0, 2);
    INSERT INTO sale_lines (sale_id, line_no, piece_id, description, unit_minor, tax_minor) VALUES ('x1', 1, 'p1', 'Solitaire', 2, 0);
  `);
  old.close();
  const current = open();
  assert.equal(current.db.prepare('SELECT stock_no, status FROM pieces').all(), [{ stock_no: 'R-1', status: 'sold' }]);
  assert.is(count(current.db, 'piece_stones'), 1);
  assert.is(current.db.pragma('foreign_keys', { simple: true }), 1);
  assert.throws(() => current.db.prepare("INSERT INTO sale_lines (sale_id, line_no, piece_id, description, unit_minor, tax_minor) VALUES ('x1', 2, 'nope', 'x', 1, 0)").run(), /FOREIGN KEY/);
  current.db.prepare("UPDATE pieces SET status = 'memo_out' WHERE id = 'p1'").run();
  assert.throws(() => current.db.prepare("UPDATE pieces SET status = 'lost' WHERE id = 'p1'").run(), /CHECK/);
  current.close();
});

ledger('should refuse a ledger written by a newer release :: migration 99', ({ open }) => {
  const db = open([...MIGRATIONS, { id: 99, name: 'future', sql: 'CREATE TABLE future (x INTEGER) STRICT;' }]);
  db.close();
  try {
    open();
    assert.unreachable('opened');
  } catch (error) {
    assert.is((error as { code: string }).code, 'LOUPE_E_LEDGER_TOO_NEW');
  }
});

ledger('should count a session per open :: 3 opens', ({ open }) => {
  open().close();
  open().close();
  const third = open();
  assert.is(third.session, 3);
  third.close();
});

ledger('should write state, audit entry and outbox event in one commit', ({ open }) => {
  const db = open();
  const committed = addStyle(db, 'aurora');
  assert.is(committed.auditSeq, 1);
  assert.equal(committed.eventSeqs, [1]);
  const row = db.db.prepare('SELECT body, stream, state FROM outbox WHERE seq = 1').get() as { body: string; stream: string; state: string };
  const envelope = JSON.parse(row.body) as Envelope;
  assert.equal(
    { v: envelope.v, type: envelope.type, deviceId: envelope.deviceId, storeId: envelope.storeId, seq: envelope.seq, session: envelope.session },
    { v: 1, type: 'style.added', deviceId: 'pos-test01', storeId: '0042', seq: 1, session: 1 },
  );
  assert.is(envelope.eventId.length, 26);
  assert.is(envelope.businessKey, 'style:aurora');
  assert.is(envelope.clockSynced, false);
  assert.is(envelope.bootId, 'boot-1');
  assert.is(row.state, 'pending');
  assert.ok(verifyAuditLog(db.db).ok);
  db.close();
});

ledger('should leave no trace of a command that throws :: insert then throw', ({ open }) => {
  const db = open();
  addStyle(db, 'first');
  const before = ledgerFingerprint(db.db);
  assert.throws(() =>
    db.write({ action: 'style.added', actor: SYSTEM_ACTOR, target: 'style:x' }, (sql) => {
      sql.prepare("INSERT INTO styles (id, name, category) VALUES ('x', 'x', 'ring')").run();
      throw new Error('the domain said no');
    }),
  );
  assert.is(ledgerFingerprint(db.db), before);
  db.close();
});

ledger('should refuse a state change without an HQ event', ({ open }) => {
  const db = open();
  const before = ledgerFingerprint(db.db);
  assert.throws(
    () =>
      db.write({ action: 'style.added', actor: SYSTEM_ACTOR, target: 'style:x' }, (sql) => {
        sql.prepare("INSERT INTO styles (id, name, category) VALUES ('x', 'x', 'ring')").run();
        return { result: null, events: [] };
      }),
    /without an HQ event/,
  );
  assert.is(ledgerFingerprint(db.db), before);
  db.close();
});

ledger('should keep outbox seq and audit seq gapless across a failed command :: 1, 2', ({ open }) => {
  const db = open();
  addStyle(db, 'a');
  assert.throws(() => addStyle(db, 'a')); // duplicate primary key
  addStyle(db, 'b');
  const seqs = db.db.prepare('SELECT seq FROM outbox ORDER BY seq').all().map((r) => (r as { seq: number }).seq);
  assert.equal(seqs, [1, 2]);
  assert.equal(verifyAuditLog(db.db), { ok: true, entries: 2, headHash: (db.db.prepare('SELECT hash FROM audit_log WHERE seq = 2').get() as { hash: string }).hash });
  db.close();
});

ledger.run();
