/**
 * Issue 6: four HQ workers share one subscription, so one device's batches land on different
 * workers in no particular order. HQ's apply order per device must still be seq order: no gap, no
 * duplicate, nothing parked forever. Counted in PostgreSQL.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeviceRig, HqRig, quickSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

interface Ctx {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  hq: HqRig;
  devices: DeviceRig[];
}

const shared = suite<Ctx>('four HQ workers', {} as Ctx);
shared.before(async (ctx) => {
  ctx.devices = [];
  ctx.cluster = await PostgresCluster.start();
  ctx.broker = await MosquittoBroker.start();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url, workers: 4 });
});
shared.after(async (ctx) => {
  for (const device of ctx.devices) await device.close();
  await ctx.hq?.stop();
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
});

const DEVICES = 5;
const EVENTS = 1500;

shared('should apply each device’s events in seq order with four workers on the shared subscription :: 5 devices × 1,500 events, batches of 10', async (ctx) => {
  const byWorker = new Map<number, number>();
  ctx.hq.workers.forEach((worker, i) => worker.on((event) => event.type === 'committed' && byWorker.set(i, (byWorker.get(i) ?? 0) + 1)));
  for (let i = 1; i <= DEVICES; i += 1) {
    const device = new DeviceRig({ deviceId: `pos-order0${i}`, settings: quickSettings(ctx.broker.url, { relay: { batchMaxEvents: 10, window: 16, maxUnackedEvents: 1000 } }) });
    ctx.devices.push(device);
    device.writeEvents(EVENTS, { perWrite: 50, mixed: true });
  }
  await Promise.all(ctx.devices.map((device) => device.link.start()));
  await Promise.all(ctx.devices.map((device) => ctx.hq.waitForHwm(device.deviceId, EVENTS, 60_000)));

  for (const device of ctx.devices) {
    const committed = await ctx.hq.committed(device.deviceId);
    assert.equal(committed, { rows: EVENTS, distinct: EVENTS, minSeq: 1, maxSeq: EVENTS, inSeqOrder: true, appliedCount: EVENTS, hwm: EVENTS }, device.deviceId);
  }
  assert.is(await ctx.hq.count('SELECT COUNT(*) AS n FROM inbox WHERE NOT applied'), 0, 'nothing stays parked');
  const busy = [...byWorker.values()].filter((n) => n > 0).length;
  assert.is(busy, 4, `every worker must have committed batches: ${JSON.stringify([...byWorker])}`);
});

shared.run();
