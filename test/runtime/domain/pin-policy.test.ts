import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkPin } from '../../../runtime/src/domain/pin-policy.ts';

const pins = suite('checkPin');

for (const [pin, reason] of [
  ['123', 'format'],
  ['123456789', 'format'],
  ['12a4', 'format'],
  ['0000', 'repeated'],
  ['777777', 'repeated'],
  ['1212', 'repeated'],
  ['1234', 'run'],
  ['4321', 'run'],
  ['345678', 'run'],
  ['2580', 'common'],
  ['1004', 'common'],
] as const) {
  pins(`should refuse a weak PIN :: ${pin} (${reason})`, () => {
    assert.equal(checkPin(pin), { ok: false, reason });
  });
}

for (const pin of ['8264', '3917', '90210', '20481735']) {
  pins(`should accept a PIN with no pattern :: ${pin}`, () => {
    assert.equal(checkPin(pin), { ok: true });
  });
}

pins.run();
