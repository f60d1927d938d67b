/**
 * The reference HQ's ingest into PostgreSQL: dedupe on (device, seq), park until the gap fills,
 * apply in seq order, with workers racing on one device.
 */
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ingestBatch } from '../../hq/src/ingest.ts';
import { migrateHq } from '../../hq/src/schema.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { saleBatch } from '../helpers/event-batches.ts';

interface Context {
  cluster: PostgresCluster;
  pool: pg.Pool;
}

const DEVICE = 'pos-hq0001';

const batch = (from: number, to: number, deviceId = DEVICE) => saleBatch(from, to, deviceId);

async function facts(pool: pg.Pool): Promise<{ events: number; inbox: number; hwm: number; ordered: boolean }> {
  const { rows } = await pool.query<{ events: string; inbox: string; hwm: string | null; disorder: string }>(
    `SELECT (SELECT COUNT(*) FROM events WHERE device_id = $1) AS events, (SELECT COUNT(*) FROM inbox WHERE device_id = $1) AS inbox,
            (SELECT hwm FROM device_streams WHERE device_id = $1) AS hwm,
            (SELECT COUNT(*) FROM (SELECT seq - LAG(seq) OVER (ORDER BY apply_no) AS step FROM events WHERE device_id = $1) s WHERE step <> 1) AS disorder`,
    [DEVICE],
  );
  const row = rows[0];
  return { events: Number(row?.events), inbox: Number(row?.inbox), hwm: Number(row?.hwm ?? 0), ordered: Number(row?.disorder) === 0 };
}

const ingest = suite<Context>('HQ ingest', {} as Context);

ingest.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
});
ingest.after(async (ctx) => {
  await ctx.cluster?.stop();
});
ingest.before.each(async (ctx) => {
  ctx.pool = new pg.Pool({ connectionString: ctx.cluster.url(await ctx.cluster.createDatabase()), max: 8 });
  // As in run-hq.ts: an idle connection the server drops (the cluster stopping under a loaded
  // machine) is the pool's to replace; a query that fails still fails its test.
  ctx.pool.on('error', () => undefined);
  await migrateHq(ctx.pool);
});
ingest.after.each(async (ctx) => {
  await ctx.pool?.end();
});

ingest('should park batches that arrive ahead of a gap and apply them in seq order once it fills :: batches 21–30, 1–10, 11–20', async (ctx) => {
  const third = await ingestBatch(ctx.pool, DEVICE, 'sales', batch(21, 30));
  assert.equal([third.hwm, third.inserted, third.applied], [0, 10, 0]);
  const first = await ingestBatch(ctx.pool, DEVICE, 'sales', batch(1, 10));
  assert.equal([first.hwm, first.applied], [10, 10]);
  const second = await ingestBatch(ctx.pool, DEVICE, 'stock', batch(11, 20));
  assert.equal([second.hwm, second.applied], [30, 20]);
  assert.equal(await facts(ctx.pool), { events: 30, inbox: 30, hwm: 30, ordered: true });
});

ingest('should store and apply a batch delivered twice only once :: 50 events, 3 deliveries', async (ctx) => {
  const once = batch(1, 50);
  for (let i = 0; i < 3; i += 1) await ingestBatch(ctx.pool, DEVICE, 'sales', once);
  assert.equal(await facts(ctx.pool), { events: 50, inbox: 50, hwm: 50, ordered: true });
  const counted = await ctx.pool.query<{ applied_count: string }>('SELECT applied_count FROM device_streams WHERE device_id = $1', [DEVICE]);
  assert.is(Number(counted.rows[0]?.applied_count), 50);
});

ingest('should apply in seq order when workers race on one device :: 40 batches of 10, shuffled, 6 at a time', async (ctx) => {
  const batches = Array.from({ length: 40 }, (_, i) => batch(i * 10 + 1, i * 10 + 10));
  let seed = 7;
  const shuffled = batches
    .map((item) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return { item, key: seed };
    })
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
  const queue = [...shuffled, ...shuffled.slice(0, 10)]; // some delivered twice, too
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await ingestBatch(ctx.pool, DEVICE, 'sales', next);
    }),
  );
  assert.equal(await facts(ctx.pool), { events: 400, inbox: 400, hwm: 400, ordered: true });
});

ingest('should keep the first event under a seq and record a different one as a conflict :: seq 5 sent with two event ids', async (ctx) => {
  await ingestBatch(ctx.pool, DEVICE, 'sales', batch(1, 5));
  const result = await ingestBatch(ctx.pool, DEVICE, 'sales', batch(5, 6));
  assert.equal([result.conflicts, result.hwm], [1, 6]);
  assert.equal(await facts(ctx.pool), { events: 6, inbox: 6, hwm: 6, ordered: true });
});

ingest.run();
