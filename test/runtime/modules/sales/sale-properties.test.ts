/**
 * The selling rules' properties through the whole stack: random carts of pieces and bulk units,
 * line and cart discounts, both tax modes with a rate per category, and random splits of card,
 * credits, dollars and euros, rung up through the API, completed, then returned in full. What the
 * API showed, the ledger committed, HQ's event carries and the refund gave back agree to the cent.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TAX_RATE_SCALE } from '../../../../runtime/src/domain/cart-pricing.ts';
import { verifyAuditLog } from '../../../../runtime/src/store/audit-log.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { offersFor, tenderPlan } from '../../../helpers/sale-arbitraries.ts';

const PIECES = ['R-10041', 'R-10042', 'R-10045', 'E-10041', 'E-10042', 'P-10041', 'B-10041', 'N-10041', 'C-10041'];
const BULK = ['CH-16-750', 'CH-18-925', 'BT-SR626SW', 'CARE-CLOTH'];
/** Accounts the non-cash tenders draw on: gift card and credit note numbers by tender kind. */
const ACCOUNTS: Record<string, string> = { '6000000000000007': 'gift_card', '7000000000000005': 'store_credit' };
const REFERENCE: Record<string, string> = { gift_card: '6000000000000007', store_credit: '7000000000000005', card: 'AUTH 1', trade_in: 'TRADE-IN 1' };

/** €1 = $1.0842, as HQ's fx document gives it. */
const EUR_RATE = '1.0842';

interface Line {
  code: string;
  quantity: number;
  discount: null | { kind: 'percent'; bps: number } | { kind: 'amount'; permille: number };
}

const lineArb: fc.Arbitrary<Line> = fc.record({
  code: fc.constantFrom(...PIECES, ...BULK),
  quantity: fc.integer({ min: 1, max: 4 }),
  discount: fc.oneof(
    fc.constant(null),
    fc.integer({ min: 1, max: 10_000 }).map((bps) => ({ kind: 'percent' as const, bps })),
    fc.integer({ min: 1, max: 1000 }).map((permille) => ({ kind: 'amount' as const, permille })),
  ),
});

const saleArb = fc.record({
  lines: fc.uniqueArray(lineArb, { minLength: 1, maxLength: 5, selector: (line) => line.code }),
  cartDiscount: fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 5000 }).map((bps) => ({ kind: 'percent' as const, bps }))),
  plan: tenderPlan,
});

type View = {
  id: string;
  lines: { lineId: string; kind: string; stockNo: string; quantity: number; unitMinor: number; discountMinor: number; taxMinor: number; totalMinor: number }[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  paidMinor: number;
  remainingMinor: number;
  changeMinor: number;
  tenders: { kind: string; tenderedMinor: number; currency: string; appliedMinor: number }[];
};

const properties = suite('selling properties through the API');

/** Tax setups as stores run them: NY sales tax with untaxed chains, VAT at 20 % and 5.5 %, Swiss VAT, none. */
const SETUPS = [
  { mode: 'exclusive', standard: 8875, chain: 0 },
  { mode: 'exclusive', standard: 0, chain: 7700 },
  { mode: 'inclusive', standard: 20_000, chain: 5500 },
  { mode: 'inclusive', standard: 8100, chain: 8100 },
] as const;

for (const [index, { mode, standard, chain }] of SETUPS.entries()) {
  properties(`should agree to the cent from cart to ledger, HQ event and full refund :: ${mode} tax ${standard}/${chain}`, async () => {
    // Large cash is its own test (clients/large-cash.test.ts): here the threshold is out of reach, so any split may be cash.
    const t = await startTestAppliance({
      settings: { selling: { taxMode: mode, taxRates: { standard, chain }, taxClassOf: { chain: 'chain' } }, compliance: { largeCash: { thresholdMinor: 1_000_000_000_000 } } },
    });
    try {
      const db = t.appliance.ledger.db;
      db.prepare("INSERT INTO fx_rates (base, quote, rate_e8, as_of, version) VALUES ('EUR', 'USD', 108420000, '2026-11-24T09:00:00Z', 1)").run();
      // A gift card and a credit note deep enough for every run's share of them.
      for (const [number, kind] of Object.entries(ACCOUNTS)) db.prepare("INSERT INTO stored_value (number, kind, currency, balance_minor, issued_at) VALUES (?, ?, 'USD', 1000000000000, '2026-11-01T10:00:00Z')").run(number, kind);
      await openTill(t);
      const manager = await t.login('100', '8264');
      const senior = await t.login('102', '5180');
      await fc.assert(fc.asyncProperty(saleArb, (sale) => ringUpAndReturn(t, manager, senior, sale, { standard, chain }, mode)), { numRuns: 40, seed: 2026 + index, includeErrorInReport: true });
    } finally {
      await t.stop();
    }
  });
}

type Sale = { lines: Line[]; cartDiscount: null | { kind: 'percent'; bps: number }; plan: Parameters<typeof offersFor>[1] };
type Rates = { standard: number; chain: number };
/** An API call that must succeed; its JSON answer, whose shape the caller knows. */
type Call = (token: string, method: 'POST' | 'PUT' | 'GET', url: string, payload?: object) => Promise<any>;

async function ringUpAndReturn(t: TestAppliance, manager: string, senior: string, sale: Sale, rates: Rates, mode: 'exclusive' | 'inclusive'): Promise<void> {
  const db = t.appliance.ledger.db;
  const call: Call = async (token, method, url, payload) => {
    const reply = await t.api.inject({ method, url: `/api/v1/sales${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
    assert.ok(reply.statusCode < 300, `${method} ${url} ${JSON.stringify(payload)} → ${reply.statusCode} ${reply.body}`);
    return reply.json();
  };
  const onHand = () => db.prepare('SELECT sku, quantity FROM bulk_items ORDER BY sku').all();
  const stockBefore = onHand();

  const cart: View = await call(manager, 'POST', '/carts');
  let view: View;
  try {
    view = await ringUp(call, manager, cart, sale, rates, mode);
  } catch (error) {
    // Leave no open cart holding pieces for the next run (or the shrinking) to trip over.
    await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart.id}/void`, headers: bearer(manager), payload: { reason: 'property run failed' } });
    throw error;
  }
  const done = await call(manager, 'POST', `/carts/${view.id}/complete`);
  const receiptNo: string = done.receiptNo;

  // The ledger and HQ's event say what the screen said.
  const row = db.prepare('SELECT id, subtotal_minor, discount_minor, tax_minor, total_minor FROM sales WHERE receipt_no = ?').get(receiptNo) as Record<string, number | string>;
  assert.equal([row.subtotal_minor, row.discount_minor, row.tax_minor, row.total_minor], [view.subtotalMinor, view.discountMinor, view.taxMinor, view.totalMinor]);
  const lines = db.prepare('SELECT quantity, unit_minor, discount_minor, tax_minor FROM sale_lines WHERE sale_id = ? ORDER BY line_no').all(row.id) as Record<string, number>[];
  assert.equal(lines.map((line) => [line.quantity, line.unit_minor, line.discount_minor, line.tax_minor]), view.lines.map((line) => [line.quantity, line.unitMinor, line.discountMinor, line.taxMinor]));
  const applied = db.prepare('SELECT SUM(applied_minor) AS applied FROM sale_tenders WHERE sale_id = ?').get(row.id) as { applied: number };
  assert.is(applied.applied, view.totalMinor);
  const change = db.prepare("SELECT COALESCE(SUM(amount_minor), 0) AS change FROM till_movements WHERE reference = ? AND kind = 'change'").get(receiptNo) as { change: number };
  assert.is(-change.change, view.changeMinor);
  const event = JSON.parse((db.prepare('SELECT body FROM outbox WHERE business_key = ?').get(`sale:${receiptNo}`) as { body: string }).body).payload;
  assert.equal([event.totalMinor, event.taxMinor, event.changeMinor], [view.totalMinor, view.taxMinor, view.changeMinor]);

  // Return everything: the refund is the total, split over the tenders, and the stock comes back.
  const lookup = await call(senior, 'GET', `/receipts/${receiptNo}`);
  const refund = await call(senior, 'POST', `/receipts/${receiptNo}/refunds`, { lines: lookup.lines.map((line: { lineId: string; returnableQuantity: number }) => ({ lineId: line.lineId, quantity: line.returnableQuantity })) });
  const refunded = JSON.parse((db.prepare('SELECT body FROM outbox WHERE business_key = ?').get(`refund:${refund.refundNo}`) as { body: string }).body).payload;
  assert.is(refunded.amount, view.totalMinor);
  assert.is(refunded.tenders.reduce((total: number, tender: { amount: number }) => total + tender.amount, 0) + refunded.rounding, view.totalMinor);
  assert.equal(onHand(), stockBefore);
  for (const code of sale.lines.map((line) => line.code).filter((code) => PIECES.includes(code))) {
    assert.equal(db.prepare('SELECT status FROM pieces WHERE stock_no = ?').get(code), { status: 'in_stock' });
  }
  assert.ok(verifyAuditLog(db).ok);
}

/** Rings the sale up and pays it; checks the priced cart and the settlement on the way. */
async function ringUp(call: Call, manager: string, cart: View, sale: Sale, rates: Rates, mode: 'exclusive' | 'inclusive'): Promise<View> {
  let view = cart;
  for (const line of sale.lines) {
    view = await call(manager, 'POST', `/carts/${view.id}/lines`, { code: line.code, quantity: BULK.includes(line.code) ? line.quantity : 1 });
    const added = view.lines.at(-1)!;
    if (!line.discount) continue;
    const gross = added.unitMinor * added.quantity;
    const discount = line.discount.kind === 'percent' ? line.discount : { kind: 'amount', minor: Math.max(1, Math.floor((gross * line.discount.permille) / 1000)) };
    view = await call(manager, 'PUT', `/carts/${view.id}/lines/${added.lineId}/discount`, { discount });
  }
  if (sale.cartDiscount && view.totalMinor > 0) view = await call(manager, 'PUT', `/carts/${view.id}/discount`, { discount: sale.cartDiscount });

  // The priced cart: sums agree, and each line's tax is the exact tax rounded half-up.
  const sum = (pick: (line: View['lines'][number]) => number) => view.lines.reduce((total, line) => total + pick(line), 0);
  assert.is(sum((line) => line.totalMinor), view.totalMinor);
  assert.is(sum((line) => line.taxMinor), view.taxMinor);
  assert.is(sum((line) => line.discountMinor), view.discountMinor);
  assert.is(sum((line) => line.unitMinor * line.quantity), view.subtotalMinor);
  assert.is(view.totalMinor, mode === 'exclusive' ? view.subtotalMinor - view.discountMinor + view.taxMinor : view.subtotalMinor - view.discountMinor);
  for (const line of view.lines) {
    // Chains are taxed in their own class (settings: taxClassOf.chain).
    const rate = BigInt(line.stockNo.startsWith('CH-') ? rates.chain : rates.standard);
    const net = BigInt(line.unitMinor * line.quantity - line.discountMinor);
    const denominator = mode === 'exclusive' ? BigInt(TAX_RATE_SCALE) : BigInt(TAX_RATE_SCALE) + rate;
    const error = BigInt(line.taxMinor) * denominator - net * rate;
    assert.ok(2n * error <= denominator && -2n * error < denominator, `tax ${line.taxMinor} on ${net} at ${rate} (${mode})`);
  }

  // Pay it: non-cash shares, then dollars and euros; the last cash tender covers what is left.
  const plan = { ...sale.plan, cash: sale.plan.cash.map((cash) => ({ ...cash, rate: EUR_RATE })) };
  for (const offer of offersFor(view.totalMinor, plan, true, 1)) {
    if (view.remainingMinor === 0) break;
    const amountMinor = offer.kind === 'cash' ? offer.amount.minor : Math.min(offer.amount.minor, view.remainingMinor);
    view = await call(manager, 'POST', `/carts/${view.id}/tenders`, { kind: offer.kind, amountMinor, currency: offer.amount.currency, ...(offer.kind === 'cash' ? {} : { reference: REFERENCE[offer.kind] }), ...(offer.kind === 'trade_in' ? { tradeIn: { description: '9k gold signet ring' } } : {}) });
  }
  if (view.remainingMinor > 0 || view.tenders.length === 0) view = await call(manager, 'POST', `/carts/${view.id}/tenders`, { kind: 'cash', amountMinor: Math.max(view.remainingMinor, 1), currency: 'USD' });
  assert.is(view.remainingMinor, 0);
  assert.is(view.tenders.reduce((total, tender) => total + tender.appliedMinor, 0), view.totalMinor);
  assert.is(view.paidMinor, view.totalMinor);
  assert.ok(view.changeMinor >= 0);
  // Change comes only from cash: without cash nothing is paid over.
  if (!view.tenders.some((tender) => tender.kind === 'cash')) assert.is(view.changeMinor, 0);
  return view;
}

properties.run();
