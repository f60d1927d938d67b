import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeInputEvent, EV_KEY, EV_MSC, EV_SYN, InputEventParser, inputEventSize } from '../../../drivers/scanner/evdev.ts';
import { keyFor } from '../../../drivers/scanner/keymap.ts';
import { KeystrokeDecoder } from '../../../drivers/scanner/keystrokes.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// KEY_A (30) pressed, as a 64-bit process reads it: tv_sec 1700000000, tv_usec 123456, type 1, code 30, value 1.
const A_PRESS_64 = hex('00f1536500000000 40e2010000000000 0100 1e00 01000000');
// The same on a 32-bit ARM process: 4-byte seconds and microseconds.
const A_PRESS_32 = hex('00f15365 40e20100 0100 1e00 01000000');
const SYN_64 = hex('00f1536500000000 40e2010000000000 0000 0000 00000000');

const parser = suite('InputEventParser');

parser('should read one 24-byte record :: KEY_A press on x64', () => {
  assert.equal(new InputEventParser('x64').push(A_PRESS_64), [{ type: EV_KEY, code: 30, value: 1 }]);
});

parser('should read one 16-byte record :: KEY_A press on 32-bit arm', () => {
  assert.equal(new InputEventParser('arm').push(A_PRESS_32), [{ type: EV_KEY, code: 30, value: 1 }]);
  assert.is(inputEventSize('arm64'), 24);
});

parser('should read two records in one chunk :: press + SYN', () => {
  assert.equal(new InputEventParser('x64').push(Buffer.concat([A_PRESS_64, SYN_64])).map((e) => e.type), [EV_KEY, EV_SYN]);
});

parser('should hold a record split across reads :: last byte alone', () => {
  const p = new InputEventParser('x64');
  assert.equal(p.push(A_PRESS_64.subarray(0, 23)), []);
  assert.equal(p.push(A_PRESS_64.subarray(23)), [{ type: EV_KEY, code: 30, value: 1 }]);
});

parser('should encode what it decodes :: the simulator writes kernel records', () => {
  assert.equal(encodeInputEvent({ type: EV_KEY, code: 30, value: 1 }, 1_700_000_000_123.456, 'x64'), A_PRESS_64);
  assert.equal(encodeInputEvent({ type: EV_KEY, code: 30, value: 1 }, 1_700_000_000_000, 'arm').length, 16);
});

parser.run();

// ---

function typeInto(decoder: KeystrokeDecoder, strokes: [number, number][]): void {
  for (const [code, value] of strokes) decoder.push({ type: EV_KEY, code, value });
}

const keys = suite('KeystrokeDecoder');

keys('should decode a code with shift and Enter :: "RING-18K/750"', () => {
  const codes: string[] = [];
  const decoder = new KeystrokeDecoder(new ManualClock(), 300, (code) => codes.push(code));
  const strokes: [number, number][] = [];
  for (const char of 'RING-18K/750') {
    const key = keyFor(char);
    if (!key) throw new Error(char);
    if (key.shift) strokes.push([42, 1]);
    strokes.push([key.code, 1], [key.code, 0]);
    if (key.shift) strokes.push([42, 0]);
  }
  strokes.push([28, 1], [28, 0]);
  typeInto(decoder, strokes);
  assert.equal(codes, ['RING-18K/750']);
});

keys('should type every printable ASCII character a US keyboard has :: 95 characters round trip', () => {
  const codes: string[] = [];
  const decoder = new KeystrokeDecoder(new ManualClock(), 300, (code) => codes.push(code));
  let all = '';
  for (let c = 0x20; c < 0x7f; c += 1) all += String.fromCharCode(c);
  for (const char of all) {
    const key = keyFor(char);
    assert.ok(key, `no key for ${char}`);
    if (key?.shift) decoder.push({ type: EV_KEY, code: 54, value: 1 });
    decoder.push({ type: EV_KEY, code: key?.code ?? 0, value: 1 });
    if (key?.shift) decoder.push({ type: EV_KEY, code: 54, value: 0 });
  }
  decoder.push({ type: EV_KEY, code: 96, value: 1 }); // keypad Enter
  assert.equal(codes, [all]);
});

keys('should honour caps lock and ignore repeats, releases and scan codes :: "Ab"', () => {
  const codes: string[] = [];
  const decoder = new KeystrokeDecoder(new ManualClock(), 300, (code) => codes.push(code));
  decoder.push({ type: EV_MSC, code: 4, value: 0x70004 });
  typeInto(decoder, [[58, 1], [58, 0], [30, 1], [30, 2], [30, 0], [58, 1], [58, 0], [48, 1], [48, 0], [28, 1]]);
  assert.equal(codes, ['Ab']);
});

keys('should drop a code that stalls without Enter :: 300 ms idle, then the next code is clean', () => {
  const clock = new ManualClock();
  const codes: string[] = [];
  const decoder = new KeystrokeDecoder(clock, 300, (code) => codes.push(code));
  typeInto(decoder, [[2, 1], [3, 1]]);
  clock.advance(301);
  typeInto(decoder, [[4, 1], [28, 1]]);
  assert.equal(codes, ['3']);
  assert.is(decoder.dropped, 1);
});

keys.run();
