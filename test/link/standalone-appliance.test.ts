/**
 * Issue 6: the appliance as shipped (no broker configured) sells; its outbox grows. Started again
 * on the same data folder with `hq.brokerUrl` set, the outbox drains and HQ commits every event
 * exactly once — the sale made standalone included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../helpers/appliance.ts';
import { HqRig } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

interface Ctx {
  dataDir: string;
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  hq: HqRig;
  t: TestAppliance | undefined;
}

const standalone = suite<Ctx>('appliance without a broker', {} as Ctx);
standalone.before(async (ctx) => {
  ctx.dataDir = mkdtempSync(join(tmpdir(), 'loupe-standalone-'));
  ctx.cluster = await PostgresCluster.start();
  ctx.broker = await MosquittoBroker.start();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url });
});
standalone.after(async (ctx) => {
  await ctx.t?.stop();
  await ctx.hq?.stop();
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
  rmSync(ctx.dataDir, { recursive: true, force: true });
});

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const lastSeq = (t: TestAppliance) => (t.appliance.ledger.db.prepare("SELECT value FROM counters WHERE name = 'outbox.seq'").get() as { value: number }).value;

async function sell(t: TestAppliance, code: string, amountMinor: number): Promise<number> {
  const token = await t.login('101', '3917');
  const post = (url: string, payload?: object) => t.api.inject({ method: 'POST', url: `/api/v1/sales${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
  const cart = (await post('/carts')).json();
  await post(`/carts/${cart.id}/lines`, { code });
  await post(`/carts/${cart.id}/tenders`, { kind: 'card', amountMinor, currency: 'USD' });
  return (await post(`/carts/${cart.id}/complete`)).statusCode;
}

standalone('should sell with no broker configured and drain its outbox once one is :: 1 sale standalone, then hq.brokerUrl set', async (ctx) => {
  ctx.t = await startTestAppliance({ dataDir: ctx.dataDir });
  const health = (await ctx.t.api.inject({ url: '/healthz' })).json();
  assert.is(health.hqLink.state, 'not-configured');
  await openTill(ctx.t);
  assert.is(await sell(ctx.t, 'E-10041', 266_744), 201, 'the sale completes without HQ');
  const written = lastSeq(ctx.t);
  assert.ok(written > 0);
  assert.is(ctx.t.appliance.health().outbox.depth, written, 'every event waits in the outbox');
  await ctx.t.stop();
  ctx.t = undefined;
  assert.is(await ctx.hq.count('SELECT COUNT(*) AS n FROM events'), 0, 'nothing reached HQ while no broker was configured');

  ctx.t = await startTestAppliance({ dataDir: ctx.dataDir, settings: { security: { pinHashCost: 14 }, hq: { brokerUrl: ctx.broker.url } } });
  const total = lastSeq(ctx.t);
  assert.ok(total >= written, 'the restart keeps the outbox');
  await eventually('HQ has every event', async () => (await ctx.hq.count('SELECT COUNT(*) AS n FROM events')) >= total);
  const deviceId = (await ctx.hq.pool.query<{ device_id: string }>('SELECT DISTINCT device_id FROM events')).rows.map((row) => row.device_id);
  assert.is(deviceId.length, 1);
  const committed = await ctx.hq.committed(deviceId[0] as string);
  assert.equal(committed, { rows: total, distinct: total, minSeq: 1, maxSeq: total, inSeqOrder: true, appliedCount: total, hwm: total });
  assert.is(await ctx.hq.count("SELECT COUNT(*) AS n FROM events WHERE type = 'sale.completed'"), 1, 'the standalone sale reached HQ once');
  await eventually('the appliance sees HQ’s ack', async () => ctx.t?.appliance.health().outbox.depth === 0);
});

standalone.run();
