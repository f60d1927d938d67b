/**
 * The reference HQ service over a real broker: acks after commit, refusal of bad batches with a
 * coded reason, req/sync answers, and the resync request when a gap does not fill.
 */
import type { MqttClient } from 'mqtt';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HqRig, nextMessage, observer } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { saleBatch, saleEnvelope } from '../helpers/event-batches.ts';

const DEVICE = 'pos-hq0001';

const envelope = (seq: number, deviceId = DEVICE) => saleEnvelope(seq, deviceId);
const batch = (from: number, to: number, deviceId = DEVICE) => saleBatch(from, to, deviceId);

interface ServiceContext {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  hq: HqRig;
  device: MqttClient;
}

const service = suite<ServiceContext>('HQ service', {} as ServiceContext);
const BASE = `loupe/v1/d/${DEVICE}`;

service.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
});
service.after(async (ctx) => {
  await ctx.cluster?.stop();
});
service.before.each(async (ctx) => {
  ctx.broker = await MosquittoBroker.start();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url, gapResyncMs: 1000 });
  ctx.device = await observer(ctx.broker.url, DEVICE);
});
service.after.each(async (ctx) => {
  await ctx.device?.endAsync();
  await ctx.hq?.stop();
  await ctx.broker?.stop();
});

service('should ack only after its commit :: ack {upTo: 10} after events 1–10', async (ctx) => {
  const ack = nextMessage(ctx.device, `${BASE}/ack`, () => true, 10_000);
  await new Promise((resolve) => setImmediate(resolve));
  await ctx.device.publishAsync(`${BASE}/evt/sales`, JSON.stringify(batch(1, 10)), { qos: 1 });
  const received = await ack;
  assert.is((received.json as { upTo: number }).upTo, 10);
  assert.is(await ctx.hq.count('SELECT COUNT(*) AS n FROM events WHERE device_id = $1', [DEVICE]), 10, 'the ack never precedes the commit');
});

const BAD_BATCHES: { name: string; payload: () => string | Buffer; code: string }[] = [
  { name: 'garbage', payload: () => Buffer.from([0xde, 0xad, 0xbe, 0xef]), code: 'LOUPE_E_LINK_PAYLOAD_MALFORMED' },
  { name: 'seq as a string', payload: () => JSON.stringify({ ...batch(1, 2), batch: [{ ...envelope(1), seq: '1' }] }), code: 'LOUPE_E_LINK_PAYLOAD_INVALID' },
  { name: 'no batch', payload: () => JSON.stringify({ v: 1, firstSeq: 1, lastSeq: 1 }), code: 'LOUPE_E_LINK_PAYLOAD_INVALID' },
  { name: 'another device’s events', payload: () => JSON.stringify(batch(1, 3, 'pos-other99')), code: 'LOUPE_E_LINK_DEVICE_MISMATCH' },
  { name: 'seqs out of order', payload: () => JSON.stringify({ v: 1, firstSeq: 1, lastSeq: 2, batch: [envelope(2), envelope(1)] }), code: 'LOUPE_E_LINK_PAYLOAD_INVALID' },
];

for (const probe of BAD_BATCHES) {
  service(`should refuse a bad batch with ${probe.code} and commit nothing :: ${probe.name}`, async (ctx) => {
    const refused = ctx.hq.waitFor((event) => event.type === 'rejected' && event.code === probe.code, 10_000, probe.code);
    await ctx.device.publishAsync(`${BASE}/evt/sales`, probe.payload(), { qos: 1 });
    await refused;
    assert.is(await ctx.hq.count('SELECT COUNT(*) AS n FROM events'), 0);
    assert.is(await ctx.hq.count('SELECT COUNT(*) AS n FROM inbox'), 0);
    assert.is(await ctx.hq.count('SELECT COUNT(*) AS n FROM rejected_messages WHERE code = $1 AND topic = $2', [probe.code, `${BASE}/evt/sales`]), 1);
  });
}

service('should answer req/sync with its hwm and versions and republish what the device lacks :: pricelist v2, fx v1, device has fx v1', async (ctx) => {
  await ctx.hq.primary.publishDesired(DEVICE, 'pricelist', { currency: 'USD', prices: [] });
  await ctx.hq.primary.publishDesired(DEVICE, 'pricelist', { currency: 'USD', prices: [{ stockNo: 'R-1001', retailMinor: 1 }] });
  await ctx.hq.primary.publishDesired(DEVICE, 'fx', { base: 'USD', rates: [] });
  await ctx.device.publishAsync(`${BASE}/evt/sales`, JSON.stringify(batch(1, 4)), { qos: 1 });
  await ctx.hq.waitForHwm(DEVICE, 4, 10_000);

  const answer = nextMessage(ctx.device, `${BASE}/res/sync-1`, () => true, 10_000);
  const republished = ctx.hq.waitFor((event) => event.type === 'synced', 10_000, 'the sync');
  await new Promise((resolve) => setImmediate(resolve));
  await ctx.device.publishAsync(`${BASE}/req/sync`, JSON.stringify({ v: 1, reqId: 'sync-1', applied: { fx: 1 }, outbox: { lastSeq: 4, ackedUpTo: 0 } }), {
    qos: 1,
    properties: { responseTopic: `${BASE}/res/sync-1`, correlationData: Buffer.from('sync-1') },
  });
  const response = await answer;
  await republished;
  assert.equal(response.json, { v: 1, reqId: 'sync-1', hwm: 4, desired: { fx: 1, pricelist: 2 }, republished: ['pricelist'] });
  assert.is(response.correlationData?.toString(), 'sync-1');
});

service('should ask the device to resync when a gap does not fill :: events 11–20 without 1–10, 1 s limit', async (ctx) => {
  const resync = nextMessage(ctx.device, `${BASE}/cmd/resync`, () => true, 10_000);
  await new Promise((resolve) => setImmediate(resolve));
  await ctx.device.publishAsync(`${BASE}/evt/sales`, JSON.stringify(batch(11, 20)), { qos: 1 });
  const command = await resync;
  assert.equal((command.json as { args: unknown }).args, { fromSeq: 1 });
  assert.ok(command.packet.properties?.responseTopic?.startsWith(`${BASE}/reply/`));
  assert.is(await ctx.hq.count('SELECT COUNT(*) AS n FROM inbox WHERE NOT applied'), 10, 'the early events stay parked');
});

service.run();
