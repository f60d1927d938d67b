import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { priceCart, TAX_RATE_SCALE, type Cart, type CartPricing, type PricedCart, type TaxRules } from '../../../runtime/src/domain/cart-pricing.ts';
import { expectedLineDiscount, pricingCase, RUNS } from '../../helpers/sale-arbitraries.ts';

const NY: TaxRules = { mode: 'exclusive', rates: { jewelry: 8875 } };
const PARIS: TaxRules = { mode: 'inclusive', rates: { jewelry: 20000, service: 20000, book: 5500 } };
const MANAGER = { maxLineBps: 10_000, maxCartBps: 10_000 };
const ASSOCIATE = { maxLineBps: 500, maxCartBps: 1000 };

function priced(result: CartPricing): PricedCart {
  if (!result.ok) throw new Error(`refused: ${result.reason} ${result.lineId}`);
  return result.cart;
}

const pricing = suite('priceCart');

pricing('should price a New York sale to the cent :: $14,500 solitaire + $245 studs, 10 % off, 8.875 % tax', () => {
  // subtotal $14,745.00; cart discount 10 % = $1,474.50, split 14,500 : 245 → $1,450.00 and $24.50
  // solitaire: net $13,050.00 × 8.875 % = $1,158.1875 → $1,158.19; total $14,208.19
  // studs:     net $220.50   × 8.875 % = $19.569375 → $19.57;     total $240.07
  // cart: 14,745.00 − 1,474.50 + 1,177.76 = $14,448.26
  const cart = priced(
    priceCart(
      {
        currency: 'USD',
        lines: [
          { lineId: 'solitaire', unitPrice: 1_450_000, quantity: 1, taxCategory: 'jewelry' },
          { lineId: 'studs', unitPrice: 24_500, quantity: 1, taxCategory: 'jewelry' },
        ],
        cartDiscount: { kind: 'percent', bps: 1000 },
      },
      NY,
      MANAGER,
    ),
  );
  assert.equal(
    cart.lines.map((line) => [line.cartDiscount, line.net, line.tax, line.total]),
    [
      [145_000, 1_305_000, 115_819, 1_420_819],
      [2_450, 22_050, 1_957, 24_007],
    ],
  );
  assert.equal([cart.subtotal, cart.discount, cart.tax, cart.total], [1_474_500, 147_450, 117_776, 1_444_826]);
  assert.equal(cart.taxBreakdown, [{ taxCategory: 'jewelry', taxRate: 8875, taxable: 1_327_050, tax: 117_776 }]);
  assert.equal(cart.approvals, []);
});

pricing('should take VAT out of the price :: €2,450 in Paris at 20 % → VAT €408.33', () => {
  // 2,450.00 × 20 / 120 = 408.333… → €408.33; net of VAT €2,041.67
  const cart = priced(priceCart({ currency: 'EUR', lines: [{ lineId: 'bracelet', unitPrice: 245_000, quantity: 1, taxCategory: 'jewelry' }] }, PARIS, MANAGER));
  assert.equal([cart.subtotal, cart.discount, cart.tax, cart.total], [245_000, 0, 40_833, 245_000]);
  assert.equal(cart.taxBreakdown, [{ taxCategory: 'jewelry', taxRate: 20000, taxable: 204_167, tax: 40_833 }]);
});

pricing('should spread a cart discount by largest remainder :: €100 over €1,000 + €333.33 + €19.99', () => {
  // shares of 10,000 cents over 100,000 : 33,333 : 1,999 (Σ 135,332) = 7,389.235 / 2,463.054 / 147.711
  // floors 7,389 + 2,463 + 147 = 9,999; the odd cent goes to the largest remainder (.711): 148
  // VAT 20 % inclusive on 92,611 → 15,435.17 → 15,435; on 30,870 → 5,145; on 1,851 → 308.5 → 309 (half-up)
  const cart = priced(
    priceCart(
      {
        currency: 'EUR',
        lines: [
          { lineId: 'ring', unitPrice: 100_000, quantity: 1, taxCategory: 'jewelry' },
          { lineId: 'chain', unitPrice: 33_333, quantity: 1, taxCategory: 'jewelry' },
          { lineId: 'cloth', unitPrice: 1_999, quantity: 1, taxCategory: 'jewelry' },
        ],
        cartDiscount: { kind: 'amount', minor: 10_000 },
      },
      PARIS,
      MANAGER,
    ),
  );
  assert.equal(cart.lines.map((line) => line.cartDiscount), [7_389, 2_463, 148]);
  assert.equal(cart.lines.map((line) => line.tax), [15_435, 5_145, 309]);
  assert.equal([cart.discount, cart.tax, cart.total], [10_000, 20_889, 125_332]);
});

pricing('should apply a line discount before the cart discount :: $50 off the studs, then 10 %', () => {
  // studs 245.00 − 50.00 = 195.00; subtotal after lines 14,695.00; 10 % = 1,469.50 split 14,500 : 195 → 1,450.00 / 19.50
  const cart = priced(
    priceCart(
      {
        currency: 'USD',
        lines: [
          { lineId: 'solitaire', unitPrice: 1_450_000, quantity: 1, taxCategory: 'jewelry' },
          { lineId: 'studs', unitPrice: 24_500, quantity: 1, taxCategory: 'jewelry', discount: { kind: 'amount', minor: 5_000 } },
        ],
        cartDiscount: { kind: 'percent', bps: 1000 },
      },
      NY,
      MANAGER,
    ),
  );
  assert.equal(cart.lines.map((line) => [line.lineDiscount, line.cartDiscount, line.discount, line.net]), [
    [0, 145_000, 145_000, 1_305_000],
    [5_000, 1_950, 6_950, 17_550],
  ]);
  assert.is(cart.discount, 151_950);
});

pricing('should break tax down by rate :: a €30 book at 5.5 % beside a €500 ring at 20 %', () => {
  // book 3,000 × 5,500 / 105,500 = 156.40 → 156; ring 50,000 / 6 = 8,333.33 → 8,333
  const cart = priced(
    priceCart(
      {
        currency: 'EUR',
        lines: [
          { lineId: 'ring', unitPrice: 50_000, quantity: 1, taxCategory: 'jewelry' },
          { lineId: 'book', unitPrice: 3_000, quantity: 1, taxCategory: 'book' },
        ],
      },
      PARIS,
      MANAGER,
    ),
  );
  assert.equal(cart.taxBreakdown, [
    { taxCategory: 'jewelry', taxRate: 20000, taxable: 41_667, tax: 8_333 },
    { taxCategory: 'book', taxRate: 5500, taxable: 2_844, tax: 156 },
  ]);
});

const approvals = suite('priceCart approvals');

approvals('should ask approval for a line discount above the limit :: 15 % against an associate’s 5 %', () => {
  const cart = priced(
    priceCart({ currency: 'USD', lines: [{ lineId: 'band', unitPrice: 180_000, quantity: 1, taxCategory: 'jewelry', discount: { kind: 'percent', bps: 1500 } }] }, NY, ASSOCIATE),
  );
  assert.equal(cart.approvals, [{ reason: 'discount.line_over_limit', lineId: 'band', discount: 27_000, base: 180_000, bps: 1500, limitBps: 500 }]);
});

approvals('should allow a cart discount at the limit and not a cent above :: 10 % of $1,000.00', () => {
  const cart = (minor: number): Cart => ({ currency: 'USD', lines: [{ lineId: 'pendant', unitPrice: 100_000, quantity: 1, taxCategory: 'jewelry' }], cartDiscount: { kind: 'amount', minor } });
  assert.equal(priced(priceCart(cart(10_000), NY, ASSOCIATE)).approvals, []);
  assert.equal(priced(priceCart(cart(10_001), NY, ASSOCIATE)).approvals, [
    { reason: 'discount.cart_over_limit', discount: 10_001, base: 100_000, bps: 1001, limitBps: 1000 },
  ]);
});

approvals('should flag a sale below cost :: $9,000 ring that cost $8,000, 15 % off → $7,650', () => {
  const cart = priced(
    priceCart(
      { currency: 'USD', lines: [{ lineId: 'ring', unitPrice: 900_000, quantity: 1, taxCategory: 'jewelry', unitCost: 800_000, discount: { kind: 'percent', bps: 1500 } }] },
      NY,
      MANAGER,
    ),
  );
  assert.equal(cart.approvals, [{ reason: 'price.below_cost', lineId: 'ring', revenue: 765_000, cost: 800_000 }]);
});

approvals('should compare cost with the price net of VAT :: €1,150 inclusive is €958.33 net, cost €1,000', () => {
  const cart = priced(priceCart({ currency: 'EUR', lines: [{ lineId: 'hoops', unitPrice: 115_000, quantity: 1, taxCategory: 'jewelry', unitCost: 100_000 }] }, PARIS, MANAGER));
  assert.equal(cart.approvals, [{ reason: 'price.below_cost', lineId: 'hoops', revenue: 95_833, cost: 100_000 }]);
});

const refusals = suite('priceCart refusals');

const ring = { lineId: 'ring', unitPrice: 100_000, quantity: 1, taxCategory: 'jewelry' };
for (const [name, cart, reason, lineId] of [
  ['an empty cart', { currency: 'USD', lines: [] }, 'cart.empty', null],
  ['quantity 0', { currency: 'USD', lines: [{ ...ring, quantity: 0 }] }, 'cart.quantity_invalid', 'ring'],
  ['a negative price', { currency: 'USD', lines: [{ ...ring, unitPrice: -1 }] }, 'cart.price_invalid', 'ring'],
  ['tax category "fur"', { currency: 'USD', lines: [{ ...ring, taxCategory: 'fur' }] }, 'cart.unknown_tax_category', 'ring'],
  ['110 % off a line', { currency: 'USD', lines: [{ ...ring, discount: { kind: 'percent', bps: 11_000 } }] }, 'cart.discount_invalid', 'ring'],
  ['$1,000.01 off a $1,000 line', { currency: 'USD', lines: [{ ...ring, discount: { kind: 'amount', minor: 100_001 } }] }, 'cart.discount_exceeds_price', 'ring'],
  ['$1,000.01 off a $1,000 cart', { currency: 'USD', lines: [ring], cartDiscount: { kind: 'amount', minor: 100_001 } }, 'cart.discount_exceeds_price', null],
  ['a negative cart discount', { currency: 'USD', lines: [ring], cartDiscount: { kind: 'amount', minor: -1 } }, 'cart.discount_invalid', null],
] as const) {
  refusals(`should refuse :: ${name}`, () => {
    assert.equal(priceCart(cart as Cart, NY, MANAGER), { ok: false, reason, lineId });
  });
}

refusals('should throw on a float :: $1,000.005 unit price, 1.5 units', () => {
  assert.throws(() => priceCart({ currency: 'USD', lines: [{ ...ring, unitPrice: 100_000.5 }] }, NY, MANAGER), TypeError);
  assert.throws(() => priceCart({ currency: 'USD', lines: [{ ...ring, quantity: 1.5 }] }, NY, MANAGER), TypeError);
  assert.throws(() => priceCart({ currency: 'USD', lines: [ring] }, { mode: 'exclusive', rates: { jewelry: 8.875 } }, MANAGER), TypeError);
});

const property = suite('priceCart properties');

property('should agree to the cent over random carts :: both tax modes, rates 0–25 %', () => {
  fc.assert(
    fc.property(pricingCase, ({ cart, tax }) => {
      const result = priced(priceCart(cart, tax, MANAGER));
      const sum = (pick: (line: PricedCart['lines'][number]) => number) => result.lines.reduce((total, line) => total + pick(line), 0);
      assert.is(sum((line) => line.total), result.total);
      assert.is(sum((line) => line.tax), result.tax);
      assert.is(sum((line) => line.discount), result.discount);
      assert.is(sum((line) => line.gross), result.subtotal);
      assert.is(result.total, tax.mode === 'exclusive' ? result.subtotal - result.discount + result.tax : result.subtotal - result.discount);
      assert.is(result.taxBreakdown.reduce((total, rate) => total + rate.taxable + rate.tax, 0), result.total);

      const discounted = result.lines.map((line) => line.gross - line.lineDiscount);
      const discountedSum = discounted.reduce((a, b) => a + b, 0);
      const cartDiscount = sum((line) => line.cartDiscount);
      if (cart.cartDiscount?.kind === 'percent') assert.is(cartDiscount, Math.floor((discountedSum * cart.cartDiscount.bps + 5000) / 10_000));
      if (cart.cartDiscount?.kind === 'amount') assert.is(cartDiscount, cart.cartDiscount.minor);

      result.lines.forEach((line, index) => {
        const input = cart.lines[index]!;
        for (const value of [line.gross, line.discount, line.net, line.tax, line.total]) assert.ok(Number.isSafeInteger(value) && value >= 0);
        assert.is(line.lineDiscount, expectedLineDiscount(input));
        assert.is(line.net, line.gross - line.discount);
        // the cart share is the exact pro-rata share rounded down or up
        const gap = BigInt(line.cartDiscount) * BigInt(discountedSum) - BigInt(cartDiscount) * BigInt(discounted[index]!);
        assert.ok(discountedSum === 0 || (gap > -BigInt(discountedSum) && gap < BigInt(discountedSum)));
        // the tax is the exact tax rounded half-up: |tax × d − net × rate| ≤ d / 2
        const denominator = BigInt(tax.mode === 'exclusive' ? TAX_RATE_SCALE : TAX_RATE_SCALE + line.taxRate);
        const error = BigInt(line.tax) * denominator - BigInt(line.net) * BigInt(line.taxRate);
        assert.ok(2n * error <= denominator && -2n * error < denominator, `tax ${line.tax} on ${line.net} at ${line.taxRate}`);
        assert.is(line.total, tax.mode === 'exclusive' ? line.net + line.tax : line.net);
      });
    }),
    { ...RUNS, seed: 42026 },
  );
});

pricing.run();
approvals.run();
refusals.run();
property.run();
