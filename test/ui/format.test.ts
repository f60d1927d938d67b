/** The touchscreen's formatting: money stays integer minor units until Intl shows it, keypad entries parse exactly. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bpsOf, decimalOf, minorOf, money, recordedRate, setStoreFace, worthInStore } from '../../ui/src/format.ts';

const format = suite('ui format');
format.before.each(() => setStoreFace({ id: '0042', name: 'Maison Aurelle', locale: 'en-US', currency: 'USD', timeZone: 'America/New_York' }));

format('should show minor units in the store’s locale :: 1,450,000 cents → $14,500.00, ¥12,000, −$0.05, 12 345,50 €', () => {
  assert.is(money(1_450_000), '$14,500.00');
  assert.is(money(12_000, 'JPY'), '¥12,000');
  assert.is(money(-5), '-$0.05');
  assert.is(decimalOf(90_071_992_547_409, 'USD'), '900719925474.09');
  setStoreFace({ id: '0042', name: 'Maison Aurelle', locale: 'fr-FR', currency: 'EUR', timeZone: 'Europe/Paris' });
  assert.match(money(1_234_550), /^12\s345,50\s€$/);
});

format('should parse keypad entries to minor units, refusing more decimals than the currency has :: 6000 → 600000, 12.5 → 1250, 12.345 → null', () => {
  assert.is(minorOf('6000'), 600_000);
  assert.is(minorOf('12.5'), 1_250);
  assert.is(minorOf('0.07'), 7);
  assert.is(minorOf('12.345'), null);
  assert.is(minorOf(''), null);
  assert.is(minorOf('1.5', 'JPY'), null);
  assert.is(minorOf('1500', 'JPY'), 1_500);
  assert.is(bpsOf('12.5'), 1_250);
  assert.is(bpsOf('20'), 2_000);
});

format('should convert foreign cash as the appliance does, half-up, exactly :: €2,000.00 at 1.0832 → $2,166.40, ¥10,001 at 1/150 → $66.67', () => {
  assert.is(worthInStore(200_000, 'EUR', { numerator: 108_320_000, denominator: 100_000_000 }), 216_640);
  assert.is(worthInStore(10_001, 'JPY', { numerator: 100_000_000, denominator: 15_000_000_000 }), 6_667);
  assert.is(recordedRate('108320000/100000000', 'EUR'), '1 EUR = $1.0832');
});

format.run();
