import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { auditHash, GENESIS_HASH, verifyChain, type StoredAuditRecord } from '../../../runtime/src/domain/audit-chain.ts';
import { canonicalJson } from '../../../runtime/src/domain/canonical-json.ts';
import { sha256Hex } from '../../../runtime/src/domain/digest.ts';

function chain(length: number): StoredAuditRecord[] {
  const records: StoredAuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const afterJson = canonicalJson({ n: seq });
    const content = {
      at: `2026-11-24T10:00:${String(seq).padStart(2, '0')}.000Z`,
      deviceId: 'pos-test',
      actorId: 's1',
      actorName: 'Sam',
      actorRole: 'associate',
      approverId: null,
      approverName: null,
      action: 'piece.repriced',
      target: `piece:${seq}`,
      reason: null,
      beforeDigest: null,
      afterDigest: sha256Hex(afterJson),
    };
    const hash = auditHash(content, prevHash);
    records.push({ ...content, seq, prevHash, hash, beforeJson: null, afterJson });
    prevHash = hash;
  }
  return records;
}

const verify = (records: StoredAuditRecord[], expectedLast = 5) =>
  verifyChain(records, expectedLast, (hash) => records.some((record) => record.hash === hash));

const audit = suite('verifyChain');

audit('should accept an untouched chain :: 5 entries', () => {
  const verdict = verify(chain(5));
  assert.ok(verdict.ok);
  assert.is(verdict.entries, 5);
});

audit('should name an edited entry :: target of #3 changed', () => {
  const records = chain(5);
  records[2] = { ...records[2]!, target: 'piece:99' };
  assert.equal(verify(records), { ok: false, entries: 3, break: { kind: 'edited', seq: 3 } });
});

audit('should name an edited snapshot :: after of #2 changed, digest kept', () => {
  const records = chain(5);
  records[1] = { ...records[1]!, afterJson: canonicalJson({ n: 200 }) };
  assert.equal(verify(records), { ok: false, entries: 2, break: { kind: 'edited', seq: 2 } });
});

audit('should accept a blanked snapshot :: erased personal data', () => {
  const records = chain(5);
  records[1] = { ...records[1]!, afterJson: null };
  assert.ok(verify(records).ok);
});

audit('should name an entry rewritten with a fresh hash :: #2', () => {
  const records = chain(5);
  const edited = { ...records[1]!, target: 'piece:99' };
  records[1] = { ...edited, hash: auditHash(edited, edited.prevHash) };
  assert.equal(verify(records), { ok: false, entries: 3, break: { kind: 'edited', seq: 2 } });
});

audit('should name a deleted entry :: #3 of 5', () => {
  const records = chain(5);
  records.splice(2, 1);
  assert.equal(verify(records), { ok: false, entries: 3, break: { kind: 'deleted', seq: 3 } });
});

audit('should name a deleted tail :: #5 of 5', () => {
  assert.equal(verify(chain(5).slice(0, 4)), { ok: false, entries: 4, break: { kind: 'deleted', seq: 5 } });
});

audit('should name two swapped entries :: #2 and #3', () => {
  const records = chain(5);
  const [second, third] = [records[1]!, records[2]!];
  records[1] = { ...third, seq: 2 };
  records[2] = { ...second, seq: 3 };
  assert.equal(verify(records), { ok: false, entries: 2, break: { kind: 'reordered', seq: 2 } });
});

audit.run();
