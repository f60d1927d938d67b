import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { exchangeRate } from '../../../runtime/src/domain/exchange-rate.ts';

const rate = suite('exchangeRate');

rate('should take a rate listed from the foreign currency :: EUR→USD 1.0842', () => {
  assert.equal(exchangeRate([{ base: 'EUR', quote: 'USD', rateE8: 108_420_000 }], 'USD', 'EUR'), { numerator: 108_420_000, denominator: 100_000_000 });
});

rate('should invert a rate listed from the store currency :: USD→CHF 0.8821', () => {
  assert.equal(exchangeRate([{ base: 'USD', quote: 'CHF', rateE8: 88_210_000 }], 'USD', 'CHF'), { numerator: 100_000_000, denominator: 88_210_000 });
});

rate('should give null when HQ sent no rate for the currency :: GBP', () => {
  assert.is(exchangeRate([{ base: 'EUR', quote: 'USD', rateE8: 108_420_000 }], 'USD', 'GBP'), null);
});

rate.run();
