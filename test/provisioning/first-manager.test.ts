/**
 * The first manager at the counter, by HQ's one-time code: 5 wrong codes lock the route for 15
 * minutes (even the right code waits), and nothing is created meanwhile. The appliance runs with
 * the enrolled port firmware gives it: the real scrypt hash of a code, as HQ sends it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Appliance } from '../../runtime/src/app.ts';
import { validated } from '../../runtime/src/config/settings.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { hashFirstManagerCode } from '../../runtime/src/wire/first-manager-code.ts';

const CODE = 'K7QM2-XPD4R';

interface Context {
  dataDir: string;
  appliance: Appliance;
}

const first = suite<Context>('first manager by HQ’s code', {} as Context);

first.before.each(async (ctx) => {
  ctx.dataDir = mkdtempSync(join(tmpdir(), 'loupe-first-manager-'));
  const settings = validated({ version: 1, api: { port: 0 }, log: { level: 'error' }, security: { pinHashCost: 14 }, demo: { seedEmptyLedger: false } });
  const hash = hashFirstManagerCode(CODE);
  ctx.appliance = new Appliance({
    dataDir: ctx.dataDir,
    settings,
    logger: createLogger('error'),
    platform: { bootId: 'boot-1', clockSynced: () => true },
    version: '0.0.0-test',
    provisioning: { status: () => ({ state: 'enrolled', deviceId: 'pos-demo01', storeId: '0042' }), firstManagerCode: () => hash },
  });
  await ctx.appliance.start();
});

first.after.each(async (ctx) => {
  await ctx.appliance.stop();
  rmSync(ctx.dataDir, { recursive: true, force: true });
});

const attempt = (ctx: Context, setupCode: string) =>
  ctx.appliance.api.inject({ method: 'POST', url: '/api/v1/provisioning/first-manager', payload: { setupCode, code: '100', name: 'Ines Laurent', pin: '4826' } });

first('should lock the first-manager code after 5 wrong tries :: the right code on the 6th try', async (ctx) => {
  for (let i = 0; i < 5; i += 1) assert.is((await attempt(ctx, 'AAAAA-AAAAA')).statusCode, 401);
  const locked = await attempt(ctx, CODE);
  assert.equal([locked.statusCode, locked.json().error.code], [423, 'LOUPE_E_PROVISION_SETUP_CODE_LOCKED']);
  const staff = ctx.appliance.ledger.db.prepare('SELECT COUNT(*) AS n FROM staff').get() as { n: number };
  assert.is(staff.n, 0, 'nobody was created');
});

first('should refuse a PIN the till would refuse anyway and keep the code usable :: PIN 1111', async (ctx) => {
  const weak = await ctx.appliance.api.inject({ method: 'POST', url: '/api/v1/provisioning/first-manager', payload: { setupCode: CODE, code: '100', name: 'Ines Laurent', pin: '1111' } });
  assert.is(weak.json().error.code, 'LOUPE_E_STAFF_PIN_WEAK', weak.body);
  assert.is((await attempt(ctx, CODE)).statusCode, 201);
});

first.run();
