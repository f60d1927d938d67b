import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import {
  allocate,
  convert,
  exponentOf,
  money,
  ofBps,
  parseRate,
  rateText,
  roundHalfUp,
  roundToIncrement,
  sumMinor,
  toMinor,
} from '../../../runtime/src/domain/money.ts';
import { RUNS } from '../../helpers/sale-arbitraries.ts';

const amounts = suite('money');

amounts('should refuse a float with a TypeError :: 12.5 USD', () => {
  assert.throws(() => money(12.5, 'USD'), (error: unknown) => error instanceof TypeError && /safe integer/.test((error as Error).message));
});

amounts('should refuse an unsafe integer :: 2^53', () => {
  assert.throws(() => money(2 ** 53, 'USD'), TypeError);
  assert.throws(() => sumMinor([Number.MAX_SAFE_INTEGER, 1]), RangeError);
  assert.throws(() => toMinor(2n ** 53n), RangeError);
});

amounts('should know the minor unit :: USD 2, JPY 0, KWD 3, CHF 2', () => {
  assert.equal(['USD', 'JPY', 'KWD', 'CHF'].map(exponentOf), [2, 0, 3, 2]);
  assert.equal(money(245_00, 'USD'), { minor: 24500, currency: 'USD' });
});

amounts('should refuse an unknown currency :: XYZ, constructor', () => {
  assert.throws(() => exponentOf('XYZ'), RangeError);
  assert.throws(() => exponentOf('constructor'), RangeError);
});

amounts('should round half away from zero :: 5/2 → 3, −5/2 → −3, 7/3 → 2', () => {
  assert.is(roundHalfUp(5n, 2n), 3n);
  assert.is(roundHalfUp(-5n, 2n), -3n);
  assert.is(roundHalfUp(7n, 3n), 2n);
  assert.is(roundHalfUp(8n, 3n), 3n);
});

amounts('should take basis points half-up :: 10 % of $14,745.00 = $1,474.50; 15 % of $3.33 = $0.50', () => {
  assert.is(ofBps(1_474_500, 1000), 147_450);
  assert.is(ofBps(333, 1500), 50); // 49.95 cents → 50
});

amounts('should round cash to the smallest coin :: CHF 0.05', () => {
  assert.is(roundToIncrement(124_997, 5), 124_995); // 1,249.97 → 1,249.95
  assert.is(roundToIncrement(124_998, 5), 125_000); // 1,249.98 → 1,250.00
  assert.is(roundToIncrement(1235, 10), 1240); // a tie goes up
  assert.is(roundToIncrement(-3, 5), -5);
  assert.is(roundToIncrement(-5, 10), 0); // ties towards +∞
});

const split = suite('allocate');

split('should split 1.00 three ways :: 34, 33, 33', () => {
  assert.equal(allocate(100, [1, 1, 1]), [34, 33, 33]);
});

split('should give the odd cent to the largest remainder :: 10.00 over 1:2:3', () => {
  // 166.67, 333.33, 500 → remainders 4/6, 2/6, 0 → the first takes the cent
  assert.equal(allocate(1000, [1, 2, 3]), [167, 333, 500]);
});

split('should break a tie by position :: 2 cents over 3 equal weights', () => {
  assert.equal(allocate(2, [5, 5, 5]), [1, 1, 0]);
});

split('should split a negative total by magnitude :: −1.00 three ways', () => {
  assert.equal(allocate(-100, [1, 1, 1]), [-34, -33, -33]);
});

split('should give nothing to a zero weight :: 10 over 0, 5, 0', () => {
  assert.equal(allocate(10, [0, 5, 0]), [0, 10, 0]);
  assert.equal(allocate(0, [0, 0]), [0, 0]);
  assert.throws(() => allocate(5, [0, 0]), RangeError);
  assert.throws(() => allocate(5, [1, -1]), RangeError);
});

split('should sum exactly and stay within a unit of each share :: property', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }),
      fc.array(fc.integer({ min: 0, max: 100_000_000 }), { minLength: 1, maxLength: 20 }).filter((weights) => weights.some((w) => w > 0)),
      (total, weights) => {
        const parts = allocate(total, weights);
        const weightSum = weights.reduce((a, b) => a + b, 0);
        assert.is(parts.reduce((a, b) => a + b, 0), total);
        parts.forEach((part, index) => {
          assert.ok(Number.isSafeInteger(part));
          const exact = BigInt(total) * BigInt(weights[index] as number); // the share × Σw
          const gap = BigInt(part) * BigInt(weightSum) - exact;
          assert.ok(gap < BigInt(weightSum) && gap > -BigInt(weightSum), `part ${part} is not within one unit of its share`);
          if (weights[index] === 0) assert.is(part, 0);
        });
      },
    ),
    { ...RUNS, seed: 20261124 },
  );
});

const rates = suite('rates');

rates('should read an exact decimal :: "1.0842" = 10842/10000', () => {
  assert.equal(parseRate('1.0842'), { numerator: 10842n, denominator: 10000n });
  assert.equal(parseRate({ numerator: 271, denominator: 250 }), { numerator: 271n, denominator: 250n });
  assert.is(rateText({ numerator: 271, denominator: 250 }), '271/250');
  assert.is(rateText('1.0842'), '1.0842');
});

for (const bad of ['0', '0.0000', '-1.08', '1,0842', '1e3', ' 1.08', '1.', '.5', 'NaN']) {
  rates(`should refuse a rate that is not a positive decimal :: ${JSON.stringify(bad)}`, () => {
    assert.is(parseRate(bad), null);
  });
}

rates('should refuse a ratio that is not of positive integers :: 1.5/1, 1/0', () => {
  assert.is(parseRate({ numerator: 1.5, denominator: 1 }), null);
  assert.is(parseRate({ numerator: 1, denominator: 0 }), null);
});

rates('should convert EUR cash to USD half-up :: €1,200.00 and €45.55 at 1.0842', () => {
  const rate = parseRate('1.0842')!;
  assert.is(convert(money(120_000, 'EUR'), 'USD', rate), 130_104); // $1,301.04 exactly
  assert.is(convert(money(4555, 'EUR'), 'USD', rate), 4939); // $49.38531 → $49.39
});

rates('should convert across exponents :: ¥10,000 at 0.0067 = $67.00; KD 1.000 at 3.25 = $3.25', () => {
  assert.is(convert(money(10_000, 'JPY'), 'USD', parseRate('0.0067')!), 6700);
  assert.is(convert(money(1000, 'KWD'), 'USD', parseRate('3.25')!), 325);
  assert.is(convert(money(100, 'USD'), 'JPY', parseRate('149.5')!), 150); // ¥149.5 → ¥150
});

amounts.run();
split.run();
rates.run();
