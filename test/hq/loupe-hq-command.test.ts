/**
 * `loupe hq` as an operator runs it: a child process against the test's Mosquitto and its own
 * PostgreSQL database, fed one device's event batches, then SIGTERM. What counts is the rows it
 * committed and its exit code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nextMessage, observer, within } from '../helpers/link-rig.ts';
import { LOUPE_BIN } from '../helpers/loupe-process.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { saleBatch } from '../helpers/event-batches.ts';

const LOUPE_HQ_BIN = fileURLToPath(new URL('../../hq/bin/loupe-hq.js', import.meta.url));

interface Ctx {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  children: ChildProcess[];
  clients: MqttClient[];
}

const command = suite<Ctx>('loupe hq', {} as Ctx);
command.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.broker = await MosquittoBroker.start();
  ctx.children = [];
  ctx.clients = [];
});
command.after.each(async (ctx) => {
  for (const client of ctx.clients.splice(0)) await client.endAsync(true).catch(() => undefined);
  for (const child of ctx.children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
command.after(async (ctx) => {
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
});

interface RunningHq {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** Spawns HQ and resolves once every worker is subscribed ("HQ ingest workers ready"). */
function spawnHq(ctx: Ctx, args: string[], env: Record<string, string> = {}): Promise<RunningHq> {
  const child = spawn(process.execPath, args, { env: { ...process.env, HQ_LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  ctx.children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return within(
    new Promise<RunningHq>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('"msg":"HQ ingest workers ready"')) resolve({ child, exited, output: () => output });
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then((code) => reject(new Error(`HQ exited with ${code} before it was ready:\n${output}`)));
    }),
    30_000,
    `HQ ready (${args.join(' ')})`,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });
}

const batch = (deviceId: string, from: number, to: number) => saleBatch(from, to, deviceId);

/** Publishes `batches` batches of 25 as the device and waits for HQ's ack of the last seq. */
async function deliver(ctx: Ctx, deviceId: string, batches: number): Promise<number> {
  const device = await observer(ctx.broker.url, deviceId);
  ctx.clients.push(device);
  const last = batches * 25;
  const acked = nextMessage(device, `loupe/v1/d/${deviceId}/ack`, (_topic, payload) => (JSON.parse(payload.toString()) as { upTo: number }).upTo >= last, 20_000);
  await new Promise((resolve) => setImmediate(resolve));
  for (let i = batches - 1; i >= 0; i -= 1) {
    // Newest first: HQ must park them and apply in seq order once the first arrives.
    await device.publishAsync(`loupe/v1/d/${deviceId}/evt/sales`, JSON.stringify(batch(deviceId, i * 25 + 1, (i + 1) * 25)), { qos: 1 });
  }
  await acked;
  return last;
}

async function committed(url: string, deviceId: string): Promise<{ rows: number; distinct: number; inOrder: boolean }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ rows: string; distinct: string; disorder: string }>(
      `SELECT COUNT(*) AS rows, COUNT(DISTINCT seq) AS distinct,
              (SELECT COUNT(*) FROM (SELECT seq - LAG(seq) OVER (ORDER BY apply_no) AS step FROM events WHERE device_id = $1) s WHERE step <> 1) AS disorder
         FROM events WHERE device_id = $1`,
      [deviceId],
    );
    return { rows: Number(rows[0]?.rows), distinct: Number(rows[0]?.distinct), inOrder: Number(rows[0]?.disorder) === 0 };
  } finally {
    await client.end();
  }
}

command('should ingest a device’s batches into PostgreSQL and exit 0 on SIGTERM :: loupe hq, 3 workers, 8 batches of 25', async (ctx) => {
  const url = ctx.cluster.url(await ctx.cluster.createDatabase());
  const hq = await spawnHq(ctx, [LOUPE_BIN, 'hq', '--database-url', url, '--broker', ctx.broker.url, '--workers', '3', '--primary']);
  assert.match(hq.output(), /"workers":3/);
  const last = await deliver(ctx, 'pos-cli0001', 8);
  assert.equal(await committed(url, 'pos-cli0001'), { rows: last, distinct: last, inOrder: true });

  hq.child.kill('SIGTERM');
  assert.is(await within(hq.exited, 15_000, 'HQ exiting after SIGTERM'), 0, hq.output());
  assert.match(hq.output(), /"msg":"HQ stopped"/);
});

command('should take the database and broker from HQ_DATABASE_URL and HQ_BROKER_URL :: loupe-hq, 1 worker, 4 batches of 25', async (ctx) => {
  const url = ctx.cluster.url(await ctx.cluster.createDatabase());
  const hq = await spawnHq(ctx, [LOUPE_HQ_BIN], { HQ_DATABASE_URL: url, HQ_BROKER_URL: ctx.broker.url });
  const last = await deliver(ctx, 'pos-cli0002', 4);
  assert.equal(await committed(url, 'pos-cli0002'), { rows: last, distinct: last, inOrder: true });

  hq.child.kill('SIGINT');
  assert.is(await within(hq.exited, 15_000, 'HQ exiting after SIGINT'), 0, hq.output());
});

command('should refuse a worker count that is not a number :: --workers many, exit 1', async (ctx) => {
  const child = spawn(process.execPath, [LOUPE_BIN, 'hq', '--database-url', 'postgres://x@127.0.0.1:1/x', '--broker', ctx.broker.url, '--workers', 'many'], { stdio: ['ignore', 'pipe', 'pipe'] });
  ctx.children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await within(new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode))), 30_000, 'loupe hq refusing');
  assert.is(code, 1);
  assert.match(stderr, /--workers/);
});

command.run();
