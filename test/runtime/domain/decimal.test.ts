import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { caratsToMicrograms, gramsToMicrograms, parseScaled } from '../../../runtime/src/domain/decimal.ts';

const decimal = suite('decimals');

decimal('should turn money text into minor units exactly :: "14,500.00" → 1,450,000', () => {
  assert.equal(parseScaled('14,500.00', 2), { ok: true, value: 1_450_000 });
  assert.equal(parseScaled('0.1', 2), { ok: true, value: 10 });
  assert.equal(parseScaled('1500', 0), { ok: true, value: 1500 });
});

decimal('should refuse more decimals than the currency has :: "12.345" USD', () => {
  assert.equal(parseScaled('12.345', 2), { ok: false, reason: '"12.345" has more than 2 decimal places' });
});

decimal('should refuse what is not a plain number :: "-5", "1e3", "12,5"', () => {
  for (const text of ['-5', '1e3', '12,5', '', '1.2.3']) assert.is(parseScaled(text, 2).ok, false, text);
});

decimal('should convert grams and carats into micrograms :: 3.9 g, 0.51 ct, 1.005 ct', () => {
  assert.equal(gramsToMicrograms('3.9'), { ok: true, value: 3_900_000 });
  assert.equal(caratsToMicrograms('0.51'), { ok: true, value: 102_000 });
  assert.equal(caratsToMicrograms('1.005'), { ok: true, value: 201_000 });
});

decimal.run();
