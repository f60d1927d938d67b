/**
 * Issue 6: a long offline spell, then the backlog drains over a slow network (a TCP proxy adding
 * 50 ms each way) while the store keeps selling. Every assertion counts rows HQ committed.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeviceRig, HqRig, quickSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

interface Ctx {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  proxy: TcpProxy;
  hq: HqRig;
  device: DeviceRig;
}

const drain = suite<Ctx>('offline backlog drain', {} as Ctx);
drain.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.broker = await MosquittoBroker.start();
  ctx.proxy = await TcpProxy.start({ port: ctx.broker.port });
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url, workers: 2 });
});
drain.after(async (ctx) => {
  await ctx.device?.close();
  await ctx.hq?.stop();
  await ctx.proxy?.stop();
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
});

const BACKLOG = 10_000;

drain('should apply a 10,000-event backlog exactly once in seq order over a 50 ms proxy while sales keep committing :: 10,000 + one sale per 20 ms', async (ctx) => {
  ctx.proxy.cut();
  ctx.device = new DeviceRig({ settings: quickSettings(ctx.proxy.url, { relay: { ackTimeoutMs: 10_000 } }) });
  await ctx.device.link.start();
  assert.is(ctx.device.writeEvents(BACKLOG, { perWrite: 100, mixed: true }), BACKLOG);
  assert.is(ctx.device.link.status().outbox.depth, BACKLOG);

  ctx.proxy.delayMs = 50;
  ctx.proxy.restore();
  const backlogAcked = ctx.device.waitFor((event) => event.type === 'acked' && event.upTo >= BACKLOG, 60_000, `the ack of seq ${BACKLOG}`);
  let drained = false;
  void backlogAcked.then(() => (drained = true), () => (drained = true));
  // The till keeps selling: one committed sale every 20 ms until HQ's ack covers the backlog.
  let soldDuringDrain = 0;
  let lastSeq = BACKLOG;
  while (!drained) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (drained) break;
    lastSeq = ctx.device.writeEvents(1, { perWrite: 1 });
    soldDuringDrain += 1;
  }
  await backlogAcked;
  assert.ok(soldDuringDrain > 0, 'sales must commit while the backlog drains');
  assert.is(lastSeq, BACKLOG + soldDuringDrain);

  await ctx.hq.waitForHwm(ctx.device.deviceId, lastSeq, 30_000);
  const committed = await ctx.hq.committed(ctx.device.deviceId);
  assert.equal(committed, { rows: lastSeq, distinct: lastSeq, minSeq: 1, maxSeq: lastSeq, inSeqOrder: true, appliedCount: lastSeq, hwm: lastSeq });
  const sold = await ctx.hq.count('SELECT COUNT(*) AS n FROM events WHERE device_id = $1 AND seq > $2', [ctx.device.deviceId, BACKLOG]);
  assert.is(sold, soldDuringDrain, 'the sales made during the drain reached HQ too');
  await ctx.device.waitFor((event) => event.type === 'acked' && event.upTo >= lastSeq, 10_000, `the ack of seq ${lastSeq}`).catch(() => undefined);
  assert.is(ctx.device.link.status().outbox.depth, 0);
});

drain.run();
