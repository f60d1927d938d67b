/**
 * The HQ link as the appliance runs it: the demo store's appliance pointed at a real Mosquitto and
 * the reference HQ on its own PostgreSQL. HQ must commit exactly the events the appliance wrote,
 * in seq order, including a sale made while connected.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../helpers/appliance.ts';
import { HqRig } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

interface Ctx {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  hq: HqRig;
  t: TestAppliance;
}

const wired = suite<Ctx>('appliance to HQ');
wired.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.broker = await MosquittoBroker.start();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url });
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14 }, hq: { brokerUrl: ctx.broker.url } } });
});
wired.after(async (ctx) => {
  await ctx.t?.stop();
  await ctx.hq?.stop();
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
});

async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

wired('should deliver every event of the appliance to HQ once, in order, and say online on /healthz', async ({ t, hq }) => {
  const written = () => (t.appliance.ledger.db.prepare("SELECT value FROM counters WHERE name = 'outbox.seq'").get() as { value: number }).value;
  await eventually('HQ has the demo store’s events', async () => (await hq.count('SELECT COUNT(*) AS n FROM events')) === written());
  await openTill(t);
  const token = await t.login('101', '3917');
  const post = (url: string, payload?: object) => t.api.inject({ method: 'POST', url: `/api/v1/sales${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
  const cart = (await post('/carts')).json();
  await post(`/carts/${cart.id}/lines`, { code: 'E-10041' });
  await post(`/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: 266_744, currency: 'USD' });
  assert.is((await post(`/carts/${cart.id}/complete`)).statusCode, 201);
  await eventually('HQ has the sale', async () => (await hq.count("SELECT COUNT(*) AS n FROM events WHERE type = 'sale.completed'")) === 1);
  await eventually('HQ has every event', async () => (await hq.count('SELECT COUNT(*) AS n FROM events')) === written());
  assert.is(await hq.count('SELECT COUNT(DISTINCT seq) AS n FROM events'), written());
  assert.is(await hq.count('SELECT MAX(seq) AS n FROM events'), written());
  await eventually('the appliance sees HQ’s ack', async () => (t.appliance.health().outbox.depth === 0));
  const health = (await t.api.inject({ url: '/healthz' })).json();
  assert.equal([health.hqLink.state, health.outbox.depth], ['online', 0]);
});

wired.run();
