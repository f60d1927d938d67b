import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DRAWER_KICK } from '../../../drivers/printer/constants.ts';
import { EscPosReader } from '../../../drivers/printer/escpos-reader.ts';
import { decodeStatus, encodeStatus, StatusParser } from '../../../drivers/printer/status.ts';
import { decodeEscPos } from '../helpers/escpos-decoder.ts';

// DLE EOT 4 replies: 12 ok, 1E near end, 72 paper out, 7E both (reference appendix).
const status = suite('StatusParser');

const bytesOf = (replies: { byte: number }[]): number[] => replies.map((r) => r.byte);

status('should take one reply :: 0x12', () => {
  assert.equal(new StatusParser().push(Buffer.from([0x12])), [{ kind: 'realtime', byte: 0x12 }]);
});

status('should take several replies in one chunk :: 12 1E 72', () => {
  assert.equal(bytesOf(new StatusParser().push(Buffer.from([0x12, 0x1e, 0x72]))), [0x12, 0x1e, 0x72]);
});

status('should take replies spread over chunks :: 3 chunks of 1 byte', () => {
  const p = new StatusParser();
  assert.equal(bytesOf([...p.push(Buffer.from([0x16])), ...p.push(Buffer.from([0x12])), ...p.push(Buffer.from([0x7e]))]), [0x16, 0x12, 0x7e]);
});

status('should skip garbage before the replies :: ASCII noise "OK" then 1E', () => {
  const p = new StatusParser();
  assert.equal(bytesOf(p.push(Buffer.concat([Buffer.from('OK'), Buffer.from([0x1e])]))), [0x1e]);
  assert.is(p.invalid, 2);
});

status('should drop a byte whose fixed bits are wrong :: 0x13 (bit 0 set)', () => {
  const p = new StatusParser();
  assert.equal(p.push(Buffer.from([0x13])), []);
  assert.is(p.invalid, 1);
});

status('should go on after a bad byte :: 0x93 then 0x72', () => {
  assert.equal(bytesOf(new StatusParser().push(Buffer.from([0x93, 0x72]))), [0x72]);
});

status('should tell GS r answers from DLE EOT answers :: 0x0C paper end vs 0x12', () => {
  assert.equal(new StatusParser().push(Buffer.from([0x0c, 0x12])), [
    { kind: 'paper-sensor', byte: 0x0c },
    { kind: 'realtime', byte: 0x12 },
  ]);
});

status.run();

// ---

const decode = suite('decodeStatus');

decode('should decode the reference replies :: 12 ok, 1E near end, 72 paper out', () => {
  const online = { printer: 0x12, offline: 0x12 };
  assert.equal(decodeStatus({ ...online, paper: 0x12 }), { online: true, drawerPin3High: false, coverOpen: false, error: false, paperNearEnd: false, paperOut: false });
  assert.is(decodeStatus({ ...online, paper: 0x1e }).paperNearEnd, true);
  assert.is(decodeStatus({ ...online, paper: 0x72 }).paperOut, true);
  assert.is(decodeStatus({ printer: 0x1a, offline: 0x16, paper: 0x12 }).coverOpen, true);
});

decode('should round-trip what the simulator answers :: cover open, drawer high, paper near end', () => {
  const s = { online: false, drawerPin3High: true, coverOpen: true, error: false, paperNearEnd: true, paperOut: false };
  assert.equal(decodeStatus({ printer: encodeStatus(1, s), offline: encodeStatus(2, s), paper: encodeStatus(4, s) }), s);
  assert.is(encodeStatus(4, { ...s, paperNearEnd: false, paperOut: true }), 0x72);
});

decode.run();

// ---

const reader = suite('EscPosReader');

reader('should hold a command split across chunks :: GS ( k with its data in 2 parts', () => {
  const r = new EscPosReader();
  const qr = Buffer.from('1d286b06003150304142430a', 'hex');
  assert.equal(r.push(qr.subarray(0, 6)), []);
  const tokens = r.push(qr.subarray(6));
  assert.equal(tokens.map((t) => t.kind === 'command' ? t.name : t.kind), ['qr', 'lf']);
});

reader('should find a status request inside print data :: text, DLE EOT 4, text', () => {
  const tokens = new EscPosReader().push(Buffer.concat([Buffer.from('RING'), Buffer.from([0x10, 0x04, 0x04]), Buffer.from('18K\n')]));
  assert.equal(tokens.map((t) => (t.kind === 'command' ? t.name : t.kind)), ['text', 'realtime-status', 'text', 'lf']);
});

reader.run();

// ---

const kick = suite('drawer kick bytes');

kick('should be the full ESC p 0 25 250 :: 50 ms on, 500 ms off', () => {
  assert.equal(DRAWER_KICK(2, 50, 500), Buffer.from([0x1b, 0x70, 0x00, 0x19, 0xfa]));
  assert.equal(decodeEscPos(DRAWER_KICK(2, 50, 500)).pulses, [{ connector: 0, onMs: 50, offMs: 500 }]);
});

kick('should show why openCashDrawer() is not used :: node-thermal-printer 4.6 emits 1B 70 00 1B 70 01', () => {
  const printer = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '/dev/null' });
  printer.openCashDrawer();
  const bytes = printer.getBuffer();
  assert.is(bytes.toString('hex'), '1b70001b7001');
  // A printer reads ESC p 0 with t1 = 0x1B, t2 = 0x70 (a 54 ms pulse), then a stray 0x01.
  assert.throws(() => decodeEscPos(bytes), /stray control byte 0x1/);
});

kick.run();
