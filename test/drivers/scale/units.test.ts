import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fromMicrograms, parseDecimal, toMicrograms, unitFromSymbol } from '../../../drivers/scale/units.ts';

const units = suite('toMicrograms');

units('should convert carats and grams exactly :: 0.512 ct = 102 400 µg, 1.000 g = 1 000 000 µg', () => {
  assert.equal(toMicrograms('0.512', 'ct'), { micrograms: 102_400n, exact: true });
  assert.equal(toMicrograms('+0001.000', 'g'), { micrograms: 1_000_000n, exact: true });
  assert.equal(toMicrograms('5', 'ct'), toMicrograms('1', 'g'));
});

units('should convert grains exactly by definition :: 100 gr = 6 479 891 µg', () => {
  assert.equal(toMicrograms('100', 'gr'), { micrograms: 6_479_891n, exact: true });
  assert.equal(toMicrograms('1', 'gr'), { micrograms: 64_799n, exact: false }); // 64 798.91 → 64 799
});

units('should convert pennyweight and troy ounce through grains :: 100 dwt, 10 ozt', () => {
  assert.equal(toMicrograms('100', 'dwt'), { micrograms: 155_517_384n, exact: true }); // 2400 gr
  assert.equal(toMicrograms('10', 'ozt'), { micrograms: 311_034_768n, exact: true }); // 4800 gr
  assert.equal(toMicrograms('1.00', 'ozt'), { micrograms: 31_103_477n, exact: false }); // 31 103 476.8
  assert.equal(toMicrograms('20', 'dwt'), toMicrograms('1', 'ozt'));
});

units('should round half to even only at the end :: 0.5 µg cases in grains', () => {
  // 0.05 gr = 3 239.9455 µg → 3 240; 1.5 µg-like ties come from mg with decimals
  assert.equal(toMicrograms('0.05', 'gr').micrograms, 3_240n);
  assert.equal(toMicrograms('0.0005', 'mg').micrograms, 0n); // 0.5 µg → 0 (even)
  assert.equal(toMicrograms('0.0015', 'mg').micrograms, 2n); // 1.5 µg → 2 (even)
  assert.equal(toMicrograms('-0.0015', 'mg').micrograms, -2n);
});

units('should keep negative readings negative :: -0001.234 g', () => {
  assert.equal(toMicrograms('-0001.234', 'g'), { micrograms: -1_234_000n, exact: true });
});

units('should stay exact far past float precision :: 99 999 999.999 ozt', () => {
  // 99 999 999 999 × 311 034 768 / 10 000 = 3 110 347 679 968 896.5232 µg; a double holds 16 digits at best.
  assert.equal(toMicrograms('99999999.999', 'ozt'), { micrograms: 3_110_347_679_968_897n, exact: false });
});

units('should refuse what is not a number :: "1.2.3", "", "12a"', () => {
  for (const text of ['1.2.3', '', '12a', '+', '.']) assert.throws(() => parseDecimal(text), /not a weight/, text);
});

units.run();

// ---

const back = suite('fromMicrograms');

back('should print a reading with the scale’s decimals :: 102 400 µg = 0.512 ct, 1 555 174 µg = 1.00 dwt', () => {
  assert.is(fromMicrograms(102_400n, 'ct', 3), '0.512');
  assert.is(fromMicrograms(1_555_174n, 'dwt', 2), '1.00');
  assert.is(fromMicrograms(-1_234_000n, 'g', 3), '-1.234');
  assert.is(fromMicrograms(0n, 'g', 4), '0.0000');
});

back.run();

// ---

const symbols = suite('unitFromSymbol');

symbols('should read the symbols scales print :: GN, ozt, dwt, ct, PC', () => {
  assert.is(unitFromSymbol(' GN'), 'gr');
  assert.is(unitFromSymbol('ozt'), 'ozt');
  assert.is(unitFromSymbol('dwt'), 'dwt');
  assert.is(unitFromSymbol(' ct'), 'ct');
  assert.is(unitFromSymbol(' PC'), null);
  assert.is(unitFromSymbol('  %'), null);
});

symbols.run();
