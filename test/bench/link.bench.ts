/**
 * HQ-link figures on real parts: a local Mosquitto, the reference HQ (two workers on a shared
 * subscription) committing to its own PostgreSQL with fsync on, and a device with the default
 * link settings (batches of 100, window 8, 2,000 unacked events).
 *
 * - link.drain.events_per_s: an outbox of 10,000 events (sales, stock, cash, audit interleaved)
 *   written while offline, drained from the moment the link starts until HQ's ack covers the last
 *   seq on the device.
 * - link.ack_latency.{p50,p99}_ms: one sale committed every 40 ms (25/s); from the ledger commit
 *   returning on the device to the device receiving HQ's ack that covers it.
 */
import { performance } from 'node:perf_hooks';
import { DeviceRig, HqRig, linkSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
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

const DRAIN_EVENTS = 10_000;

async function drain(): Promise<Figure[]> {
  return withRig(async ({ broker, hq }) => {
    const device = new DeviceRig({ settings: linkSettings({ brokerUrl: broker.url }) });
    try {
      device.writeEvents(DRAIN_EVENTS, { perWrite: 100, mixed: true });
      const done = device.waitFor((event) => event.type === 'acked' && event.upTo >= DRAIN_EVENTS, 300_000, 'the last ack');
      const started = performance.now();
      await device.link.start();
      await done;
      const seconds = (performance.now() - started) / 1000;
      const committed = await hq.committed(device.deviceId);
      if (committed.rows !== DRAIN_EVENTS || !committed.inSeqOrder) throw new Error(`HQ holds ${committed.rows} rows, in order: ${committed.inSeqOrder}`);
      const relay = device.link.status();
      return [
        {
          name: 'link.drain.events_per_s',
          value: round(DRAIN_EVENTS / seconds, 0),
          unit: 'events/s',
          events: DRAIN_EVENTS,
          seconds: round(seconds, 2),
          streams: 4,
          batchMaxEvents: 100,
          window: 8,
          maxUnackedEvents: 2000,
          hqWorkers: 2,
          postgresFsync: true,
          outboxDepthAfter: relay.outbox.depth,
        },
      ];
    } finally {
      await device.close();
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

export const benchmarks: Benchmark[] = [
  { name: 'link.drain', run: drain },
  { name: 'link.ack_latency', run: ackLatency },
];
