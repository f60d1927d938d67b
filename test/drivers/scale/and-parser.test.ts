import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatAndLine, parseAndLine } from '../../../drivers/scale/and/frame.ts';
import { AndParser } from '../../../drivers/scale/and/parser.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

// A&D standard format: 15 characters + CR LF (reference/device-protocols.md §2.1 and appendix).
const STABLE = bytes('ST,+00123.45  g\r\n');
const UNSTABLE = bytes('US,-0001.234  g\r\n');
const CARATS = bytes('ST,+0002.515 ct\r\n');
const OVERLOAD = bytes('OL,+9999999  g\r\n');

const parser = suite('AndParser');

parser('should parse one line :: ST,+00123.45  g', () => {
  assert.equal(new AndParser().push(STABLE), [{ kind: 'reading', status: 'stable', value: '+00123.45', unitSymbol: 'g' }]);
});

parser('should parse two lines in one chunk :: ST then US', () => {
  const replies = new AndParser().push(Buffer.concat([CARATS, UNSTABLE]));
  assert.equal(replies, [
    { kind: 'reading', status: 'stable', value: '+0002.515', unitSymbol: 'ct' },
    { kind: 'reading', status: 'unstable', value: '-0001.234', unitSymbol: 'g' },
  ]);
});

parser('should parse a line split across chunks :: the final LF alone', () => {
  const p = new AndParser();
  assert.equal(p.push(STABLE.subarray(0, 16)), []);
  assert.is(p.push(STABLE.subarray(16)).length, 1);
});

parser('should skip garbage before the header :: noise bytes then ST', () => {
  const p = new AndParser();
  const replies = p.push(Buffer.concat([Buffer.from([0x00, 0x7f, 0x13]), bytes('123.45  g\r\n'), STABLE]));
  assert.equal(replies.map((r) => r.kind), ['reading']);
  assert.is(p.malformed, 1);
});

parser('should drop a corrupted line :: ST,+00A23.45  g (a flipped bit)', () => {
  const p = new AndParser();
  assert.equal(p.push(bytes('ST,+00A23.45  g\r\n')), []);
  assert.is(p.malformed, 1);
});

parser('should go on after a corrupted line :: bad line then US', () => {
  const p = new AndParser();
  const replies = p.push(Buffer.concat([bytes('ST,+00A23.45  g\r\n'), UNSTABLE]));
  assert.equal(replies.map((r) => r.kind === 'reading' && r.status), ['unstable']);
});

parser('should read the bare ACK between lines :: ST, 0x06, US', () => {
  const replies = new AndParser().push(Buffer.concat([STABLE, Buffer.from([0x06]), UNSTABLE]));
  assert.equal(replies.map((r) => r.kind), ['reading', 'accepted', 'reading']);
});

parser('should tell overload from underload :: OL,+… and OL,-…', () => {
  const p = new AndParser();
  const replies = p.push(Buffer.concat([OVERLOAD, bytes('OL,-9999999  g\r\n')]));
  assert.equal(replies.map((r) => r.kind === 'reading' && r.status), ['overload', 'underload']);
});

parser('should treat a stability error as a refusal and E01 as an error :: EC,E11 / EC,E01', () => {
  const replies = new AndParser().push(bytes('EC,E11\r\nEC,E01\r\n'));
  assert.equal(replies.map((r) => r.kind), ['refused', 'error']);
});

parser('should read the comparator form and counting data :: ST,OK,+… and QT,+00012345 PC', () => {
  assert.equal(parseAndLine('ST,OK,+00012.34  g'), { kind: 'reading', status: 'stable', value: '+00012.34', unitSymbol: 'g' });
  assert.equal(parseAndLine('QT,+00012345 PC'), { kind: 'reading', status: 'stable', value: '+00012345', unitSymbol: 'PC' });
});

parser.run();

// ---

const writer = suite('formatAndLine');

writer('should print 15 characters + CR LF :: 123.45 g, -1.234 g, 2.515 ct', () => {
  assert.is(formatAndLine('ST', '123.45', 'g'), STABLE.toString('latin1'));
  assert.is(formatAndLine('US', '-1.234', 'g'), UNSTABLE.toString('latin1'));
  assert.is(formatAndLine('ST', '2.515', 'ct'), CARATS.toString('latin1'));
});

writer.run();
