import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodePieceTag, encodePieceTag, identifyTag, maxStyleNumber } from '../../../drivers/rfid/piece-tag.ts';
import { decodeSgtin96, sgtinTagUri } from '../../../drivers/rfid/sgtin96.ts';
import { Sweep } from '../../../drivers/rfid/sweep.ts';

const PREFIXES = ['0614141'];

const pieceTag = suite('Loupe piece tag');

pieceTag('should encode style and piece as an SGTIN-96 :: prefix 0614141, style 12345, piece 67', () => {
  const epc = encodePieceTag({ companyPrefix: '0614141', styleNumber: 12345, pieceNumber: 67n });
  assert.is(epc, '3034257BF40C0E4000000043'); // epc-tds encodes the same fields to the same hex
  assert.is(sgtinTagUri(decodeSgtin96(epc)), 'urn:epc:tag:sgtin-96:1.0614141.012345.67');
});

pieceTag('should decode only its own tags :: other prefix, other filter, indicator ≠ 0', () => {
  const ours = encodePieceTag({ companyPrefix: '0614141', styleNumber: 7, pieceNumber: 123456789n });
  assert.equal(decodePieceTag(ours, PREFIXES), { companyPrefix: '0614141', styleNumber: 7, pieceNumber: 123456789n });
  assert.is(decodePieceTag(ours, ['0614142']), null);
  assert.is(decodePieceTag('3074257BF7194E4000001A85', PREFIXES), null); // filter 3
  assert.is(decodePieceTag('3034257BF7194E4000001A85', PREFIXES), null); // indicator digit 8
});

pieceTag('should carry nothing but prefix, style and piece :: 96 bits fully accounted for', () => {
  const epc = encodePieceTag({ companyPrefix: '0614141', styleNumber: 99999, pieceNumber: 274877906943n });
  const fields = decodeSgtin96(epc);
  assert.equal(Object.keys(fields).sort(), ['companyPrefix', 'filter', 'itemReference', 'partition', 'serial']);
  assert.is(fields.itemReference, '099999');
});

pieceTag('should bound the style number by the prefix length :: 7 digits → 99999, 12 digits → 0', () => {
  assert.is(maxStyleNumber('0614141'), 99999);
  assert.is(maxStyleNumber('061414112345'), 0);
  assert.throws(() => encodePieceTag({ companyPrefix: '0614141', styleNumber: 100000, pieceNumber: 1n }), /style number is 0 to 99999/);
  assert.throws(() => encodePieceTag({ companyPrefix: '0614141', styleNumber: 1, pieceNumber: 1n << 38n }), /piece number/);
});

pieceTag('should treat factory and foreign EPCs as opaque, never an error :: E280… and SSCC', () => {
  assert.is(identifyTag('e2806894000040123456789a', PREFIXES).scheme, 'opaque');
  assert.is(identifyTag('3174257BF7194E4000001A85', PREFIXES).scheme, 'opaque');
  assert.is(identifyTag('3074257BF7194E4000001A85', PREFIXES).scheme, 'sgtin-96');
  assert.is(identifyTag('3034257BF40C0E4000000043', PREFIXES).scheme, 'loupe-piece');
});

pieceTag.run();

// ---

const sweep = suite('Sweep');

sweep('should keep one entry per EPC :: 5 reads of 2 tags, strongest RSSI kept', () => {
  const s = new Sweep(0);
  const reads: [string, number | null, number][] = [['A', -60, 1], ['B', -50, 2], ['A', -45, 3], ['A', null, 4], ['B', -70, 5]];
  for (const [epc, rssi, at] of reads) s.add({ epc, rssi, antenna: null, at });
  assert.is(s.reads, 5);
  assert.equal(s.tags(), [
    { epc: 'A', reads: 3, firstSeen: 1, lastSeen: 4, bestRssi: -45 },
    { epc: 'B', reads: 2, firstSeen: 2, lastSeen: 5, bestRssi: -50 },
  ]);
});

sweep.run();
