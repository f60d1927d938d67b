import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { A0Frame } from '../../../drivers/rfid/r2000/frame.ts';
import { decodeInventoryReply, decodeTagOperation, encodeTagOperation, inventoryCommand, matchCommand, readCommand, writeCommand } from '../../../drivers/rfid/r2000/messages.ts';
import { A0Parser } from '../../../drivers/rfid/r2000/parser.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

// Verified vectors, reference/device-protocols.md §1.4a and appendix.
const INVENTORY = hex('A0 04 01 89 FF D3');
const RESET = hex('A0 03 01 70 EC');
const VERSION = hex('A0 03 01 72 EA');
const INVENTORY_BAD_CHECK = hex('A0 04 01 89 FF D4');

const parser = suite('A0Parser');

parser('should parse one frame :: real-time inventory, address 1, repeat 0xFF', () => {
  const frames = new A0Parser().push(INVENTORY);
  assert.is(frames.length, 1);
  assert.is(frames[0]?.address, 0x01);
  assert.is(frames[0]?.command, 0x89);
  assert.equal([...(frames[0]?.data ?? [])], [0xff]);
});

parser('should parse two frames in one chunk :: reset + get version', () => {
  const frames = new A0Parser().push(Buffer.concat([RESET, VERSION]));
  assert.equal(frames.map((f) => f.command), [0x70, 0x72]);
});

parser('should parse a frame split across chunks :: checksum byte alone', () => {
  const p = new A0Parser();
  assert.equal(p.push(INVENTORY.subarray(0, 5)), []);
  const frames = p.push(INVENTORY.subarray(5));
  assert.is(frames.length, 1);
  assert.is(frames[0]?.command, 0x89);
});

parser('should skip garbage before the head :: 3 bytes of noise', () => {
  const p = new A0Parser();
  const frames = p.push(Buffer.concat([hex('00 13 FE'), VERSION]));
  assert.equal(frames.map((f) => f.command), [0x72]);
  assert.is(p.skippedBytes, 3);
});

parser('should drop a frame with a bad checksum :: D4 instead of D3', () => {
  const p = new A0Parser();
  assert.equal(p.push(INVENTORY_BAD_CHECK), []);
  assert.is(p.badChecksums, 1);
});

parser('should go on after a bad checksum :: bad inventory then good reset', () => {
  const p = new A0Parser();
  const frames = p.push(Buffer.concat([INVENTORY_BAD_CHECK, RESET]));
  assert.equal(frames.map((f) => f.command), [0x70]);
  assert.is(p.badChecksums, 1);
});

parser('should not be held back by a stray head with a big length :: A0 FF then a real frame', () => {
  const frames = new A0Parser().push(Buffer.concat([hex('A0 FF'), VERSION]));
  assert.equal(frames.map((f) => f.command), [0x72]);
});

parser('should find a frame behind a 0xA0 data byte of a broken frame :: truncated frame then reset', () => {
  const frames = new A0Parser().push(Buffer.concat([hex('A0 06 01 81 A0'), RESET]));
  assert.equal(frames.map((f) => f.command), [0x70]);
});

parser.run();

// ---

const frame = suite('A0Frame');

frame('should encode the reference vectors :: 89, 70, 72', () => {
  assert.equal(new A0Frame(0x01, 0x89, [0xff]).toBuffer(), INVENTORY);
  assert.equal(new A0Frame(0x01, 0x70).toBuffer(), RESET);
  assert.equal(new A0Frame(0x01, 0x72).toBuffer(), VERSION);
});

frame('should refuse a bad checksum :: fromBuffer throws LOUPE_E_DEVICE_PROTOCOL', () => {
  try {
    A0Frame.fromBuffer(INVENTORY_BAD_CHECK);
    assert.unreachable('a bad checksum was accepted');
  } catch (error) {
    assert.is((error as { code: string }).code, 'LOUPE_E_DEVICE_PROTOCOL');
    assert.match((error as Error).message, 'invalid checksum');
  }
});

frame.run();

// ---

const messages = suite('R2000 messages');

messages('should build the inventory command :: repeat 1 at the public address', () => {
  assert.equal(inventoryCommand(0xff, 1).toBuffer(), hex('A0 04 FF 89 01 D3'));
});

messages('should build access match and cancel :: 12-byte EPC / mode 1', () => {
  assert.equal(matchCommand(0xff, '3074257BF7194E4000001A85').data, hex('00 0C 3074257BF7194E4000001A85'));
  assert.equal(matchCommand(0xff, null).data, hex('01'));
});

messages('should build write and read :: password 0, EPC bank, word 2, 6 words', () => {
  const epc = hex('3074257BF7194E4000001A85');
  assert.equal(writeCommand(0xff, { bank: 1, wordAddress: 2, data: epc }).data, Buffer.concat([hex('00000000 01 02 06'), epc]));
  assert.equal(readCommand(0xff, { bank: 1, wordAddress: 2, wordCount: 6 }).data, hex('01 02 06 00000000'));
});

messages('should decode an inventory tag reply :: ant 2, PC 3000, RSSI byte 0x4E → -51 dBm', () => {
  const reply = decodeInventoryReply(new A0Frame(0x01, 0x89, hex('05 3000 3074257BF7194E4000001A85 4E')));
  assert.equal(reply, { kind: 'tag', pc: 0x3000, epc: '3074257BF7194E4000001A85', rssi: -51, antenna: 2, frequency: 1 });
});

messages('should decode the end of a round and an error :: totalRead 3 / 0x22 antenna missing', () => {
  assert.equal(decodeInventoryReply(new A0Frame(0x01, 0x89, hex('00 001E 00000003'))), { kind: 'end', antenna: 1, readRate: 30, totalRead: 3 });
  assert.equal(decodeInventoryReply(new A0Frame(0x01, 0x89, hex('22'))), { kind: 'error', code: 0x22 });
});

messages('should round-trip a read reply :: 12 bytes of EPC read back after PC, EPC and CRC', () => {
  const data = hex('3074257BF7194E4000001A85');
  const frame = encodeTagOperation(0x01, 0x81, { tagCount: 1, pc: 0x3000, epc: '3074257BF7194E4000001A85', crc: 0xaaf9, data });
  const reply = decodeTagOperation(A0Frame.fromBuffer(frame.toBuffer()));
  assert.equal(reply, { kind: 'tag', tagCount: 1, pc: 0x3000, epc: '3074257BF7194E4000001A85', data, status: null, antenna: 1 });
});

messages.run();
