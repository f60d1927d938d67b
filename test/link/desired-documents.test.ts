/**
 * HQ → store desired documents over a real broker: applied only when newer, all-or-nothing in one
 * ledger transaction with an audit entry and an outbox event, and recovered through req/sync when
 * the broker lost the retained copy.
 */
import type { MqttClient } from 'mqtt';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NO_PIN_HASH } from '../../runtime/src/store/hq-documents.ts';
import { DeviceRig, HqRig, nextMessage, observer, quickSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

interface Context {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  hq: HqRig;
  device: DeviceRig;
  watcher: MqttClient;
}

const desired = suite<Context>('desired documents', {} as Context);
const DEVICE = 'pos-test01';
const STATE = `loupe/v1/d/${DEVICE}/state`;

desired.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
});
desired.after(async (ctx) => {
  await ctx.cluster?.stop();
});
desired.before.each(async (ctx) => {
  ctx.broker = await MosquittoBroker.start();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url });
  ctx.watcher = await observer(ctx.broker.url);
  ctx.device = new DeviceRig({ deviceId: DEVICE, settings: quickSettings(ctx.broker.url) });
  for (const [stockNo, price] of [['R-1001', 100_000], ['R-1002', 200_000], ['R-1003', 300_000], ['R-1004', 400_000]] as const) {
    ctx.device.receivePiece(stockNo, price);
  }
});
desired.after.each(async (ctx) => {
  await ctx.watcher?.endAsync();
  await ctx.device?.close();
  await ctx.hq?.stop();
  await ctx.broker?.stop();
});

const prices = (ctx: Context) => ['R-1001', 'R-1002', 'R-1003', 'R-1004'].map((stockNo) => ctx.device.piece(stockNo).retailMinor);
const applied = (ctx: Context, doc: string, version: number) =>
  ctx.device.waitFor((event) => event.type === 'documentApplied' && event.doc === doc && event.version === version, 10_000, `${doc} v${version}`);
const stateWith = (ctx: Context, code: string) =>
  nextMessage(ctx.watcher, STATE, (_topic, payload) => (JSON.parse(payload.toString()) as { lastRejection: { code: string } | null }).lastRejection?.code === code, 10_000);

desired('should apply a newer price list in one transaction with one audit entry :: v1 reprices 2 of 4 pieces, 1 unknown stock number', async (ctx) => {
  await ctx.device.link.start();
  const done = applied(ctx, 'pricelist', 1);
  const version = await ctx.hq.primary.publishDesired(DEVICE, 'pricelist', {
    currency: 'USD',
    prices: [
      { stockNo: 'R-1001', retailMinor: 110_000 },
      { stockNo: 'R-1002', retailMinor: 200_000 },
      { stockNo: 'R-1003', retailMinor: 330_000 },
      { stockNo: 'R-9999', retailMinor: 999_000 },
    ],
  });
  assert.is(version, 1);
  await done;
  assert.equal(prices(ctx), [110_000, 200_000, 330_000, 400_000]);
  assert.is(ctx.device.auditCount('hq.documentApplied'), 1);
  assert.equal(ctx.device.link.status().applied.pricelist?.version, 1);

  // The applied document is itself an outbox event HQ receives.
  const lastSeq = ctx.device.link.status().outbox.lastSeq;
  await ctx.hq.waitForHwm(DEVICE, lastSeq, 10_000);
  const { rows } = await ctx.hq.pool.query<{ payload: { version: number; summary: { changed: number; unknown: number } } }>(
    "SELECT payload FROM events WHERE device_id = $1 AND type = 'hq.document_applied'",
    [DEVICE],
  );
  assert.equal(rows.map((row) => [row.payload.version, row.payload.summary.changed, row.payload.summary.unknown]), [[1, 2, 1]]);
});

desired('should ignore a document older than the applied one :: v3 applied, then v2 arrives', async (ctx) => {
  await ctx.device.link.start();
  const v3 = applied(ctx, 'pricelist', 3);
  await ctx.hq.primary.publishDesired(DEVICE, 'pricelist', { currency: 'USD', prices: [{ stockNo: 'R-1001', retailMinor: 130_000 }] }, { version: 3 });
  await v3;
  const auditBefore = ctx.device.auditCount('hq.documentApplied');

  const refused = stateWith(ctx, 'LOUPE_E_LINK_DOCUMENT_STALE');
  const older = { v: 1, doc: 'pricelist', version: 2, issuedAt: new Date().toISOString(), body: { currency: 'USD', prices: [{ stockNo: 'R-1001', retailMinor: 120_000 }] } };
  await ctx.watcher.publishAsync(`loupe/v1/d/${DEVICE}/desired/pricelist`, JSON.stringify(older), { qos: 1 });
  const state = (await refused).json as { lastRejection: { version: number }; applied: { pricelist: { version: number } } };

  assert.is(state.lastRejection.version, 2);
  assert.is(state.applied.pricelist.version, 3);
  assert.is(ctx.device.piece('R-1001').retailMinor, 130_000);
  assert.is(ctx.device.auditCount('hq.documentApplied'), auditBefore);
});

desired('should apply nothing of a document that fails half-way :: price list whose 3rd piece is priced in EUR', async (ctx) => {
  ctx.device.receivePiece('E-2001', 500_000, 'EUR');
  await ctx.device.link.start();
  const refused = stateWith(ctx, 'LOUPE_E_LINK_DOCUMENT_REJECTED');
  await ctx.hq.primary.publishDesired(DEVICE, 'pricelist', {
    currency: 'USD',
    prices: [
      { stockNo: 'R-1001', retailMinor: 150_000 },
      { stockNo: 'R-1002', retailMinor: 250_000 },
      { stockNo: 'E-2001', retailMinor: 550_000 },
      { stockNo: 'R-1004', retailMinor: 450_000 },
    ],
  });
  await refused;
  assert.equal(prices(ctx), [100_000, 200_000, 300_000, 400_000], 'no price may change when the document is refused');
  assert.is(ctx.device.piece('E-2001').retailMinor, 500_000);
  assert.is(ctx.device.auditCount('hq.documentApplied'), 0);
  assert.equal(ctx.device.link.status().applied, {});
  assert.ok(ctx.device.logs.some((record) => record.code === 'LOUPE_E_LINK_DOCUMENT_REJECTED'), 'the refusal is logged with its code');
});

desired('should recover a retained document the broker lost through req/sync :: broker SIGKILLed while the till was off', async (ctx) => {
  await ctx.hq.stop();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url, primary: false });
  await ctx.hq.primary.publishDesired(DEVICE, 'fx', { base: 'USD', rates: [{ quote: 'EUR', rateE8: 92_150_000, asOf: '2026-11-24T06:00:00.000Z' }] });
  await ctx.broker.kill('SIGKILL'); // persistence off: the retained copy is gone
  await ctx.broker.restart();
  await ctx.watcher.endAsync();
  ctx.watcher = await observer(ctx.broker.url);

  const synced = ctx.hq.waitFor((event) => event.type === 'synced' && event.republished.includes('fx'), 15_000, 'HQ republishing fx');
  const done = applied(ctx, 'fx', 1);
  await ctx.device.link.start();
  await synced;
  await done;
  const rate = ctx.device.ledger.db.prepare("SELECT rate_e8 FROM fx_rates WHERE base = 'USD' AND quote = 'EUR'").get() as { rate_e8: number };
  assert.is(rate.rate_e8, 92_150_000);
  const retained = await nextMessage(ctx.watcher, `loupe/v1/d/${DEVICE}/desired/fx`, () => true, 5000);
  assert.is((retained.json as { version: number }).version, 1, 'the broker holds the retained document again');
});

desired('should hold and release click-and-collect reservations atomically :: v1 holds 2, v2 drops one and holds an unknown piece', async (ctx) => {
  await ctx.device.link.start();
  const v1 = applied(ctx, 'reservations', 1);
  const holdUntil = '2026-11-30T18:00:00.000Z';
  await ctx.hq.primary.publishDesired(DEVICE, 'reservations', {
    reservations: [
      { id: 'cc-1', stockNo: 'R-1001', customerRef: 'web-4411', holdUntil },
      { id: 'cc-2', stockNo: 'R-1002', customerRef: 'web-4412', holdUntil },
    ],
  });
  await v1;
  assert.equal([ctx.device.piece('R-1001').status, ctx.device.piece('R-1002').status], ['reserved', 'reserved']);

  const v2 = applied(ctx, 'reservations', 2);
  await ctx.hq.primary.publishDesired(DEVICE, 'reservations', {
    reservations: [
      { id: 'cc-2', stockNo: 'R-1002', customerRef: 'web-4412', holdUntil },
      { id: 'cc-3', stockNo: 'X-0404', customerRef: 'web-4413', holdUntil },
    ],
  });
  await v2;
  assert.equal([ctx.device.piece('R-1001').status, ctx.device.piece('R-1002').status], ['in_stock', 'reserved']);
  const rows = ctx.device.ledger.db.prepare('SELECT id, state FROM reservations ORDER BY id').all();
  assert.equal(rows, [{ id: 'cc-2', state: 'held' }, { id: 'cc-3', state: 'conflict' }]);
});

desired('should add HQ staff and refuse a roster that leaves no manager :: v1 adds 2, v2 deactivates both managers', async (ctx) => {
  await ctx.device.link.start();
  const pinHash = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=';
  const v1 = applied(ctx, 'staff', 1);
  await ctx.hq.primary.publishDesired(DEVICE, 'staff', {
    members: [
      { id: 'hq-m1', code: '300', name: 'Mara Quist', role: 'manager', active: true, pinHash },
      { id: 'hq-a1', code: '301', name: 'Leo Brandt', role: 'associate', active: true },
    ],
  });
  await v1;
  const staff = () => ctx.device.ledger.db.prepare('SELECT code, role, active, pin_hash FROM staff ORDER BY code').all() as { code: string; active: number; pin_hash: string }[];
  assert.equal(staff().map((member) => [member.code, member.active, member.pin_hash === NO_PIN_HASH]), [['300', 1, false], ['301', 1, true]]);

  const refused = stateWith(ctx, 'LOUPE_E_LINK_DOCUMENT_REJECTED');
  await ctx.hq.primary.publishDesired(DEVICE, 'staff', {
    members: [
      { id: 'hq-m1', code: '300', name: 'Mara Quist', role: 'manager', active: false },
      { id: 'hq-a1', code: '301', name: 'Leo Brandt', role: 'senior', active: true },
    ],
  });
  await refused;
  assert.equal(staff().map((member) => [member.code, member.active]), [['300', 1], ['301', 1]], 'neither change of v2 is applied');
  assert.equal(ctx.device.link.status().applied.staff?.version, 1);
});

desired.run();
