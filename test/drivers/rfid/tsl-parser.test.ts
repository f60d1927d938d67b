import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { gen2Crc16 } from '../../../drivers/rfid/gen2-crc.ts';
import { tslTagReads, tslUnescape, TslResponse } from '../../../drivers/rfid/tsl/frame.ts';
import { TslParser } from '../../../drivers/rfid/tsl/parser.ts';
import { tslCommand } from '../../../drivers/rfid/tsl/writer.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

// The exchange of reference/device-protocols.md §1.1, byte for byte.
const INVENTORY_BLOCK = bytes('CS: .iv -r on -x\r\nEP: 3074257BF7194E4000001A85\r\nRI: -52\r\nEP: E2806894000040123456789A\r\nRI: -61\r\nOK:\r\n\r\n');
const NO_TAG_BLOCK = bytes('CS: .iv\r\nER: 005\r\nME: No transponder found\r\n\r\n');
// With -e on -c on: PC 3000 and the Gen2 CRC-16 over PC+EPC (AAF9 and 69EF).
const CRC_BLOCK_GOOD = bytes('CS: .iv\r\nEP: 3074257BF7194E4000001A85\r\nPC: 3000\r\nCR: AAF9\r\nRI: -52\r\nEP: E2806894000040123456789A\r\nPC: 3000\r\nCR: 69EF\r\nRI: -61\r\nOK:\r\n\r\n');
const CRC_BLOCK_BAD = bytes('CS: .iv\r\nEP: 3074257BF7194E4000001A85\r\nPC: 3000\r\nCR: AAF8\r\nRI: -52\r\nOK:\r\n\r\n');

const parser = suite('TslParser');

parser('should parse one block :: 2 tags with RSSI', () => {
  const [block, ...rest] = new TslParser().push(INVENTORY_BLOCK);
  assert.is(rest.length, 0);
  assert.ok(block);
  assert.is(block.command, '.iv -r on -x');
  assert.is(block.commandName, '.iv');
  assert.ok(block.ok);
  assert.equal(tslTagReads(block, 1000).reads, [
    { epc: '3074257BF7194E4000001A85', rssi: -52, antenna: null, at: 1000 },
    { epc: 'E2806894000040123456789A', rssi: -61, antenna: null, at: 1000 },
  ]);
});

parser('should parse two blocks in one chunk :: inventory then no-tag error', () => {
  const blocks = new TslParser().push(Buffer.concat([INVENTORY_BLOCK, NO_TAG_BLOCK]));
  assert.is(blocks.length, 2);
  assert.is(blocks[1]?.errorCode, 5);
  assert.is(blocks[1]?.value('ME'), 'No transponder found');
  assert.equal(tslTagReads(blocks[1] as TslResponse, 0).reads, []);
});

parser('should parse a block split across chunks :: final CR LF alone', () => {
  const p = new TslParser();
  const cut = INVENTORY_BLOCK.length - 2;
  assert.equal(p.push(INVENTORY_BLOCK.subarray(0, cut)), []);
  const blocks = p.push(INVENTORY_BLOCK.subarray(cut));
  assert.is(blocks.length, 1);
  assert.is(tslTagReads(blocks[0] as TslResponse, 0).reads.length, 2);
});

parser('should parse a block fed one byte at a time :: 103 chunks', () => {
  const p = new TslParser();
  assert.is(INVENTORY_BLOCK.length, 103);
  const blocks: TslResponse[] = [];
  for (const byte of INVENTORY_BLOCK) blocks.push(...p.push(Buffer.from([byte])));
  assert.is(blocks.length, 1);
  assert.is(tslTagReads(blocks[0] as TslResponse, 0).reads[1]?.rssi, -61);
});

parser('should skip garbage before the start :: noise bytes and a half line', () => {
  const p = new TslParser();
  const blocks = p.push(Buffer.concat([Buffer.from([0x00, 0xff, 0x13]), bytes('3456789A\r\nRI: -6'), bytes('\r\n\r\n'), INVENTORY_BLOCK]));
  // The half block (RI without OK) never ends, so only the real block comes out.
  assert.is(blocks.length, 1);
  assert.is(blocks[0]?.command, '.iv -r on -x');
  assert.ok(p.garbageLines >= 1);
});

parser('should resync on a header behind noise on the same line :: 0x00 0x00 CS: .iv', () => {
  const blocks = new TslParser().push(Buffer.concat([Buffer.from([0x00, 0x00]), NO_TAG_BLOCK]));
  assert.is(blocks.length, 1);
  assert.is(blocks[0]?.errorCode, 5);
});

parser('should drop a tag whose EPC CRC does not match :: AAF8 instead of AAF9', () => {
  const [block] = new TslParser().push(CRC_BLOCK_BAD);
  const parsed = tslTagReads(block as TslResponse, 0);
  assert.equal(parsed.reads, []);
  assert.is(parsed.rejected, 1);
});

parser('should go on after a bad CRC :: the next block yields 2 verified tags', () => {
  const blocks = new TslParser().push(Buffer.concat([CRC_BLOCK_BAD, CRC_BLOCK_GOOD]));
  assert.is(blocks.length, 2);
  const good = tslTagReads(blocks[1] as TslResponse, 0);
  assert.is(good.rejected, 0);
  assert.equal(good.reads.map((r) => r.epc), ['3074257BF7194E4000001A85', 'E2806894000040123456789A']);
});

parser('should drop a block cut short by a new CS line :: reader restart mid-answer', () => {
  const p = new TslParser();
  const blocks = p.push(Buffer.concat([bytes('CS: .iv\r\nEP: 3074257BF7194E4000001A85\r\n'), NO_TAG_BLOCK]));
  assert.is(blocks.length, 1);
  assert.is(blocks[0]?.errorCode, 5);
  assert.is(p.brokenBlocks, 1);
});

parser('should reject malformed EPC hex :: odd length and non-hex', () => {
  const [block] = new TslParser().push(bytes('CS: .iv\r\nEP: 3074257BF7194E4000001A8\r\nEP: 30Z4257BF7194E4000001A85\r\nEP: 3074257BF7194E4000001A85\r\nOK:\r\n\r\n'));
  const parsed = tslTagReads(block as TslResponse, 0);
  assert.is(parsed.rejected, 2);
  assert.is(parsed.reads.length, 1);
});

parser('should keep an escaped CR LF inside barcode data :: BC: AB<ESC><CR><ESC><LF>CD', () => {
  const [block] = new TslParser().push(Buffer.concat([bytes('CS: .bc\r\nBC: AB'), Buffer.from([0x1b, 0x0d, 0x1b, 0x0a]), bytes('CD\r\nOK:\r\n\r\n')]));
  assert.is(tslUnescape(block?.value('BC') ?? ''), 'AB\r\nCD');
});

parser.run();

// ---

const crc = suite('gen2Crc16');

crc('should match the CRC-16/GENIBUS check value :: "123456789" → 0xD64E', () => {
  assert.is(gen2Crc16(bytes('123456789')), 0xd64e);
});

crc.run();

// ---

const frame = suite('TslResponse.toBuffer');

frame('should write the reader bytes back :: round trip of the reference block', () => {
  const [block] = new TslParser().push(INVENTORY_BLOCK);
  assert.is((block as TslResponse).toBuffer().toString('latin1'), INVENTORY_BLOCK.toString('latin1'));
});

frame('should put ME after ER :: no transponder block', () => {
  const block = new TslResponse('.iv', [{ header: 'ME', value: 'No transponder found' }], 5);
  assert.is(block.toBuffer().toString('latin1'), NO_TAG_BLOCK.toString('latin1'));
});

frame.run();

// ---

const writer = suite('tslCommand');

writer('should write a command line with parameters :: .iv -x -n -r on -o 29', () => {
  assert.is(tslCommand('.iv', { x: true, n: true, r: 'on', o: 29 }).toString('latin1'), '.iv -x -n -r on -o 29\r\n');
});

writer('should quote a value with spaces :: .bt -f "1128 EU"', () => {
  assert.is(tslCommand('.bt', { f: '1128 EU' }).toString('latin1'), '.bt -f "1128 EU"\r\n');
});

writer('should refuse a line break in a value :: injection of a second command', () => {
  assert.throws(() => tslCommand('.iv', { o: '29\r\n.kl' }), /LOUPE_E_DEVICE_PROTOCOL|not|bad value/);
});

writer.run();
