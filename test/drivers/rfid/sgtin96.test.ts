import epcTdsExports from 'epc-tds';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeSgtin96, encodeSgtin96, gs1CheckDigit, SGTIN_PARTITIONS, sgtinGtin14, sgtinPureIdentityUri, sgtinTagUri } from '../../../drivers/rfid/sgtin96.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

// epc-tds ends with `module.exports = TDS`; its typings declare `export default TDS`.
const epcTds = epcTdsExports as unknown as typeof epcTdsExports.default;

// The canonical TDS example, reference/device-protocols.md §1.5.
const VECTOR = '3074257BF7194E4000001A85';

const codec = suite('SGTIN-96 codec');

codec('should decode the TDS vector :: 3074257BF7194E4000001A85', () => {
  const epc = decodeSgtin96(VECTOR);
  assert.equal(epc, { filter: 3, partition: 5, companyPrefix: '0614141', itemReference: '812345', serial: 6789n });
  assert.is(sgtinTagUri(epc), 'urn:epc:tag:sgtin-96:3.0614141.812345.6789');
  assert.is(sgtinPureIdentityUri(epc), 'urn:epc:id:sgtin:0614141.812345.6789');
  assert.is(sgtinGtin14(epc), '80614141123458');
});

codec('should encode the TDS vector :: filter 3, 0614141.812345.6789', () => {
  assert.is(encodeSgtin96({ filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: 6789n }), VECTOR);
  assert.is(encodeSgtin96({ filter: 1, companyPrefix: '0614141', itemReference: '812345', serial: 6789n }), '3034257BF7194E4000001A85');
});

codec('should keep the largest serial :: 2^38 − 1 = 274877906943', () => {
  const hex = encodeSgtin96({ filter: 1, companyPrefix: '999999999999', itemReference: '9', serial: 274877906943n });
  assert.is(decodeSgtin96(hex).serial, 274877906943n);
});

codec('should reject partition 7 :: header 0x30 with partition bits 111', () => {
  assert.throws(() => decodeSgtin96('301C257BF7194E4000001A85'), /partition 7/);
});

codec('should reject a company prefix that overflows its digits :: partition 6, prefix 2^20 − 1 > 999999', () => {
  const value = (0x30n << 88n) | (6n << 82n) | (((1n << 20n) - 1n) << 62n);
  assert.throws(() => decodeSgtin96(value.toString(16).padStart(24, '0')), /company prefix overflows/);
});

codec('should reject a wrong header, length or serial :: 0x31 SSCC, 23 digits, 2^38', () => {
  assert.throws(() => decodeSgtin96('3174257BF7194E4000001A85'), /not SGTIN-96/);
  assert.throws(() => decodeSgtin96('3074257BF7194E4000001A8'), /24 hex/);
  assert.throws(() => encodeSgtin96({ filter: 1, companyPrefix: '0614141', itemReference: '812345', serial: 1n << 38n }), /serial/);
  assert.throws(() => encodeSgtin96({ filter: 1, companyPrefix: '0614141', itemReference: '81234', serial: 1n }), /6-digit item reference/);
});

codec('should compute GS1 check digits :: 8061414112345 → 8, 0001234523457 → 7', () => {
  assert.is(gs1CheckDigit('8061414112345'), 8);
  assert.is(gs1CheckDigit('0000123452345'), 7);
});

codec.run();

// ---

const oracle = suite('SGTIN-96 against epc-tds');

function randomBelow(random: () => number, limit: bigint): bigint {
  // 53 random bits at a time, enough for 10^12 and 2^38.
  const draw = BigInt(Math.floor(random() * 2 ** 26)) * 2n ** 27n + BigInt(Math.floor(random() * 2 ** 27));
  return draw % limit;
}

oracle('should agree with epc-tds on 10,500 random valid EPCs :: 1,500 per partition, seed 0x10ce', () => {
  const random = seededRandom(0x10ce);
  for (let partition = 0; partition < SGTIN_PARTITIONS.length; partition += 1) {
    const layout = SGTIN_PARTITIONS[partition] as (typeof SGTIN_PARTITIONS)[number];
    for (let i = 0; i < 1500; i += 1) {
      const filter = Math.floor(random() * 8);
      const company = randomBelow(random, 10n ** BigInt(layout.companyDigits));
      const item = randomBelow(random, 10n ** BigInt(layout.itemDigits));
      const serial = randomBelow(random, 1n << 38n);
      const ours = encodeSgtin96({
        filter,
        companyPrefix: company.toString().padStart(layout.companyDigits, '0'),
        itemReference: item.toString().padStart(layout.itemDigits, '0'),
        serial,
      });
      const theirs = new epcTds.Sgtin96().setFilter(filter).setPartition(partition).setCompanyPrefix(Number(company)).setItemReference(Number(item)).setSerial(Number(serial));
      const context = `partition ${partition} case ${i}: ${ours}`;
      assert.is(ours, theirs.toHexString().toUpperCase(), context);
      const decoded = decodeSgtin96(ours);
      const back = epcTds.valueOf(ours) as InstanceType<typeof epcTds.Sgtin96>;
      assert.is(sgtinTagUri(decoded), back.toTagURI(), context);
      assert.is(sgtinGtin14(decoded), back.getGtin(), context);
      assert.is(decoded.serial, BigInt(back.getSerial()), context);
    }
  }
});

oracle('should reject exactly the random 96-bit values epc-tds cannot read back :: 2,000 raw values, seed 7', () => {
  const random = seededRandom(7);
  let valid = 0;
  for (let i = 0; i < 2000; i += 1) {
    const hex = `30${randomBelow(random, 1n << 44n).toString(16).padStart(11, '0')}${randomBelow(random, 1n << 44n).toString(16).padStart(11, '0')}`.toUpperCase();
    const partition = (Number.parseInt(hex.slice(2, 4), 16) >> 2) & 0x7;
    let ours: ReturnType<typeof decodeSgtin96> | null = null;
    try {
      ours = decodeSgtin96(hex);
    } catch {
      ours = null;
    }
    if (partition === 7) {
      assert.is(ours, null, hex);
      continue;
    }
    const theirs = epcTds.valueOf(hex) as InstanceType<typeof epcTds.Sgtin96>;
    const layout = SGTIN_PARTITIONS[partition] as (typeof SGTIN_PARTITIONS)[number];
    const fits = String(theirs.getCompanyPrefix()).length <= layout.companyDigits && String(theirs.getItemReference()).length <= layout.itemDigits;
    assert.is(ours !== null, fits, hex);
    if (ours) {
      valid += 1;
      assert.is(sgtinTagUri(ours), theirs.toTagURI(), hex);
    }
  }
  assert.ok(valid > 100, `only ${valid} valid values drawn`);
});

oracle.run();
