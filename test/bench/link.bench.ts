/**
 * HQ-link figures on real parts: a local Mosquitto, the reference HQ run as `loupe hq` in a child
 * process (so the device's event loop is measured alone) committing to its own PostgreSQL with
 * fsync on, and devices with the default link settings (batches of 100, window 8, 2,000 unacked).
 *
 * - link.drain.events_per_s: an outbox of 10,000 events (sales, stock, cash, audit interleaved)
 *   written while offline, drained through a TCP proxy adding 50 ms each way, from the moment the
 *   link starts until HQ's ack covers the last seq on the device (2 HQ workers).
 * - link.drain.loop_lag_p99_ms: the device process's event-loop delay over that same drain
 *   (monitorEventLoopDelay at 2 ms resolution, the resolution subtracted); the proxy shares the
 *   process, HQ does not.
 * - link.ack_latency.{p50,p99}_ms: one sale committed every 40 ms (25/s) over the direct broker;
 *   from the ledger commit returning on the device to the device receiving HQ's ack that covers it.
 * - hq.ingest.events_per_s.{w1,w4}: 100 simulated devices (bare MQTT clients) each publish a
 *   backlog of 500 events in batches of 100 at once; events applied in PostgreSQL per second, from
 *   the first publish until the sum of the devices' hwm reaches 50,000, with 1 and 4 HQ workers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { createUlidFactory } from '../../runtime/src/domain/ulid.ts';
import type { EventBatch } from '../../runtime/src/wire/hq-envelope.ts';
import { DeviceRig, HqRig, linkSettings, observer } from '../helpers/link-rig.ts';
import { LOUPE_BIN } from '../helpers/loupe-process.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';
import { quantile, round, type Benchmark, type Figure } from './harness.ts';

async function withRig<T>(work: (rig: { broker: MosquittoBroker; hq: HqRig }) => Promise<T>): Promise<T> {
  const cluster = await PostgresCluster.start({ fsync: true });
  const broker = await MosquittoBroker.start();
  const hq = await HqRig.start(cluster, { brokerUrl: broker.url, workers: 2 });
  try {
    return await work({ broker, hq });
  } finally {
    await hq.stop();
    await broker.stop();
    await cluster.stop();
  }
}

/** `loupe hq` as a child process on a fresh database; resolves once its workers are subscribed. */
async function withHqProcess<T>(workers: number, work: (rig: { broker: MosquittoBroker; pool: pg.Pool }) => Promise<T>): Promise<T> {
  const cluster = await PostgresCluster.start({ fsync: true });
  const broker = await MosquittoBroker.start();
  const url = cluster.url(await cluster.createDatabase());
  const child = spawn(process.execPath, [LOUPE_BIN, 'hq', '--database-url', url, '--broker', broker.url, '--workers', String(workers), '--primary'], {
    env: { ...process.env, HQ_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await hqReady(child);
    return await work({ broker, pool });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    await pool.end();
    await broker.stop();
    await cluster.stop();
  }
}

function hqReady(child: ChildProcess): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`loupe hq not ready in 30 s:\n${output}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`loupe hq exited with ${code}:\n${output}`)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('"msg":"HQ ingest workers ready"')) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

async function hwmSum(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT COALESCE(SUM(hwm), 0) AS n FROM device_streams');
  return Number(rows[0]?.n ?? 0);
}

const DRAIN_EVENTS = 10_000;
const DRAIN_DELAY_MS = 50;
/** The histogram records whole timer intervals; the resolution is subtracted (as @fastify/under-pressure does). */
const LAG_RESOLUTION_MS = 2;

async function drain(): Promise<Figure[]> {
  return withHqProcess(2, async ({ broker, pool }) => {
    const proxy = await TcpProxy.start({ port: broker.port });
    proxy.delayMs = DRAIN_DELAY_MS;
    const device = new DeviceRig({ settings: linkSettings({ brokerUrl: proxy.url }) });
    try {
      device.writeEvents(DRAIN_EVENTS, { perWrite: 100, mixed: true });
      const done = device.waitFor((event) => event.type === 'acked' && event.upTo >= DRAIN_EVENTS, 300_000, 'the last ack');
      const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
      lag.enable();
      const started = performance.now();
      await device.link.start();
      await done;
      const seconds = (performance.now() - started) / 1000;
      lag.disable();
      const { rows } = await pool.query<{ rows: string; distinct: string; disorder: string }>(
        `SELECT COUNT(*) AS rows, COUNT(DISTINCT seq) AS distinct,
                (SELECT COUNT(*) FROM (SELECT seq - LAG(seq) OVER (ORDER BY apply_no) AS step FROM events) s WHERE step <> 1) AS disorder FROM events`,
      );
      const row = rows[0];
      if (Number(row?.rows) !== DRAIN_EVENTS || Number(row?.distinct) !== DRAIN_EVENTS || Number(row?.disorder) !== 0) throw new Error(`HQ holds ${JSON.stringify(row)}`);
      const context = {
        events: DRAIN_EVENTS,
        seconds: round(seconds, 2),
        proxyDelayMsEachWay: DRAIN_DELAY_MS,
        streams: 4,
        batchMaxEvents: 100,
        window: 8,
        maxUnackedEvents: 2000,
        hqWorkers: 2,
        hqProcess: 'loupe hq (child process)',
        postgresFsync: true,
      };
      return [
        { name: 'link.drain.events_per_s', value: round(DRAIN_EVENTS / seconds, 0), unit: 'events/s', ...context, outboxDepthAfter: device.link.status().outbox.depth },
        {
          name: 'link.drain.loop_lag_p99_ms',
          value: round(lag.percentile(99) / 1e6 - LAG_RESOLUTION_MS, 2),
          unit: 'ms',
          ...context,
          resolutionMs: LAG_RESOLUTION_MS,
          rawP99Ms: round(lag.percentile(99) / 1e6, 2),
          maxMs: round(lag.max / 1e6 - LAG_RESOLUTION_MS, 2),
          meanMs: round(lag.mean / 1e6 - LAG_RESOLUTION_MS, 2),
        },
      ];
    } finally {
      await device.close();
      await proxy.stop();
    }
  });
}

const LATENCY_SAMPLES = 300;
const LATENCY_INTERVAL_MS = 40;

async function ackLatency(): Promise<Figure[]> {
  return withRig(async ({ broker, hq }) => {
    const device = new DeviceRig({ settings: linkSettings({ brokerUrl: broker.url }) });
    try {
      await device.link.start();
      await device.waitFor((event) => event.type === 'synced', 10_000, 'the first sync');
      const committedAt = new Map<number, number>();
      const latencies: number[] = [];
      let ackedUpTo = 0;
      const unsubscribe = device.link.subscribe((event) => {
        if (event.type !== 'acked') return;
        const now = performance.now();
        for (let seq = ackedUpTo + 1; seq <= event.upTo; seq += 1) {
          const at = committedAt.get(seq);
          if (at !== undefined) latencies.push(now - at);
          committedAt.delete(seq);
        }
        ackedUpTo = Math.max(ackedUpTo, event.upTo);
      });
      for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
        const seq = device.writeEvents(1, { perWrite: 1 });
        committedAt.set(seq, performance.now());
        await new Promise((resolve) => setTimeout(resolve, LATENCY_INTERVAL_MS));
      }
      const lastSeq = device.link.status().outbox.lastSeq;
      await device.waitFor((event) => event.type === 'acked' && event.upTo >= lastSeq, 30_000, 'the last ack').catch(() => undefined);
      unsubscribe();
      const context = { samples: latencies.length, ratePerSecond: 1000 / LATENCY_INTERVAL_MS, hqWorkers: 2, postgresFsync: true };
      return [
        { name: 'link.ack_latency.p50_ms', value: round(quantile(latencies, 0.5), 2), unit: 'ms', ...context },
        { name: 'link.ack_latency.p99_ms', value: round(quantile(latencies, 0.99), 2), unit: 'ms', ...context },
      ];
    } finally {
      await device.close();
    }
  });
}

const INGEST_DEVICES = 100;
const INGEST_EVENTS = 500;
const INGEST_BATCH = 100;

function backlog(deviceId: string, newId: () => string): string[] {
  const batches: string[] = [];
  for (let first = 1; first <= INGEST_EVENTS; first += INGEST_BATCH) {
    const last = Math.min(INGEST_EVENTS, first + INGEST_BATCH - 1);
    const events = Array.from({ length: last - first + 1 }, (_, i) => ({
      v: 1 as const,
      type: 'sale.completed',
      schemaVersion: 1,
      eventId: newId(),
      deviceId,
      storeId: '0042',
      seq: first + i,
      session: 1,
      occurredAt: new Date().toISOString(),
      clockSynced: true,
      bootId: 'bench',
      businessKey: `sale:0042-${deviceId}-${first + i}`,
      payload: { totalMinor: 266_744, lines: [{ stockNo: 'E-10041', priceMinor: 266_744 }] },
    }));
    const batch: EventBatch = { v: 1, firstSeq: first, lastSeq: last, batch: events };
    batches.push(JSON.stringify(batch));
  }
  return batches;
}

async function ingest(workers: number): Promise<Figure> {
  return withHqProcess(workers, async ({ broker, pool }) => {
    const newId = createUlidFactory({ now: () => Date.now(), randomBytes: (size) => randomBytes(size) });
    const devices: { id: string; client: MqttClient; batches: string[] }[] = [];
    try {
      for (let i = 1; i <= INGEST_DEVICES; i += 1) {
        const id = `pos-bench${String(i).padStart(3, '0')}`;
        devices.push({ id, client: await observer(broker.url, id), batches: backlog(id, newId) });
      }
      const total = INGEST_DEVICES * INGEST_EVENTS;
      const started = performance.now();
      await Promise.all(devices.flatMap((device) => device.batches.map((batch) => device.client.publishAsync(`loupe/v1/d/${device.id}/evt/sales`, batch, { qos: 1 }))));
      const deadline = Date.now() + 300_000;
      while ((await hwmSum(pool)) < total) {
        if (Date.now() > deadline) throw new Error(`HQ applied ${await hwmSum(pool)} of ${total} in 300 s`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const seconds = (performance.now() - started) / 1000;
      const applied = await pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM events');
      if (Number(applied.rows[0]?.n) !== total) throw new Error(`HQ holds ${applied.rows[0]?.n} events, not ${total}`);
      return {
        name: `hq.ingest.events_per_s.w${workers}`,
        value: round(total / seconds, 0),
        unit: 'events/s',
        devices: INGEST_DEVICES,
        eventsPerDevice: INGEST_EVENTS,
        batchEvents: INGEST_BATCH,
        events: total,
        seconds: round(seconds, 2),
        hqWorkers: workers,
        hqProcess: 'loupe hq (child process)',
        postgresFsync: true,
      };
    } finally {
      for (const device of devices) await device.client.endAsync(true).catch(() => undefined);
    }
  });
}

export const benchmarks: Benchmark[] = [
  { name: 'link.drain', run: drain },
  { name: 'link.ack_latency', run: ackLatency },
  { name: 'hq.ingest', run: async () => [await ingest(1), await ingest(4)] },
];
