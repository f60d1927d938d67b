/**
 * Ledger figures: commit latency of a sale-sized transaction with an empty ledger and with 200,000
 * sales in it, and cold start to /healthz.
 *
 * A "sale-sized" transaction is what completing a sale writes through the one write path: the sale,
 * two lines (a serialized piece marked sold, a bulk item), two tenders, the receipt counter, the
 * audit entry with before/after snapshots and the HQ event with the whole sale. The sale command
 * itself arrives with the selling issue; until then this file writes those rows itself.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../runtime/src/domain/actor.ts';
import { createUlidFactory } from '../../runtime/src/domain/ulid.ts';
import { nextCounter } from '../../runtime/src/store/audit-log.ts';
import { Ledger } from '../../runtime/src/store/ledger.ts';
import type { StoredEventDraft } from '../../runtime/src/store/outbox.ts';
import { LOUPE_BIN } from '../helpers/loupe-process.ts';
import { quantile, round, type Benchmark, type Figure } from './harness.ts';

const MEASURED = 2_000;
const WARMUP = 200;

function openLedger(dir: string): Ledger<StoredEventDraft> {
  // A sale-sized stub event, not the catalog's sale.completed: the commit's cost is measured.
  return Ledger.open<StoredEventDraft>({
    path: join(dir, 'ledger.sqlite'),
    identity: { deviceId: 'pos-bench01', storeId: '0042', bootId: 'bench', clockSynced: () => true },
    now: () => new Date(),
    newId: createUlidFactory({ now: () => Date.now(), randomBytes: (n) => randomBytes(n) }),
  });
}

function addPieces(ledger: Ledger<StoredEventDraft>, from: number, to: number): void {
  const insert = ledger.db.prepare(
    `INSERT INTO pieces (id, stock_no, description, category, metal, fineness, cost_minor, retail_minor, currency, location, ownership, status, created_at, updated_at)
     VALUES (?, ?, 'Bench ring', 'ring', 'gold', 750, 100000, 250000, 'USD', 'Case 1', 'owned', 'in_stock', '2026-11-24T00:00:00Z', '2026-11-24T00:00:00Z')`,
  );
  ledger.db.transaction(() => {
    for (let n = from; n < to; n += 1) insert.run(`P${n}`, `B-${n}`);
  })();
  ledger.db.prepare("INSERT OR IGNORE INTO staff (id, code, name, role, pin_hash, created_at, updated_at) VALUES ('S1', '100', 'Bench', 'associate', 'x', '', '')").run();
}

function commitSale(ledger: Ledger<StoredEventDraft>, n: number): void {
  const saleId = `SALE${n}`;
  ledger.write({ action: 'sale.completed', actor: SYSTEM_ACTOR, target: `sale:${saleId}` }, (db) => {
    const receiptNo = `0042-01-${String(nextCounter(db, 'receipt')).padStart(6, '0')}`;
    db.prepare(
      `INSERT INTO sales (id, receipt_no, completed_at, staff_id, currency, subtotal_minor, discount_minor, tax_minor, total_minor)
       VALUES (?, ?, ?, 'S1', 'USD', 253500, 0, 22498, 275998)`,
    ).run(saleId, receiptNo, new Date().toISOString());
    db.prepare("INSERT INTO sale_lines (sale_id, line_no, piece_id, description, unit_minor, tax_minor) VALUES (?, 1, ?, 'Bench ring', 250000, 22188)").run(saleId, `P${n}`);
    db.prepare("INSERT INTO sale_lines (sale_id, line_no, piece_id, description, unit_minor, tax_minor) VALUES (?, 2, NULL, 'Polishing cloth', 3500, 310)").run(saleId);
    db.prepare("INSERT INTO sale_tenders (sale_id, tender_no, kind, amount_minor, currency) VALUES (?, 1, 'card', 200000, 'USD')").run(saleId);
    db.prepare("INSERT INTO sale_tenders (sale_id, tender_no, kind, amount_minor, currency) VALUES (?, 2, 'cash', 75998, 'USD')").run(saleId);
    db.prepare("UPDATE pieces SET status = 'sold', updated_at = ? WHERE id = ?").run(new Date().toISOString(), `P${n}`);
    const sale = {
      saleId,
      receiptNo,
      lines: [
        { pieceId: `P${n}`, stockNo: `B-${n}`, description: 'Bench ring', unitMinor: 250000, taxMinor: 22188 },
        { description: 'Polishing cloth', unitMinor: 3500, taxMinor: 310 },
      ],
      tenders: [
        { kind: 'card', amountMinor: 200000 },
        { kind: 'cash', amountMinor: 75998 },
      ],
      totalMinor: 275998,
      currency: 'USD',
    };
    return { result: null, before: { status: 'in_stock' }, after: sale, events: [{ stream: 'sales', type: 'sale.completed', schemaVersion: 1, businessKey: `sale:${receiptNo}`, payload: sale }] };
  });
}

/**
 * Commit latencies of MEASURED sales after `existing` sales are already in the ledger, with a
 * passive checkpoint every 2 s as the appliance runs it (LedgerCheckpoints); the checkpoints' own
 * durations are measured too.
 */
function measureCommits(existing: number): { p50: number; p99: number; fileMb: number; checkpointP99: number; checkpoints: number } {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-'));
  const ledger = openLedger(dir);
  try {
    addPieces(ledger, 0, existing + WARMUP + MEASURED);
    // Filling is not what is measured: write the history without waiting for the disk.
    ledger.db.pragma('synchronous = OFF');
    for (let n = 0; n < existing; n += 1) commitSale(ledger, n);
    ledger.db.pragma('synchronous = FULL');
    ledger.db.pragma('wal_checkpoint(TRUNCATE)');
    for (let n = existing; n < existing + WARMUP; n += 1) commitSale(ledger, n);
    const times: number[] = [];
    const checkpoints: number[] = [];
    let lastCheckpoint = performance.now();
    for (let n = existing + WARMUP; n < existing + WARMUP + MEASURED; n += 1) {
      if (performance.now() - lastCheckpoint >= 2_000) {
        const started = performance.now();
        ledger.checkpoint();
        checkpoints.push(performance.now() - started);
        lastCheckpoint = performance.now();
      }
      const start = performance.now();
      commitSale(ledger, n);
      times.push(performance.now() - start);
    }
    const started = performance.now();
    ledger.checkpoint();
    checkpoints.push(performance.now() - started);
    const fileMb = (ledger.db.prepare('SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()').get() as { bytes: number }).bytes / 1e6;
    return { p50: quantile(times, 0.5), p99: quantile(times, 0.99), fileMb, checkpointP99: quantile(checkpoints, 0.99), checkpoints: checkpoints.length };
  } finally {
    ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawning `loupe start` to the first 200 from /healthz. */
async function coldStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const start = performance.now();
  const child = spawn(process.execPath, [LOUPE_BIN, 'start', '--data', dataDir, '--port', String(port)], { stdio: 'ignore', env: { ...process.env, LOUPE_LOG_LEVEL: 'warn' } });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return performance.now() - start;
      } catch {
        // not listening yet
      }
      if (performance.now() - start > 30_000) throw new Error('no /healthz within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'ledger.commit',
    async run(): Promise<Figure[]> {
      const figures: Figure[] = [];
      for (const [label, existing] of [
        ['empty', 0],
        ['200k', 200_000],
      ] as const) {
        const { p50, p99, fileMb, checkpointP99, checkpoints } = measureCommits(existing);
        const context = { salesInLedger: existing, commits: MEASURED, synchronous: 'FULL', ledgerMb: round(fileMb, 1), checkpoints: 'passive, every 2 s, off the commit path' };
        figures.push({ name: `ledger.commit.p50_ms.${label}`, value: round(p50), unit: 'ms', ...context });
        figures.push({ name: `ledger.commit.p99_ms.${label}`, value: round(p99), unit: 'ms', ...context });
        figures.push({ name: `ledger.checkpoint.p99_ms.${label}`, value: round(checkpointP99), unit: 'ms', salesInLedger: existing, checkpoints });
      }
      return figures;
    },
  },
  {
    name: 'startup.healthz_ms',
    async run(): Promise<Figure[]> {
      const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-start-'));
      try {
        const firstBoot = await coldStart(dir); // creates the demo store
        const runs: number[] = [];
        for (let i = 0; i < 5; i += 1) runs.push(await coldStart(dir));
        return [
          { name: 'startup.healthz_ms', value: Math.round(quantile(runs, 0.5)), unit: 'ms', runs: runs.length, min: Math.round(Math.min(...runs)), max: Math.round(Math.max(...runs)), ledger: 'demo store' },
          { name: 'startup.healthz_ms.first_boot', value: Math.round(firstBoot), unit: 'ms', note: 'empty data folder: settings written, demo store created' },
        ];
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
