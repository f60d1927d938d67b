import { writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SYSTEM_ACTOR } from '../../../runtime/src/domain/actor.ts';
import { createUlidFactory } from '../../../runtime/src/domain/ulid.ts';
import { backupDatabase, checkBackup, restoreBackup } from '../../../runtime/src/store/backup.ts';
import { Ledger } from '../../../runtime/src/store/ledger.ts';
import type { StoredEventDraft } from '../../../runtime/src/store/outbox.ts';
import { count } from '../../helpers/ledger.ts';

const backup = suite<{ dir: string; ledger: Ledger<StoredEventDraft> }>('ledger backup');

backup.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-backup-'));
  ctx.ledger = Ledger.open<StoredEventDraft>({
    path: join(ctx.dir, 'ledger.sqlite'),
    identity: { deviceId: 'pos-test01', storeId: '0042', bootId: 'b', clockSynced: () => true },
    now: () => new Date('2026-11-24T10:00:00Z'),
    newId: createUlidFactory({ now: () => 1, randomBytes: (n) => new Uint8Array(n) }),
  });
});
backup.after.each((ctx) => {
  ctx.ledger.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

function addStyles(ledger: Ledger<StoredEventDraft>, names: string[]): void {
  for (const name of names) {
    ledger.write({ action: 'style.added', actor: SYSTEM_ACTOR, target: `style:${name}` }, (db) => {
      db.prepare("INSERT INTO styles (id, name, category) VALUES (?, ?, 'ring')").run(name, name);
      return { result: null, events: [{ stream: 'stock', type: 'style.added', schemaVersion: 1, payload: { name } }] };
    });
  }
}

backup('should restore exactly what was backed up :: 3 styles, then 2 more dropped', async ({ dir, ledger }) => {
  addStyles(ledger, ['a', 'b', 'c']);
  const file = join(dir, 'copy.sqlite');
  await backupDatabase(ledger.db, file);
  addStyles(ledger, ['d', 'e']);
  ledger.close();
  const { replaced } = restoreBackup(file, join(dir, 'ledger.sqlite'), new Date('2026-11-24T11:00:00Z'));
  const restored = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  assert.is(count(restored, 'styles'), 3);
  assert.is(count(restored, 'outbox'), 3);
  restored.close();
  const old = new Database(replaced as string, { readonly: true });
  assert.is(count(old, 'styles'), 5);
  old.close();
});

backup('should refuse a backup whose audit chain is broken :: entry #2 edited', async ({ dir, ledger }) => {
  addStyles(ledger, ['a', 'b', 'c']);
  const file = join(dir, 'copy.sqlite');
  await backupDatabase(ledger.db, file);
  const copy = new Database(file);
  copy.prepare("UPDATE audit_log SET target = 'style:z' WHERE seq = 2").run();
  copy.close();
  try {
    checkBackup(file);
    assert.unreachable('accepted');
  } catch (error) {
    assert.is((error as { code: string }).code, 'LOUPE_E_LEDGER_BACKUP_INVALID');
    assert.equal((error as { details: { audit: unknown } }).details.audit, { kind: 'edited', seq: 2 });
  }
});

backup('should refuse a file that is not a database, and leave the ledger alone', async ({ dir, ledger }) => {
  addStyles(ledger, ['a']);
  const file = join(dir, 'junk.sqlite');
  writeFileSync(file, 'this is not sqlite');
  assert.throws(() => restoreBackup(file, join(dir, 'ledger.sqlite'), new Date()), (error: { code: string }) => error.code === 'LOUPE_E_LEDGER_BACKUP_INVALID');
  assert.is(count(ledger.db, 'styles'), 1);
});

backup.run();
