/**
 * The appliance process SIGKILLed in the middle of relaying (and of selling), then started again
 * on the same ledger: it resumes from the outbox and HQ ends with every committed event once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HqRig } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/appliance.ts', import.meta.url));
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

interface Context {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  hq: HqRig;
  dir: string;
}

const crash = suite<Context>('appliance crash', {} as Context);

crash.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.broker = await MosquittoBroker.start();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url, workers: 2 });
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-link-crash-'));
});

crash.after(async (ctx) => {
  children.forEach((child) => child.kill('SIGKILL'));
  await ctx.hq?.stop();
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
  rmSync(ctx.dir, { recursive: true, force: true });
});

interface Appliance {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<void>;
  /** Resolves when the appliance has printed a line `predicate` accepts (earlier lines count). */
  printed: (predicate: (fact: Record<string, unknown>) => boolean, timeoutMs: number) => Promise<void>;
}

function startAppliance(setup: Record<string, unknown>): Appliance {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, LOUPE_TEST_APPLIANCE: JSON.stringify(setup) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  const facts: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('{')) facts.push(JSON.parse(line) as Record<string, unknown>);
    waiters.forEach((wake) => wake());
  });
  const printed = (predicate: (fact: Record<string, unknown>) => boolean, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(new Error(`the appliance did not print the expected line within ${timeoutMs} ms: ${stderr}`));
      }, timeoutMs);
      const wake = () => {
        if (!facts.some(predicate)) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      waiters.add(wake);
      wake();
    });
  const ready = printed((fact) => fact.ready === true, 30_000);
  return { child, ready, exited, printed };
}

function ledgerFacts(dir: string): { lastSeq: number; unacked: number } {
  const db = new Database(join(dir, 'ledger.sqlite'));
  try {
    const lastSeq = (db.prepare("SELECT value FROM counters WHERE name = 'outbox.seq'").get() as { value: number }).value;
    const unacked = (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state <> 'acked'").get() as { n: number }).n;
    return { lastSeq, unacked };
  } finally {
    db.close();
  }
}

crash('should resume from the outbox after a SIGKILL mid-relay and leave HQ exactly once :: selling 10 events every 5 ms', async (ctx) => {
  const deviceId = 'pos-crash01';
  const first = startAppliance({ dir: ctx.dir, brokerUrl: ctx.broker.url, deviceId, sellEveryMs: 5, perSale: 10 });
  await first.ready;
  await ctx.hq.waitForHwm(deviceId, 1500, 60_000);
  first.child.kill('SIGKILL');
  await first.exited;

  const atCrash = ledgerFacts(ctx.dir);
  const hwmAtCrash = await ctx.hq.primary.hwm(deviceId);
  assert.ok(atCrash.unacked > 0 && atCrash.lastSeq > hwmAtCrash, `the kill must hit mid-relay (last ${atCrash.lastSeq}, HQ ${hwmAtCrash})`);

  const second = startAppliance({ dir: ctx.dir, brokerUrl: ctx.broker.url, deviceId });
  await second.ready;
  await ctx.hq.waitForHwm(deviceId, atCrash.lastSeq, 60_000);
  await second.printed((fact) => fact.acked === atCrash.lastSeq, 10_000);
  second.child.kill('SIGTERM');
  await second.exited;

  const committed = await ctx.hq.committed(deviceId);
  const n = atCrash.lastSeq;
  assert.equal(committed, { rows: n, distinct: n, minSeq: 1, maxSeq: n, inSeqOrder: true, appliedCount: n, hwm: n });
  assert.is(ledgerFacts(ctx.dir).unacked, 0, 'the restarted appliance retired everything HQ acked');
});

crash.run();
