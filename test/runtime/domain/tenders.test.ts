import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { settleTenders, type Settlement, type TenderDecision, type TenderOffer } from '../../../runtime/src/domain/tenders.ts';
import { offersFor, RUNS, tenderPlan } from '../../helpers/sale-arbitraries.ts';

const NO_ROUNDING = { cashIncrement: 1 };
const SWISS = { cashIncrement: 5 };
const usd = (minor: number) => ({ minor, currency: 'USD' });
const chf = (minor: number) => ({ minor, currency: 'CHF' });

function settled(decision: TenderDecision): Settlement {
  if (!decision.ok) throw new Error(`refused: ${decision.reason} ${decision.tenderId}`);
  return decision.settlement;
}

const tenders = suite('settleTenders');

tenders('should give change from cash :: $14,448.26 paid with $15,000 cash → $551.74', () => {
  const result = settled(settleTenders(usd(1_444_826), [{ tenderId: 'T1', kind: 'cash', amount: usd(1_500_000) }], NO_ROUNDING));
  assert.equal([result.paid, result.remaining, result.change, result.rounding], [1_444_826, 0, 55_174, 0]);
  assert.is(result.tenders[0]?.applied, 1_444_826);
});

tenders('should split card and cash :: $10,000 card + $4,500 cash on $14,448.26', () => {
  const result = settled(
    settleTenders(
      usd(1_444_826),
      [
        { tenderId: 'T1', kind: 'card', amount: usd(1_000_000) },
        { tenderId: 'T2', kind: 'cash', amount: usd(450_000) },
      ],
      NO_ROUNDING,
    ),
  );
  assert.equal(result.tenders.map((tender) => tender.applied), [1_000_000, 444_826]);
  assert.is(result.change, 5_174);
});

tenders('should leave the rest due :: $5,000 card on a $10,000 sale', () => {
  const result = settled(settleTenders(usd(1_000_000), [{ tenderId: 'T1', kind: 'card', amount: usd(500_000) }], NO_ROUNDING));
  assert.equal([result.paid, result.remaining, result.change], [500_000, 500_000, 0]);
});

tenders('should take EUR cash on a USD sale at 1.0842 :: €1,200 on $1,250.00 → $51.04 change', () => {
  // €1,200.00 × 1.0842 = $1,301.04 exactly; change in dollars
  const result = settled(settleTenders(usd(125_000), [{ tenderId: 'T1', kind: 'cash', amount: { minor: 120_000, currency: 'EUR' }, rate: '1.0842' }], NO_ROUNDING));
  assert.equal(result.tenders[0], {
    tenderId: 'T1',
    kind: 'cash',
    tendered: { minor: 120_000, currency: 'EUR' },
    value: 130_104,
    applied: 125_000,
    rate: { from: 'EUR', to: 'USD', rate: '1.0842' },
  });
  assert.is(result.change, 5_104);
});

tenders('should round converted cash half-up and let a card pay the rest :: €1,153.33 at 1.0842 + card', () => {
  // €1,153.33 × 1.0842 = $1,250.440386 → $1,250.44; a $1,300.00 sale leaves $49.56 for the card
  const result = settled(
    settleTenders(
      usd(130_000),
      [
        { tenderId: 'T1', kind: 'card', amount: usd(4_956) },
        { tenderId: 'T2', kind: 'cash', amount: { minor: 115_333, currency: 'EUR' }, rate: '1.0842' },
      ],
      NO_ROUNDING,
    ),
  );
  assert.equal([result.tenders[1]?.value, result.paid, result.remaining, result.change], [125_044, 130_000, 0, 0]);
});

tenders('should take the change off the last cash tender :: €100 then $50 on $120.00', () => {
  // €100.00 → $108.42 kept whole; $11.58 of the $50 note kept; $38.42 change
  const result = settled(
    settleTenders(
      usd(12_000),
      [
        { tenderId: 'EUR', kind: 'cash', amount: { minor: 10_000, currency: 'EUR' }, rate: '1.0842' },
        { tenderId: 'USD', kind: 'cash', amount: usd(5_000) },
      ],
      NO_ROUNDING,
    ),
  );
  assert.equal(result.tenders.map((tender) => tender.applied), [10_842, 1_158]);
  assert.is(result.change, 3_842);
});

tenders('should take an integer ratio as a rate :: ¥10,000 at 67/10000 = $67.00', () => {
  const result = settled(settleTenders(usd(6_700), [{ tenderId: 'T1', kind: 'cash', amount: { minor: 10_000, currency: 'JPY' }, rate: { numerator: 67, denominator: 10_000 } }], NO_ROUNDING));
  assert.equal(result.tenders[0]?.rate, { from: 'JPY', to: 'USD', rate: '67/10000' });
  assert.is(result.remaining, 0);
});

const swiss = suite('settleTenders cash rounding');

swiss('should round a cash payment to 0.05 :: CHF 1,249.97 paid with CHF 1,300 → change 50.05, rounding −0.02', () => {
  const result = settled(settleTenders(chf(124_997), [{ tenderId: 'T1', kind: 'cash', amount: chf(130_000) }], SWISS));
  assert.equal([result.paid, result.change, result.rounding, result.remaining], [124_995, 5_005, -2, 0]);
});

swiss('should round up when nearer :: CHF 1,249.98 paid with CHF 1,250.00 exactly', () => {
  const result = settled(settleTenders(chf(124_998), [{ tenderId: 'T1', kind: 'cash', amount: chf(125_000) }], SWISS));
  assert.equal([result.paid, result.change, result.rounding], [125_000, 0, 2]);
});

swiss('should round only the cash part :: card CHF 1,000 + cash CHF 250 on CHF 1,249.97', () => {
  const result = settled(
    settleTenders(
      chf(124_997),
      [
        { tenderId: 'T1', kind: 'card', amount: chf(100_000) },
        { tenderId: 'T2', kind: 'cash', amount: chf(25_000) },
      ],
      SWISS,
    ),
  );
  assert.equal(result.tenders.map((tender) => tender.applied), [100_000, 24_995]);
  assert.equal([result.change, result.rounding], [5, -2]);
});

swiss('should keep the exact rest while cash does not settle :: CHF 1,240 cash on CHF 1,249.97 leaves 9.97', () => {
  const result = settled(settleTenders(chf(124_997), [{ tenderId: 'T1', kind: 'cash', amount: chf(124_000) }], SWISS));
  assert.equal([result.remaining, result.rounding, result.change], [997, 0, 0]);
});

swiss('should settle when the rest rounds to nothing :: CHF 1,249.95 cash on CHF 1,249.97', () => {
  const result = settled(settleTenders(chf(124_997), [{ tenderId: 'T1', kind: 'cash', amount: chf(124_995) }], SWISS));
  assert.equal([result.remaining, result.rounding, result.change, result.paid], [0, -2, 0, 124_995]);
});

const refusals = suite('settleTenders refusals');

const card = (tenderId: string, minor: number): TenderOffer => ({ tenderId, kind: 'card', amount: usd(minor) });
for (const [name, due, offers, reason, tenderId] of [
  ['a card over the amount due', 1_444_826, [card('T1', 1_500_000)], 'tender.card_overpay', 'T1'],
  ['a card that crosses after a gift card', 100_000, [{ tenderId: 'G', kind: 'gift_card', amount: usd(50_000) }, card('T2', 60_000)], 'tender.card_overpay', 'T2'],
  ['store credit over the amount due', 100_000, [{ tenderId: 'S', kind: 'store_credit', amount: usd(100_001) }], 'tender.credit_overpay', 'S'],
  ['a zero tender', 100_000, [card('T1', 0)], 'tender.amount_invalid', 'T1'],
  ['a card in euros', 100_000, [{ tenderId: 'T1', kind: 'card', amount: { minor: 50_000, currency: 'EUR' } }], 'tender.foreign_not_cash', 'T1'],
  ['euros without a rate', 100_000, [{ tenderId: 'T1', kind: 'cash', amount: { minor: 50_000, currency: 'EUR' } }], 'tender.fx_rate_missing', 'T1'],
  ['a rate written "1,0842"', 100_000, [{ tenderId: 'T1', kind: 'cash', amount: { minor: 50_000, currency: 'EUR' }, rate: '1,0842' }], 'tender.fx_rate_invalid', 'T1'],
  ['a currency Loupe does not know', 100_000, [{ tenderId: 'T1', kind: 'cash', amount: { minor: 50_000, currency: 'XAU' } }], 'tender.unknown_currency', 'T1'],
  ['cash when the card paid it all', 100_000, [card('T1', 100_000), { tenderId: 'T2', kind: 'cash', amount: usd(2_000) }], 'tender.cash_not_needed', 'T2'],
] as const) {
  refusals(`should refuse :: ${name}`, () => {
    assert.equal(settleTenders(usd(due), offers as readonly TenderOffer[], NO_ROUNDING), { ok: false, reason, tenderId });
  });
}

refusals('should throw on a float amount :: $100.005', () => {
  assert.throws(() => settleTenders(usd(10_000), [card('T1', 10_000.5)], NO_ROUNDING), TypeError);
  assert.throws(() => settleTenders(usd(10_000.5), [], NO_ROUNDING), TypeError);
});

const property = suite('settleTenders properties');

property('should balance every split to the cent :: cards, credits, local and foreign cash, increments 1/5/10', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), tenderPlan, fc.constantFrom(1, 5, 10), fc.boolean(), (due, plan, cashIncrement, settle) => {
      const offers = offersFor(due, plan, settle, cashIncrement);
      const decision = settleTenders(usd(due), offers, { cashIncrement });
      const nonCash = offers.filter((offer) => offer.kind !== 'cash').reduce((sum, offer) => sum + offer.amount.minor, 0);
      if (nonCash > due) {
        assert.ok(!decision.ok && (decision.reason === 'tender.card_overpay' || decision.reason === 'tender.credit_overpay'));
        return;
      }
      if (nonCash === due && offers.some((offer) => offer.kind === 'cash')) {
        assert.ok(!decision.ok && decision.reason === 'tender.cash_not_needed');
        return;
      }
      const result = settled(decision);
      const value = result.tenders.reduce((sum, tender) => sum + tender.value, 0);
      const cashValue = result.tenders.filter((tender) => tender.kind === 'cash').reduce((sum, tender) => sum + tender.value, 0);
      assert.is(result.tenders.reduce((sum, tender) => sum + tender.applied, 0), result.paid);
      assert.is(value - result.change, result.paid);
      assert.is(result.paid, due - result.remaining + result.rounding);
      assert.ok(result.remaining >= 0 && result.change >= 0 && result.change <= cashValue);
      assert.ok(2 * Math.abs(result.rounding) <= cashIncrement);
      if (cashIncrement === 1) assert.is(result.rounding, 0);
      if (settle) assert.is(result.remaining, 0);
      if (result.remaining === 0 && cashIncrement === 1) assert.is(value - result.change, due);
      for (const tender of result.tenders) {
        assert.ok(tender.applied >= 0 && tender.applied <= tender.value);
        if (tender.kind !== 'cash') assert.is(tender.applied, tender.value);
        assert.is(tender.rate === null, tender.tendered.currency === 'USD');
      }
    }),
    { ...RUNS, numRuns: 1000, seed: 10842 },
  );
});

tenders.run();
swiss.run();
refusals.run();
property.run();
