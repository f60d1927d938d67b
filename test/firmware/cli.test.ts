import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestAppliance } from '../helpers/appliance.ts';
import { count } from '../helpers/ledger.ts';
import { runLoupe, startLoupe } from '../helpers/loupe-process.ts';

/** A stopped demo store in `dir`; returns how many audit entries it holds. */
async function demoLedger(dir: string): Promise<number> {
  const t = await startTestAppliance({ dataDir: dir });
  const entries = count(t.appliance.ledger.db, 'audit_log');
  await t.stop();
  return entries;
}

function tamper(dir: string, sql: string): void {
  const db = new Database(join(dir, 'ledger.sqlite'));
  db.exec(sql);
  db.close();
}

const SWAP_5_6 = `
  CREATE TEMP TABLE pair AS SELECT * FROM audit_log WHERE seq IN (5, 6);
  UPDATE audit_log SET (at, device_id, actor_id, actor_name, actor_role, approver_id, approver_name, action, target, reason,
      before_digest, after_digest, before_json, after_json, prev_hash, hash) =
    (SELECT at, device_id, actor_id, actor_name, actor_role, approver_id, approver_name, action, target, reason,
      before_digest, after_digest, before_json, after_json, prev_hash, hash FROM pair WHERE pair.seq = 11 - audit_log.seq)
  WHERE seq IN (5, 6);`;

const audit = suite<{ dir: string; entries: number }>('loupe audit verify');
audit.before.each(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
  ctx.entries = await demoLedger(ctx.dir);
});
audit.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

audit('should report OK on an untouched ledger :: every demo entry', ({ dir, entries }) => {
  const result = runLoupe(['audit', 'verify', '--data', dir]);
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`^OK: ${entries} audit entries, chain head [0-9a-f]{64}$`, 'm'));
});

for (const [what, sql, expected] of [
  ['an edited reason', "UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 17", 'entry #17 was edited'],
  ['an edited snapshot', "UPDATE audit_log SET after_json = replace(after_json, '1450000', '1') WHERE seq = 7", 'entry #7 was edited'],
  ['a deleted entry', 'DELETE FROM audit_log WHERE seq = 20', 'entry #20 was deleted'],
  ['a deleted last entry', 'DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)', 'entry #LAST was deleted'],
  ['two swapped entries', SWAP_5_6, 'entry #5 was reordered'],
] as const) {
  audit(`should name the first broken entry :: ${what}`, ({ dir, entries }) => {
    tamper(dir, sql);
    const result = runLoupe(['audit', 'verify', '--data', dir]);
    assert.is(result.status, 3, result.stdout + result.stderr);
    assert.match(result.stdout, `BROKEN: ${expected.replace('LAST', String(entries))}`);
  });
}

audit.run();

// ---

const staffAdd = suite<{ dir: string }>('loupe staff add');
// The technician's path on a box with no staff: a ledger opened once, without the demo store.
staffAdd.before.each(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
  await (await startTestAppliance({ dataDir: ctx.dir, settings: { demo: { seedEmptyLedger: false } } })).stop();
});
staffAdd.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

staffAdd('should add a person whose PIN comes on standard input, and record it', ({ dir }) => {
  const result = runLoupe(['staff', 'add', '--code', '106', '--name', 'Ada Lind', '--role', 'senior', '--data', dir], '4827\n');
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, 'added Ada Lind (senior) as staff number 106');
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  assert.equal(db.prepare("SELECT role FROM staff WHERE code = '106'").get(), { role: 'senior' });
  assert.equal(db.prepare('SELECT action, actor_name FROM audit_log ORDER BY seq DESC LIMIT 1').get(), { action: 'staff.added', actor_name: null });
  db.close();
});

staffAdd('should refuse a weak PIN with its code and change nothing :: 1111', ({ dir }) => {
  const result = runLoupe(['staff', 'add', '--code', '106', '--name', 'Ada Lind', '--role', 'senior', '--data', dir], '1111\n');
  assert.is(result.status, 1);
  assert.match(result.stderr, 'LOUPE_E_STAFF_PIN_WEAK');
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  assert.is(count(db, 'staff'), 0);
  db.close();
});

staffAdd('should refuse once someone on the box can manage staff, and change nothing :: the demo store’s manager and admin', async ({ dir }) => {
  rmSync(dir, { recursive: true, force: true });
  const entries = await demoLedger(dir);
  const result = runLoupe(['staff', 'add', '--code', '106', '--name', 'Ada Lind', '--role', 'admin', '--data', dir], '4827\n');
  assert.is(result.status, 1);
  assert.match(result.stderr, 'LOUPE_E_STAFF_CONSOLE_CLOSED');
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  assert.equal([count(db, 'staff'), count(db, 'audit_log')], [6, entries]);
  db.close();
});

staffAdd('should refuse an unknown role and list the roles :: "boss"', ({ dir }) => {
  const result = runLoupe(['staff', 'add', '--code', '106', '--name', 'Ada', '--role', 'boss', '--data', dir], '4827\n');
  assert.is(result.status, 1);
  assert.match(result.stderr, 'associate, senior, manager, jeweler, auditor, admin');
});

staffAdd.run();

// ---

const backup = suite<{ dir: string; entries: number }>('loupe backup and restore');
backup.before.each(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
  ctx.entries = await demoLedger(ctx.dir);
});
backup.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

backup('should back up while the appliance runs, and restore it once stopped', async ({ dir, entries }) => {
  const running = await startLoupe(dir);
  try {
    const made = runLoupe(['backup', '--data', dir]);
    assert.is(made.status, 0, made.stderr);
    assert.match(made.stdout, new RegExp(`backed up to .*loupe-0042-pos-demo01-.*\\.sqlite \\(\\d+ bytes, ${entries} audit entries verified\\)`));
    const file = join(dir, 'backups', readdirSync(join(dir, 'backups'))[0] as string);
    const refused = runLoupe(['restore', file, '--data', dir]);
    assert.is(refused.status, 1);
    assert.match(refused.stderr, 'LOUPE_E_LEDGER_IN_USE');
    await running.stop();
    tamper(dir, "UPDATE pieces SET retail_minor = 1 WHERE stock_no = 'R-10041'");
    const restored = runLoupe(['restore', file, '--data', dir]);
    assert.is(restored.status, 0, restored.stderr);
    const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
    assert.equal(db.prepare("SELECT retail_minor FROM pieces WHERE stock_no = 'R-10041'").get(), { retail_minor: 1_450_000 });
    assert.is(count(db, 'pieces'), 36);
    db.close();
    assert.is(runLoupe(['audit', 'verify', '--data', dir]).status, 0);
  } finally {
    if (running.child.exitCode === null) await running.kill();
  }
});

backup('should refuse to restore a file that is not a ledger, and keep the ledger', ({ dir }) => {
  const junk = join(dir, 'junk.sqlite');
  writeFileSync(junk, 'SQLite format 3\0 but not really');
  const result = runLoupe(['restore', junk, '--data', dir]);
  assert.is(result.status, 1);
  assert.match(result.stderr, 'LOUPE_E_LEDGER_BACKUP_INVALID');
  assert.ok(existsSync(join(dir, 'ledger.sqlite')));
  assert.is(runLoupe(['audit', 'verify', '--data', dir]).status, 0);
});

backup.run();

// ---

const catalogImport = suite<{ dir: string }>('loupe catalog import');
catalogImport.before.each(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-cli-'));
  await demoLedger(ctx.dir);
});
catalogImport.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

catalogImport('should import a good export and say how many :: 3 pieces', ({ dir }) => {
  const result = runLoupe(['catalog', 'import', fixture('catalog-good.csv'), '--data', dir]);
  assert.is(result.status, 0, result.stderr);
  assert.is(result.stdout.trim(), 'imported 3 pieces from catalog-good.csv');
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  assert.is(count(db, 'pieces'), 39);
  db.close();
});

catalogImport('should list each problem by line and column and import nothing :: 7 problems', ({ dir }) => {
  const result = runLoupe(['catalog', 'import', fixture('catalog-bad.csv'), '--data', dir]);
  assert.is(result.status, 1);
  assert.match(result.stderr, 'line 3, column fineness: 600 is not a fineness for gold');
  assert.match(result.stderr, 'LOUPE_E_CATALOG_IMPORT_INVALID: 7 problem(s) in catalog-bad.csv; nothing was imported');
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  assert.is(count(db, 'pieces'), 36);
  db.close();
});

catalogImport('should take the good rows with --skip-invalid and report the skipped ones', ({ dir }) => {
  const result = runLoupe(['catalog', 'import', fixture('catalog-bad.csv'), '--skip-invalid', '--data', dir]);
  assert.is(result.status, 0);
  assert.is(result.stdout.trim(), 'imported 1 piece from catalog-bad.csv; 7 problem(s) skipped');
  assert.match(result.stderr, 'skipped line 5, column karat');
});

catalogImport.run();
