import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { countCash, DENOMINATIONS, expectedCash, reconcileDrawer } from '../../../runtime/src/domain/drawer-count.ts';
import { CURRENCY_EXPONENTS } from '../../../runtime/src/domain/money.ts';

// Float $300.00; cash kept for sales $4,693.26; one $240.07 cash refund; $100.00 paid in; $12.50 out for postage.
const MOVEMENTS = { openingFloat: 30_000, cashSales: 469_326, cashRefunds: 24_007, cashIn: 10_000, cashOut: 1_250 };
// Counted: 48 × $100, 2 × $20, 1 × 10¢, 1 × 5¢, 4 × 1¢ = $4,840.19
const COUNTED = [
  { denomination: 10_000, count: 48 },
  { denomination: 2_000, count: 2 },
  { denomination: 10, count: 1 },
  { denomination: 5, count: 1 },
  { denomination: 1, count: 4 },
];

const drawer = suite('drawer count');

drawer('should expect float + sales − refunds + in − out :: $4,840.69', () => {
  // 300.00 + 4,693.26 − 240.07 + 100.00 − 12.50
  assert.is(expectedCash(MOVEMENTS), 484_069);
});

drawer('should add a count by denomination :: $4,840.19', () => {
  assert.equal(countCash('USD', COUNTED), { ok: true, total: 484_019 });
});

drawer('should report over and short per currency and tender :: cash 50¢ short, card batch even, gift cards $50 short', () => {
  const result = reconcileDrawer(
    [
      { currency: 'USD', movements: MOVEMENTS, counted: COUNTED },
      // €1,200 taken on a USD sale stays in euros: 2 × €500 + 1 × €200
      { currency: 'EUR', movements: { openingFloat: 0, cashSales: 120_000, cashRefunds: 0, cashIn: 0, cashOut: 0 }, counted: [{ denomination: 50_000, count: 2 }, { denomination: 20_000, count: 1 }] },
    ],
    [
      { tender: 'card', expected: 1_000_000, counted: 1_000_000 },
      { tender: 'gift_card', expected: 50_000, counted: 45_000 },
    ],
  );
  assert.equal(result, {
    ok: true,
    cash: [
      { currency: 'USD', expected: 484_069, counted: 484_019, overShort: -50 },
      { currency: 'EUR', expected: 120_000, counted: 120_000, overShort: 0 },
    ],
    tenders: [
      { tender: 'card', expected: 1_000_000, counted: 1_000_000, overShort: 0 },
      { tender: 'gift_card', expected: 50_000, counted: 45_000, overShort: -5_000 },
    ],
  });
});

drawer('should count Swiss cash without a 1-rappen coin :: CHF 0.05 is the smallest', () => {
  assert.equal(countCash('CHF', [{ denomination: 5, count: 3 }]), { ok: true, total: 15 });
  assert.equal(countCash('CHF', [{ denomination: 1, count: 3 }]), { ok: false, reason: 'drawer.unknown_denomination', denomination: 1 });
});

drawer('should refuse what cannot be counted :: a $3 note, −1 notes, SEK with no table', () => {
  assert.equal(countCash('USD', [{ denomination: 300, count: 1 }]), { ok: false, reason: 'drawer.unknown_denomination', denomination: 300 });
  assert.equal(countCash('USD', [{ denomination: 100, count: -1 }]), { ok: false, reason: 'drawer.count_invalid', denomination: 100 });
  assert.equal(countCash('SEK', []), { ok: false, reason: 'drawer.no_denominations', denomination: null });
  assert.equal(reconcileDrawer([{ currency: 'SEK', movements: MOVEMENTS, counted: [] }], []), { ok: false, reason: 'drawer.no_denominations', currency: 'SEK', denomination: null });
});

drawer('should throw on a float :: $0.5 float', () => {
  assert.throws(() => expectedCash({ ...MOVEMENTS, openingFloat: 0.5 }), TypeError);
  assert.throws(() => countCash('USD', [{ denomination: 100, count: 1.5 }]), TypeError);
});

drawer('should keep every denomination table in step with the currency table :: positive, unique, largest first', () => {
  for (const [currency, denominations] of Object.entries(DENOMINATIONS)) {
    assert.ok(Object.hasOwn(CURRENCY_EXPONENTS, currency), `${currency} has no exponent`);
    assert.equal([...denominations].sort((a, b) => b - a), [...denominations], `${currency} is not largest first`);
    assert.is(new Set(denominations).size, denominations.length, `${currency} repeats a denomination`);
    assert.ok(denominations.every((value) => Number.isSafeInteger(value) && value > 0));
  }
});

drawer.run();
