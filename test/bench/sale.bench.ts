/**
 * Selling figures, measured through the API as the counter uses it (inject: routing, validation,
 * auth, service, ledger): add to cart by barcode with 20,000 pieces in the catalog, and completing
 * a 3-line, 2-tender sale with 200,000 sales in the ledger.
 */
import { performance } from 'node:perf_hooks';
import { SYSTEM_ACTOR } from '../../runtime/src/domain/actor.ts';
import type { Ledger } from '../../runtime/src/store/ledger.ts';
import type { StoredEventDraft } from '../../runtime/src/store/outbox.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../helpers/appliance.ts';
import { quantile, round, type Benchmark, type Figure } from './harness.ts';

function addPieces(t: TestAppliance, count: number, prefix: string): void {
  const db = t.appliance.ledger.db;
  const insert = db.prepare(
    `INSERT INTO pieces (id, stock_no, barcode, description, category, metal, fineness, cost_minor, retail_minor, currency, location, ownership, status, created_at, updated_at)
     VALUES (?, ?, ?, 'Bench ring', 'ring', 'gold', 750, 100000, 250000, 'USD', 'Case 1', 'owned', 'in_stock', '2026-11-24T00:00:00Z', '2026-11-24T00:00:00Z')`,
  );
  // Every bench piece has a certified centre stone, as a jeweler's case does: a scan also looks up certificate numbers.
  const stone = db.prepare("INSERT INTO piece_stones (piece_id, position, type, weight_ug, cert_lab, cert_report_no) VALUES (?, 0, 'diamond', 102000, 'GIA', ?)");
  db.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      insert.run(`${prefix}${n}`, `${prefix}-${n}`, `${prefix}9${String(n).padStart(8, '0')}`);
      stone.run(`${prefix}${n}`, `${prefix}7${String(n).padStart(9, '0')}`);
    }
  })();
}

/** Writes `count` completed sales of history through the ledger's write path, without waiting for the disk. */
function addHistory(t: TestAppliance, count: number): void {
  // Stub documents, not the catalog's sale.completed: only their number and size matter here.
  const ledger: Ledger<StoredEventDraft> = t.appliance.ledger;
  ledger.db.pragma('synchronous = OFF');
  const staffId = (ledger.db.prepare('SELECT id FROM staff LIMIT 1').get() as { id: string }).id;
  for (let n = 0; n < count; n += 1) {
    ledger.write({ action: 'sale.completed', actor: SYSTEM_ACTOR, target: `sale:H${n}` }, (db) => {
      const document = { saleId: `H${n}`, receiptNo: `0042-09-${n}`, lines: [{ stockNo: `HIST-${n}`, totalMinor: 272_188 }], totalMinor: 272_188 };
      db.prepare(
        "INSERT INTO sales (id, receipt_no, completed_at, staff_id, currency, subtotal_minor, discount_minor, tax_minor, total_minor, document) VALUES (?, ?, '2026-01-01T00:00:00Z', ?, 'USD', 250000, 0, 22188, 272188, ?)",
      ).run(`H${n}`, `0042-09-${String(n).padStart(6, '0')}`, staffId, JSON.stringify(document));
      for (let line = 1; line <= 3; line += 1) {
        db.prepare("INSERT INTO sale_lines (sale_id, line_no, description, unit_minor, tax_minor) VALUES (?, ?, 'History', 83333, 7396)").run(`H${n}`, line);
      }
      db.prepare("INSERT INTO sale_tenders (sale_id, tender_no, kind, amount_minor, currency, applied_minor) VALUES (?, 1, 'card', 200000, 'USD', 200000), (?, 2, 'cash', 72188, 'USD', 72188)").run(`H${n}`, `H${n}`);
      return { result: null, after: document, events: [{ stream: 'sales', type: 'sale.completed', schemaVersion: 1, businessKey: `sale:H${n}`, payload: document }] };
    });
  }
  ledger.db.pragma('synchronous = FULL');
  ledger.db.pragma('wal_checkpoint(TRUNCATE)');
}

async function timed(run: () => Promise<{ statusCode: number; body: string }>, expected: number): Promise<number> {
  const start = performance.now();
  const reply = await run();
  const elapsed = performance.now() - start;
  if (reply.statusCode !== expected) throw new Error(`answered ${reply.statusCode}: ${reply.body}`);
  return elapsed;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'sale.add_to_cart',
    async run(): Promise<Figure[]> {
      const t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
      try {
        addPieces(t, 20_000, 'A');
        const token = await t.login('101', '3917');
        const times: number[] = [];
        let cart = '';
        for (let n = 0; n < 2_000; n += 1) {
          if (n % 5 === 0) cart = (await t.api.inject({ method: 'POST', url: '/api/v1/sales/carts', headers: bearer(token) })).json().id;
          const code = `A9${String((n * 7919) % 20_000).padStart(8, '0')}`;
          times.push(await timed(() => t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart}/lines`, headers: bearer(token), payload: { code } }), 200));
        }
        return [{ name: 'sale.add_to_cart.p99_ms', value: round(quantile(times, 0.99)), unit: 'ms', p50: round(quantile(times, 0.5)), piecesInCatalog: 20_036, adds: times.length, via: 'API inject' }];
      } finally {
        await t.stop();
      }
    },
  },
  {
    name: 'sale.complete',
    async run(): Promise<Figure[]> {
      const t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
      try {
        addHistory(t, 200_000);
        addPieces(t, 1_500, 'C');
        await openTill(t);
        const token = await t.login('101', '3917');
        const times: number[] = [];
        for (let n = 0; n < 500; n += 1) {
          const cart = (await t.api.inject({ method: 'POST', url: '/api/v1/sales/carts', headers: bearer(token) })).json().id;
          let total = 0;
          for (let line = 0; line < 3; line += 1) {
            total = (await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart}/lines`, headers: bearer(token), payload: { code: `C9${String(n * 3 + line).padStart(8, '0')}` } })).json().totalMinor;
          }
          await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart}/tenders`, headers: bearer(token), payload: { kind: 'card', amountMinor: total - 50_000, currency: 'USD' } });
          await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart}/tenders`, headers: bearer(token), payload: { kind: 'cash', amountMinor: 50_000, currency: 'USD' } });
          times.push(await timed(() => t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart}/complete`, headers: bearer(token) }), 201));
        }
        return [{ name: 'sale.complete.p99_ms', value: round(quantile(times, 0.99)), unit: 'ms', p50: round(quantile(times, 0.5)), salesInLedger: 200_000, lines: 3, tenders: 2, completions: times.length, synchronous: 'FULL', via: 'API inject' }];
      } finally {
        await t.stop();
      }
    },
  },
];
