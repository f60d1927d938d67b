import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { priceCart } from '../../../runtime/src/domain/cart-pricing.ts';
import {
  decideExchange,
  decideReturn,
  returnableLines,
  type OriginalSale,
  type Refund,
  type ReturnDecision,
  type ReturnPolicy,
} from '../../../runtime/src/domain/returns.ts';
import { settleTenders } from '../../../runtime/src/domain/tenders.ts';
import { offersFor, pricingCase, tenderPlan } from '../../helpers/sale-arbitraries.ts';

const POLICY: ReturnPolicy = { windowDays: 30, cashIncrement: 1 };
const SOLD_AT = '2026-11-01T15:00:00.000Z';
const NEXT_WEEK = new Date('2026-11-08T11:00:00Z');

/** The New York sale of cart-pricing.test.ts: $14,208.19 solitaire + $240.07 studs, paid $10,000 card + cash. */
const NY_SALE: OriginalSale = {
  saleId: '0042-01-000123',
  currency: 'USD',
  soldAt: SOLD_AT,
  lines: [
    { lineId: 'solitaire', quantity: 1, total: 1_420_819, tax: 115_819 },
    { lineId: 'studs', quantity: 1, total: 24_007, tax: 1_957 },
  ],
  tenders: [
    { tenderId: 'card', kind: 'card', applied: 1_000_000 },
    { tenderId: 'cash', kind: 'cash', applied: 444_826 },
  ],
};

function refunded(decision: ReturnDecision): Refund {
  if (!decision.ok) throw new Error(`refused: ${decision.reason} ${decision.lineId}`);
  return decision.refund;
}

const returns = suite('decideReturn');

returns('should refund what the line was paid, tax included, to the card first :: studs $240.07', () => {
  const refund = refunded(decideReturn(NY_SALE, [], [{ lineId: 'studs', quantity: 1 }], POLICY, NEXT_WEEK));
  assert.equal(refund.lines, [{ lineId: 'studs', quantity: 1, amount: 24_007, tax: 1_957 }]);
  assert.equal(refund.tenders, [{ tenderId: 'card', kind: 'card', refundAs: 'card', amount: 24_007 }]);
  assert.equal([refund.amount, refund.tax, refund.rounding, refund.exchangeCredit], [24_007, 1_957, 0, 0]);
});

returns('should refund the rest of the card, then cash :: solitaire $14,208.19 after the studs', () => {
  const first = refunded(decideReturn(NY_SALE, [], [{ lineId: 'studs', quantity: 1 }], POLICY, NEXT_WEEK));
  const second = refunded(decideReturn(NY_SALE, [first], [{ lineId: 'solitaire', quantity: 1 }], POLICY, NEXT_WEEK));
  // card: 10,000.00 − 240.07 = 9,759.93; cash: 14,208.19 − 9,759.93 = 4,448.26 = all the cash kept
  assert.equal(second.tenders, [
    { tenderId: 'card', kind: 'card', refundAs: 'card', amount: 975_993 },
    { tenderId: 'cash', kind: 'cash', refundAs: 'cash', amount: 444_826 },
  ]);
  assert.equal(returnableLines(NY_SALE, [first, second], POLICY, NEXT_WEEK), [
    { lineId: 'solitaire', quantity: 0, amount: 0, refusal: 'return.already_refunded' },
    { lineId: 'studs', quantity: 0, amount: 0, refusal: 'return.already_refunded' },
  ]);
});

returns('should refuse a line already refunded :: the studs twice', () => {
  const first = refunded(decideReturn(NY_SALE, [], [{ lineId: 'studs', quantity: 1 }], POLICY, NEXT_WEEK));
  assert.equal(decideReturn(NY_SALE, [first], [{ lineId: 'studs', quantity: 1 }], POLICY, NEXT_WEEK), { ok: false, reason: 'return.already_refunded', lineId: 'studs' });
  assert.equal(decideReturn(NY_SALE, [], [{ lineId: 'studs', quantity: 1 }, { lineId: 'studs', quantity: 1 }], POLICY, NEXT_WEEK), {
    ok: false,
    reason: 'return.already_refunded',
    lineId: 'studs',
  });
});

returns('should close the window 30 × 24 h after the sale :: 1 Dec 15:00:00 yes, 15:00:01 no', () => {
  const request = [{ lineId: 'studs', quantity: 1 }];
  assert.ok(decideReturn(NY_SALE, [], request, POLICY, new Date('2026-12-01T15:00:00.000Z')).ok);
  assert.equal(decideReturn(NY_SALE, [], request, POLICY, new Date('2026-12-01T15:00:01.000Z')), { ok: false, reason: 'return.window_closed', lineId: null });
});

returns('should refuse a final-sale line :: an engraved band', () => {
  const sale: OriginalSale = { ...NY_SALE, lines: [...NY_SALE.lines, { lineId: 'band', quantity: 1, total: 95_000, tax: 7_739, finalSale: true }] };
  assert.equal(decideReturn(sale, [], [{ lineId: 'band', quantity: 1 }], POLICY, NEXT_WEEK), { ok: false, reason: 'return.final_sale', lineId: 'band' });
  assert.equal(returnableLines(sale, [], POLICY, NEXT_WEEK).map((line) => line.refusal), [null, null, 'return.final_sale']);
  assert.equal(returnableLines(sale, [], POLICY, new Date('2026-12-02T00:00:00Z')).map((line) => line.refusal), ['return.window_closed', 'return.window_closed', 'return.final_sale']);
});

returns('should throw on a sale without a valid time :: soldAt "yesterday"', () => {
  assert.throws(() => decideReturn({ ...NY_SALE, soldAt: 'yesterday' }, [], [{ lineId: 'studs', quantity: 1 }], POLICY, NEXT_WEEK), RangeError);
});

for (const [name, request, reason, lineId] of [
  ['nothing', [], 'return.nothing_requested', null],
  ['a line not on the sale', [{ lineId: 'tiara', quantity: 1 }], 'return.unknown_line', 'tiara'],
  ['zero units', [{ lineId: 'studs', quantity: 0 }], 'return.quantity_invalid', 'studs'],
  ['two studs of one', [{ lineId: 'studs', quantity: 2 }], 'return.already_refunded', 'studs'],
] as const) {
  returns(`should refuse a request of :: ${name}`, () => {
    assert.equal(decideReturn(NY_SALE, [], request, POLICY, NEXT_WEEK), { ok: false, reason, lineId });
  });
}

returns('should refund units of a line one by one to the cent :: 3 pearl studs paid $1,000.00', () => {
  // $1,000.00 over 3 units = 333.34 + 333.33 + 333.33; tax $81.51 = 27.17 + 27.17 + 27.17
  const sale: OriginalSale = { ...NY_SALE, lines: [{ lineId: 'pearls', quantity: 3, total: 100_000, tax: 8_151 }], tenders: [{ tenderId: 'card', kind: 'card', applied: 100_000 }] };
  const first = refunded(decideReturn(sale, [], [{ lineId: 'pearls', quantity: 1 }], POLICY, NEXT_WEEK));
  assert.equal(first.lines, [{ lineId: 'pearls', quantity: 1, amount: 33_334, tax: 2_717 }]);
  assert.equal(returnableLines(sale, [first], POLICY, NEXT_WEEK), [{ lineId: 'pearls', quantity: 2, amount: 66_666, refusal: null }]);
  const rest = refunded(decideReturn(sale, [first], [{ lineId: 'pearls', quantity: 2 }], POLICY, NEXT_WEEK));
  assert.equal([rest.amount, rest.tax], [66_666, 5_434]);
});

returns('should give credit back as store credit before any cash :: $500 gift card + $500 cash, half returned', () => {
  const sale: OriginalSale = {
    ...NY_SALE,
    lines: [
      { lineId: 'a', quantity: 1, total: 50_000, tax: 0 },
      { lineId: 'b', quantity: 1, total: 50_000, tax: 0 },
    ],
    tenders: [
      { tenderId: 'cash', kind: 'cash', applied: 50_000 },
      { tenderId: 'gift', kind: 'gift_card', applied: 50_000 },
    ],
  };
  const refund = refunded(decideReturn(sale, [], [{ lineId: 'a', quantity: 1 }], POLICY, NEXT_WEEK));
  assert.equal(refund.tenders, [{ tenderId: 'gift', kind: 'gift_card', refundAs: 'store_credit', amount: 50_000 }]);
});

const swiss = suite('decideReturn cash rounding');

const GENEVA: ReturnPolicy = { windowDays: 14, cashIncrement: 5 };

swiss('should give back exactly the cash kept :: CHF 1,249.97 paid CHF 1,249.95 in cash', () => {
  const sale: OriginalSale = { saleId: 's', currency: 'CHF', soldAt: SOLD_AT, lines: [{ lineId: 'watch', quantity: 1, total: 124_997, tax: 9_366 }], tenders: [{ tenderId: 'cash', kind: 'cash', applied: 124_995 }] };
  const refund = refunded(decideReturn(sale, [], [{ lineId: 'watch', quantity: 1 }], GENEVA, NEXT_WEEK));
  assert.equal([refund.amount, refund.tenders[0]?.amount, refund.rounding], [124_997, 124_995, -2]);
});

swiss('should not drift over partial returns :: CHF 333.33 + 333.33 + 333.34 paid CHF 1,000 cash', () => {
  // cumulative exact 333.33 → 333.35 (+0.02); 666.66 → 666.65 (333.30, −0.03); 1,000.00 → 1,000.00 (333.35, +0.01)
  const sale: OriginalSale = {
    saleId: 's',
    currency: 'CHF',
    soldAt: SOLD_AT,
    lines: [
      { lineId: 'a', quantity: 1, total: 33_333, tax: 0 },
      { lineId: 'b', quantity: 1, total: 33_333, tax: 0 },
      { lineId: 'c', quantity: 1, total: 33_334, tax: 0 },
    ],
    tenders: [{ tenderId: 'cash', kind: 'cash', applied: 100_000 }],
  };
  const previous: Refund[] = [];
  for (const lineId of ['a', 'b', 'c']) previous.push(refunded(decideReturn(sale, previous, [{ lineId, quantity: 1 }], GENEVA, NEXT_WEEK)));
  assert.equal(previous.map((refund) => [refund.tenders[0]?.amount, refund.rounding]), [
    [33_335, 2],
    [33_330, -3],
    [33_335, 1],
  ]);
});

const exchanges = suite('decideExchange');

exchanges('should let the customer pay the difference :: studs $240.07 for a $544.38 pendant', () => {
  const decision = decideExchange(NY_SALE, [], [{ lineId: 'studs', quantity: 1 }], POLICY, NEXT_WEEK, { minor: 54_438, currency: 'USD' });
  assert.ok(decision.ok);
  assert.equal([decision.customerPays, decision.refund.exchangeCredit, decision.refund.tenders], [30_431, 24_007, []]);
});

exchanges('should refund the difference to the card :: solitaire $14,208.19 for a $10,000.00 necklace', () => {
  const decision = decideExchange(NY_SALE, [], [{ lineId: 'solitaire', quantity: 1 }], POLICY, NEXT_WEEK, { minor: 1_000_000, currency: 'USD' });
  assert.ok(decision.ok);
  assert.is(decision.customerPays, 0);
  assert.equal(decision.refund.tenders, [{ tenderId: 'card', kind: 'card', refundAs: 'card', amount: 420_819 }]);
});

exchanges('should refuse a new cart in another currency :: EUR against a USD sale', () => {
  assert.equal(decideExchange(NY_SALE, [], [{ lineId: 'studs', quantity: 1 }], POLICY, NEXT_WEEK, { minor: 1, currency: 'EUR' }), {
    ok: false,
    reason: 'return.currency_mismatch',
    lineId: null,
  });
});

const property = suite('decideReturn properties');

const saleAndReturns = fc
  .record({ pricing: pricingCase, plan: tenderPlan, cashIncrement: fc.constantFrom(1, 5) })
  .chain((drawn) => {
    const priced = priceCart(drawn.pricing.cart, drawn.pricing.tax, { maxLineBps: 10_000, maxCartBps: 10_000 });
    if (!priced.ok) throw new Error(priced.reason);
    const units = priced.cart.lines.flatMap((line) => Array.from({ length: line.quantity }, () => line.lineId));
    return fc.record({
      drawn: fc.constant(drawn),
      cart: fc.constant(priced.cart),
      order: fc.shuffledSubarray(units, { minLength: units.length, maxLength: units.length }),
      cuts: fc.array(fc.boolean(), { minLength: units.length, maxLength: units.length }),
    });
  });

property('should never refund more than was paid and refund a full return exactly :: random sales, random partial returns', () => {
  fc.assert(
    fc.property(saleAndReturns, ({ drawn, cart, order, cuts }) => {
      const settlement = settleTenders({ minor: cart.total, currency: 'USD' }, offersFor(cart.total, drawn.plan, true, drawn.cashIncrement), { cashIncrement: drawn.cashIncrement });
      if (!settlement.ok) throw new Error(settlement.reason);
      const sale: OriginalSale = {
        saleId: 'p',
        currency: 'USD',
        soldAt: SOLD_AT,
        lines: cart.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity, total: line.total, tax: line.tax })),
        tenders: settlement.settlement.tenders.map((tender) => ({ tenderId: tender.tenderId, kind: tender.kind, applied: tender.applied })),
      };
      const policy = { windowDays: 30, cashIncrement: drawn.cashIncrement };
      const previous: Refund[] = [];
      let batch: string[] = [];
      order.forEach((lineId, index) => {
        batch.push(lineId);
        if (!cuts[index] && index < order.length - 1) return;
        const refund = refunded(decideReturn(sale, previous, batch.map((id) => ({ lineId: id, quantity: 1 })), policy, NEXT_WEEK));
        batch = [];
        assert.is(refund.tenders.reduce((sum, tender) => sum + tender.amount, 0), refund.amount + refund.rounding);
        previous.push(refund);
        const toTender = (tenderId: string) => previous.flatMap((done) => done.tenders).filter((tender) => tender.tenderId === tenderId).reduce((sum, tender) => sum + tender.amount, 0);
        for (const tender of sale.tenders) assert.ok(toTender(tender.tenderId) <= tender.applied, `tender ${tender.tenderId} got back more than it paid`);
        if (refund.tenders.some((tender) => tender.refundAs === 'cash' && tender.amount > 0)) {
          for (const tender of sale.tenders) if (tender.kind !== 'cash') assert.is(toTender(tender.tenderId), tender.applied, 'cash went back before a card or credit was full');
        }
        for (const line of sale.lines) {
          const back = previous.flatMap((done) => done.lines).filter((done) => done.lineId === line.lineId);
          assert.ok(back.reduce((sum, done) => sum + done.amount, 0) <= line.total);
          assert.ok(back.reduce((sum, done) => sum + done.tax, 0) <= line.tax);
        }
      });
      const lines = previous.flatMap((refund) => refund.lines);
      assert.is(lines.reduce((sum, line) => sum + line.amount, 0), cart.total);
      assert.is(lines.reduce((sum, line) => sum + line.tax, 0), cart.tax);
      assert.ok(returnableLines(sale, previous, policy, NEXT_WEEK).every((line) => line.quantity === 0 && line.refusal === 'return.already_refunded'));
      const allCashLocal = settlement.settlement.tenders.every((tender) => tender.kind !== 'cash' || tender.tendered.currency === 'USD');
      for (const tender of sale.tenders) {
        const back = previous.flatMap((refund) => refund.tenders).filter((done) => done.tenderId === tender.tenderId).reduce((sum, done) => sum + done.amount, 0);
        if (tender.kind !== 'cash' || drawn.cashIncrement === 1) assert.is(back, tender.applied, `tender ${tender.tenderId}`);
      }
      const cashKept = sale.tenders.filter((tender) => tender.kind === 'cash').reduce((sum, tender) => sum + tender.applied, 0);
      const cashBack = previous.flatMap((refund) => refund.tenders).filter((tender) => tender.refundAs === 'cash').reduce((sum, tender) => sum + tender.amount, 0);
      if (allCashLocal) assert.is(cashBack, cashKept);
      else assert.ok(Math.abs(cashBack - cashKept) <= drawn.cashIncrement);
    }),
    { numRuns: 250, seed: 30 },
  );
});

returns.run();
swiss.run();
exchanges.run();
property.run();
