import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createUlidFactory } from '../../runtime/src/domain/ulid.ts';
import { SYSTEM_ACTOR } from '../../runtime/src/domain/actor.ts';
import { StaffService } from '../../runtime/src/modules/staff/staff-service.ts';
import { Ledger } from '../../runtime/src/store/ledger.ts';
import { MIGRATIONS } from '../../runtime/src/store/migrations.ts';
import { count } from '../helpers/ledger.ts';
import type { Health } from '../../runtime/src/wire/api.ts';
import { runLoupe, startLoupe, post } from '../helpers/loupe-process.ts';

const startup = suite<{ dir: string }>('loupe start');
startup.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-start-'));
});
startup.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

startup('should create the demo store on an empty folder and sign its manager in', async ({ dir }) => {
  const loupe = await startLoupe(dir);
  try {
    const health = (await (await fetch(`${loupe.url}/healthz`)).json()) as Health;
    assert.equal([health.status, health.store.name, health.ledger.ok, health.ledger.migrations], ['ok', 'Maison Aurelle', true, MIGRATIONS.map((m) => m.id)]);
    assert.is(health.outbox.depth, 83); // 6 staff, 36 pieces and their photos, 5 bulk items: one HQ event each
    const signIn = await post(`${loupe.url}/api/v1/auth/login`, null, { code: '100', pin: '8264' });
    assert.is(signIn.status, 200);
    const docs = await fetch(`${loupe.url}/docs/json`);
    assert.ok(Object.keys(((await docs.json()) as { paths: object }).paths).includes('/api/v1/pieces/{id}/price'));
  } finally {
    assert.is(await loupe.stop(), 0, loupe.output());
  }
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  assert.equal([count(db, 'staff'), count(db, 'pieces')], [6, 36]);
  db.close();
});

startup('should migrate an existing older ledger and keep its data :: migrations 1–2 → all', async ({ dir }) => {
  const newId = createUlidFactory({ now: () => Date.now(), randomBytes: (n) => new Uint8Array(n).fill(3) });
  const old = Ledger.open(
    { path: join(dir, 'ledger.sqlite'), identity: { deviceId: 'pos-demo01', storeId: '0042', bootId: 'b', clockSynced: () => true }, now: () => new Date(), newId },
    MIGRATIONS.slice(0, 2),
  );
  await new StaffService({ ledger: old, now: () => new Date(), newId, pinHashCost: 14, lockout: { attempts: 5, baseDelaySeconds: 30, maxDelaySeconds: 3600 } }).add(
    { code: '300', name: 'Old Hand', role: 'manager', pin: '6402' },
    SYSTEM_ACTOR,
  );
  old.close();
  const loupe = await startLoupe(dir);
  try {
    const health = (await (await fetch(`${loupe.url}/healthz`)).json()) as Health;
    assert.equal(health.ledger.migrations, MIGRATIONS.map((m) => m.id));
    assert.is((await post(`${loupe.url}/api/v1/auth/login`, null, { code: '300', pin: '6402' })).status, 200);
  } finally {
    await loupe.stop();
  }
  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  assert.equal([count(db, 'staff'), count(db, 'pieces')], [1, 0]);
  db.close();
});

startup('should refuse to start on a wrong setting, naming the key and the allowed values', ({ dir }) => {
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ version: 1, security: { lockout: { attempts: 2 } } }));
  const result = runLoupe(['start', '--data', dir, '--port', '0']);
  assert.is(result.status, 1);
  assert.match(result.stderr, 'LOUPE_E_SETTINGS_INVALID: Setting security.lockout.attempts is 2; allowed: a whole number from 3 to 10');
});

startup('should take the data folder and port from LOUPE_DATA_DIR and LOUPE_PORT', async ({ dir }) => {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const loupe = await startLoupe(dir, { env: { LOUPE_DATA_DIR: dir, LOUPE_PORT: String(port) }, args: [] });
  try {
    assert.is(loupe.url, `http://127.0.0.1:${port}`);
    assert.is((await fetch(`${loupe.url}/healthz`)).status, 200);
  } finally {
    await loupe.stop();
  }
  assert.is(runLoupe(['audit', 'verify', '--data', dir]).status, 0);
});

startup.run();
