import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatMtSicsWeight, parseMtSicsLine } from '../../../drivers/scale/mtsics/frame.ts';
import { MtSicsParser } from '../../../drivers/scale/mtsics/parser.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

// "S\r\n" → "S S     100.00 g\r\n" (reference/device-protocols.md §2.2 and appendix).
const STABLE = bytes('S S     100.00 g\r\n');
const DYNAMIC = bytes('S D      12.57 ct\r\n');

const parser = suite('MtSicsParser');

parser('should parse one line :: S S     100.00 g', () => {
  assert.equal(new MtSicsParser().push(STABLE), [{ kind: 'reading', status: 'stable', value: '100.00', unitSymbol: 'g' }]);
});

parser('should parse two lines in one chunk :: S S then S D', () => {
  const replies = new MtSicsParser().push(Buffer.concat([STABLE, DYNAMIC]));
  assert.equal(replies.map((r) => r.kind === 'reading' && [r.status, r.value, r.unitSymbol]), [
    ['stable', '100.00', 'g'],
    ['unstable', '12.57', 'ct'],
  ]);
});

parser('should parse a line split across chunks :: CR LF alone', () => {
  const p = new MtSicsParser();
  assert.equal(p.push(STABLE.subarray(0, STABLE.length - 2)), []);
  assert.is(p.push(STABLE.subarray(STABLE.length - 2)).length, 1);
});

parser('should skip garbage before the reply :: noise then S S', () => {
  const p = new MtSicsParser();
  const replies = p.push(Buffer.concat([bytes('\x00\x00'), STABLE]));
  assert.equal(replies.map((r) => r.kind), ['reading']);
});

parser('should drop a corrupted line :: S S     1O0.00 g (letter O)', () => {
  const p = new MtSicsParser();
  assert.equal(p.push(bytes('S S     1O0.00 g\r\n')), []);
  assert.is(p.malformed, 1);
});

parser('should go on after a corrupted line :: bad line then S D', () => {
  const replies = new MtSicsParser().push(Buffer.concat([bytes('S X 12\r\n'), DYNAMIC]));
  assert.equal(replies.map((r) => r.kind === 'reading' && r.status), ['unstable']);
});

parser('should map every status :: S +, S -, S I, Z A, Z I, Z +, T S, T I, ES, ET, EL', () => {
  const kinds = ['S +', 'S -', 'S I', 'Z A', 'Z I', 'Z +', 'T S      5.000 g', 'T I', 'ES', 'ET', 'EL'].map((line) => {
    const reply = parseMtSicsLine(line);
    return reply?.kind === 'reading' ? reply.status : reply?.kind;
  });
  assert.equal(kinds, ['overload', 'underload', 'refused', 'accepted', 'refused', 'refused', 'accepted', 'refused', 'error', 'error', 'error']);
});

parser.run();

// ---

const writer = suite('formatMtSicsWeight');

writer('should right-align the value in 10 characters :: S S 100.00 g', () => {
  assert.is(formatMtSicsWeight('S', 'S', '100.00', 'g'), STABLE.toString('latin1'));
});

writer.run();
