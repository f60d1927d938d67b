import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { installRelease } from '../../firmware/src/release/install.ts';
import { linked } from '../../firmware/src/release/layout.ts';
import { readState } from '../../firmware/src/release/state.ts';
import { bearer, openTill, startTestAppliance } from '../helpers/appliance.ts';
import { LOUPE_BIN } from '../helpers/loupe-process.ts';
import { startShelf, type TestShelf } from '../helpers/release-shelf.ts';
import { releaseBundle, releaseKeys, releasesRoot, releaseTree, removeTempDirs, tempDir, tillAt010 } from '../helpers/release-tree.ts';
import { servedVersion, startSupervisor, waitFor } from '../helpers/supervisor-process.ts';

const probation = suite('release probation: commit or roll back by itself');
const keys = releaseKeys();
let shelf: TestShelf;
let ledgerDir = '';

// A release whose migration adds a table and a migration row, then never answers /healthz.
const MIGRATES_AND_HANGS = `
import Database from 'better-sqlite3';
const data = process.argv[process.argv.indexOf('--data') + 1];
const db = new Database(data + '/ledger.sqlite');
db.exec("CREATE TABLE IF NOT EXISTS bracelets_v9 (id INTEGER PRIMARY KEY) STRICT; INSERT OR IGNORE INTO schema_migrations (id, name, applied_at) VALUES (9999, 'bracelets_v9', '2026-12-03T00:00:00.000Z')");
db.close();
setInterval(() => {}, 60_000);
`;

/** A till's ledger with two completed sales, made once and copied into each test's data folder. */
async function ledgerWithSales(): Promise<string> {
  const dir = tempDir('ledger');
  const t = await startTestAppliance({ dataDir: dir });
  const associate = await t.login('101', '3917');
  await openTill(t);
  for (const code of ['E-10041', 'E-10042']) {
    const post = (url: string, payload?: object) => t.api.inject({ method: 'POST', url: `/api/v1/sales${url}`, headers: bearer(associate), ...(payload ? { payload } : {}) });
    const cart = (await post('/carts')).json() as { id: string };
    const view = (await post(`/carts/${cart.id}/lines`, { code })).json() as { totalMinor: number };
    await post(`/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: view.totalMinor, currency: 'USD' });
    assert.is((await post(`/carts/${cart.id}/complete`)).statusCode, 201);
  }
  await t.stop();
  return dir;
}

/** The release outcomes the till wrote for HQ, from its outbox. */
function outcomeEvents(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { type: string; body: string }>("SELECT type, body FROM outbox WHERE type LIKE 'release.%' ORDER BY seq").all().map((row) => `${row.type} ${JSON.parse(row.body).payload.version}`);
  } finally {
    db.close();
  }
}

function sales(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true });
  try {
    return db.prepare<[], { receipt_no: string }>('SELECT receipt_no FROM sales ORDER BY receipt_no').all().map((row) => row.receipt_no);
  } finally {
    db.close();
  }
}

/** A till at 0.1.0 with the candidate `version` installed from the shelf and switched in. */
async function switchedTo(version: string, release: number, entry?: string): Promise<{ root: string; dataDir: string }> {
  const root = await releasesRoot(keys, '0.1.0', 1);
  const dataDir = tempDir('data');
  writeFileSync(join(dataDir, 'ledger.sqlite'), readFileSync(join(ledgerDir, 'ledger.sqlite')));
  const bundle = await releaseBundle(await releaseTree(entry === undefined ? {} : { entry }), keys, { version, release });
  assert.is((await shelf.upload(bundle, version)).status, 201);
  const { size } = (await shelf.app.inject({ url: '/releases' })).json().releases.find((r: { version: string }) => r.version === version);
  await installRelease(tillAt010(root, dataDir, keys.publicPem, shelf.ca), { version, url: `${shelf.url}/releases/${version}/bundle`, size });
  assert.is(linked(root, 'current'), version);
  return { root, dataDir };
}

probation.before(async () => {
  shelf = await startShelf(keys.publicPem);
  ledgerDir = await ledgerWithSales();
});
probation.after(async () => {
  await shelf.close();
  removeTempDirs();
});

probation('should commit a healthy candidate and serve it :: 0.2.0 proves healthy, good follows', async () => {
  const { root, dataDir } = await switchedTo('0.2.0', 2);
  const supervisor = startSupervisor(root, dataDir, ['--probation-s', '60']);
  try {
    await waitFor('0.2.0 serving', supervisor, async () => ((await servedVersion(supervisor.lastUrl())) === '0.2.0' ? true : undefined));
    const state = await waitFor('the commit', supervisor, () => (readState(dataDir).last?.outcome === 'committed' ? readState(dataDir) : undefined));
    assert.equal([state.good?.version, state.candidate, linked(root, 'good'), linked(root, 'current')], ['0.2.0', null, '0.2.0', '0.2.0']);
    assert.equal(sales(dataDir), ['0042-01-000001', '0042-01-000002']);
    await waitFor('the outcome in the outbox', supervisor, () => (outcomeEvents(dataDir).length > 0 ? true : undefined), 25_000);
    assert.equal(outcomeEvents(dataDir), ['release.committed 0.2.0']);
  } finally {
    await supervisor.kill();
  }
});

probation('should roll back a release that crashes on start, after 3 starts :: entry exits 1', async () => {
  const { root, dataDir } = await switchedTo('0.3.0', 3, 'process.exit(1);\n');
  const supervisor = startSupervisor(root, dataDir, ['--probation-s', '60', '--attempts', '3']);
  try {
    await waitFor('0.1.0 serving again', supervisor, async () => ((await servedVersion(supervisor.lastUrl())) === '0.1.0' ? true : undefined));
    const state = readState(dataDir);
    assert.equal([state.last?.outcome, state.last?.version, state.last?.ledgerRestored, state.candidate], ['rolled_back', '0.3.0', false, null]);
    assert.match(state.last?.reason ?? '', '3 starts');
    await waitFor('the outcome in the outbox', supervisor, () => (outcomeEvents(dataDir).length > 0 ? true : undefined), 10_000);
    assert.equal(outcomeEvents(dataDir), ['release.rolled_back 0.3.0']);
    assert.equal([linked(root, 'current'), linked(root, 'good')], ['0.1.0', '0.1.0']);
    assert.equal(sales(dataDir), ['0042-01-000001', '0042-01-000002']);
  } finally {
    await supervisor.kill();
  }
});

probation('should roll back a release that migrates the ledger and never answers, restoring the backup :: probation 4 s', async () => {
  const { root, dataDir } = await switchedTo('0.4.0', 4, MIGRATES_AND_HANGS);
  const supervisor = startSupervisor(root, dataDir, ['--probation-s', '4']);
  try {
    await waitFor('0.1.0 serving again', supervisor, async () => ((await servedVersion(supervisor.lastUrl())) === '0.1.0' ? true : undefined));
    const state = readState(dataDir);
    assert.equal([state.last?.outcome, state.last?.version, state.last?.ledgerRestored], ['rolled_back', '0.4.0', true]);
    const db = new Database(join(dataDir, 'ledger.sqlite'), { readonly: true });
    const migrated = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'bracelets_v9'").get() as { n: number };
    db.close();
    assert.is(migrated.n, 0, 'the migration was undone');
    assert.equal(sales(dataDir), ['0042-01-000001', '0042-01-000002']);
  } finally {
    await supervisor.kill();
  }
  const audit = spawnSync(process.execPath, [LOUPE_BIN, 'audit', 'verify', '--data', dataDir], { encoding: 'utf8' });
  assert.is(audit.status, 0, audit.stdout + audit.stderr);
});

probation.run();
