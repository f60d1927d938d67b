/**
 * The outbox relay against real parts: Mosquitto, two reference-HQ workers on a shared
 * subscription committing to PostgreSQL, and a TCP proxy for the network. Every assertion counts
 * what HQ committed.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeviceRig, HqRig, quickSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

interface Context {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  proxy: TcpProxy;
  hq: HqRig;
  device: DeviceRig;
}

const relay = suite<Context>('outbox relay', {} as Context);

relay.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
});

relay.after(async (ctx) => {
  await ctx.cluster?.stop();
});

relay.before.each(async (ctx) => {
  ctx.broker = await MosquittoBroker.start();
  ctx.proxy = await TcpProxy.start({ port: ctx.broker.port });
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url, workers: 2 });
});

relay.after.each(async (ctx) => {
  await ctx.device?.close();
  await ctx.hq?.stop();
  await ctx.proxy?.stop();
  await ctx.broker?.stop();
});

function assertExactlyOnce(committed: Awaited<ReturnType<HqRig['committed']>>, n: number): void {
  assert.equal(
    committed,
    { rows: n, distinct: n, minSeq: 1, maxSeq: n, inSeqOrder: true, appliedCount: n, hwm: n },
    'HQ must hold every seq 1..N exactly once, applied in seq order',
  );
}

relay('should deliver every event once and in seq order after an offline spell :: 5,000 events, mixed streams, 2 HQ workers', async (ctx) => {
  ctx.proxy.cut();
  ctx.device = new DeviceRig({ settings: quickSettings(ctx.proxy.url) });
  await ctx.device.link.start();
  const last = ctx.device.writeEvents(5000, { perWrite: 50, mixed: true });
  assert.is(last, 5000);
  assert.is(ctx.device.link.status().outbox.depth, 5000);
  assert.is(ctx.device.link.status().state === 'online', false);

  ctx.proxy.restore();
  await ctx.hq.waitForHwm(ctx.device.deviceId, 5000, 60_000);
  await ctx.device.waitFor((event) => event.type === 'acked' && event.upTo >= 5000, 10_000, 'ack of 5000');

  assertExactlyOnce(await ctx.hq.committed(ctx.device.deviceId), 5000);
  assert.is(ctx.device.link.status().outbox.depth, 0, 'the device retires everything once HQ acked it');
  const parked = await ctx.hq.count('SELECT COUNT(*) AS n FROM inbox WHERE NOT applied');
  assert.is(parked, 0);
});

relay('should lose and double nothing when the broker is SIGKILLed mid-stream :: 3,000 + 500 events', async (ctx) => {
  ctx.device = new DeviceRig({ settings: quickSettings(ctx.broker.url, { relay: { batchMaxEvents: 20, window: 4 } }) });
  ctx.device.writeEvents(3000, { perWrite: 50 });
  await ctx.device.link.start();
  await ctx.hq.waitForHwm(ctx.device.deviceId, 400, 30_000);

  await ctx.broker.kill('SIGKILL');
  assert.ok((await ctx.hq.primary.hwm(ctx.device.deviceId)) < 3000, 'the crash must hit mid-stream');
  ctx.device.writeEvents(500, { perWrite: 25 }); // the store keeps selling while HQ is unreachable
  await ctx.broker.restart();

  await ctx.hq.waitForHwm(ctx.device.deviceId, 3500, 60_000);
  assertExactlyOnce(await ctx.hq.committed(ctx.device.deviceId), 3500);
});

relay('should lose and double nothing when the network is cut mid-batch and restored :: 3,000 + 500 events', async (ctx) => {
  ctx.device = new DeviceRig({ settings: quickSettings(ctx.proxy.url, { relay: { batchMaxEvents: 20, window: 8, maxUnackedEvents: 100_000 } }) });
  ctx.device.writeEvents(3000, { perWrite: 100, mixed: true });
  await ctx.device.link.start();
  await ctx.hq.waitForHwm(ctx.device.deviceId, 500, 30_000);

  // The cut: first the device's bytes stop arriving (batches it published are lost on the wire),
  // then the connection drops.
  ctx.proxy.blackhole('toServer');
  ctx.device.writeEvents(300, { perWrite: 10, mixed: true });
  const inflight = ctx.device.link.status().outbox.inflightBatches;
  assert.ok(inflight >= 4, `batches must be in flight when the network is cut (${inflight})`);
  const offline = ctx.device.waitFor((event) => event.type === 'offline', 10_000, 'the device noticing the cut');
  ctx.proxy.cut();
  await offline;
  const hwmAtCut = await ctx.hq.primary.hwm(ctx.device.deviceId);
  assert.ok(hwmAtCut < 3000, `the cut must hit mid-stream (hwm ${hwmAtCut})`);
  ctx.device.writeEvents(200, { perWrite: 10, mixed: true });
  ctx.proxy.restore();

  await ctx.hq.waitForHwm(ctx.device.deviceId, 3500, 60_000);
  assertExactlyOnce(await ctx.hq.committed(ctx.device.deviceId), 3500);
});

relay('should resend what HQ never acknowledged when PUBACKs and acks are lost :: 2,000 events, downstream blackholed', async (ctx) => {
  ctx.device = new DeviceRig({ settings: quickSettings(ctx.proxy.url, { relay: { batchMaxEvents: 25, window: 4, maxUnackedEvents: 400 } }) });
  ctx.device.writeEvents(2000, { perWrite: 100 });
  await ctx.device.link.start();
  await ctx.hq.waitForHwm(ctx.device.deviceId, 200, 30_000);

  // Broker → device bytes vanish: HQ keeps committing what was already sent, the device hears nothing.
  ctx.proxy.blackhole('toClient');
  const before = await ctx.hq.primary.hwm(ctx.device.deviceId);
  await ctx.hq.waitForHwm(ctx.device.deviceId, before + 25, 10_000);
  ctx.proxy.cut();
  ctx.proxy.restore();

  await ctx.hq.waitForHwm(ctx.device.deviceId, 2000, 60_000);
  assertExactlyOnce(await ctx.hq.committed(ctx.device.deviceId), 2000);
  const inboxRows = await ctx.hq.count("SELECT COUNT(*) AS n FROM inbox WHERE device_id = 'pos-test01'");
  assert.is(inboxRows, 2000, 'resent events are deduplicated on (device, seq) in the inbox');
  assert.ok(ctx.device.link.status().outbox.depth === 0 || ctx.device.link.status().outbox.ackedUpTo <= 2000);
});

relay.run();
