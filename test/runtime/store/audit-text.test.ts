/**
 * Property: whatever text reaches an audit entry (names, reasons, targets, snapshot keys and values),
 * however it got past the API (CSV import, HQ documents, MQTT), the chain still verifies, and what
 * reads back is that text made well-formed: lone surrogates, NUL, astral characters, combining marks.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { wellFormed, type Json } from '../../../runtime/src/domain/canonical-json.ts';
import { createUlidFactory } from '../../../runtime/src/domain/ulid.ts';
import { listAuditEntries, verifyAuditLog } from '../../../runtime/src/store/audit-log.ts';
import { Ledger } from '../../../runtime/src/store/ledger.ts';
import type { StoredEventDraft } from '../../../runtime/src/store/outbox.ts';
import { TestClock } from '../../helpers/clock.ts';
import { awkwardText } from '../../helpers/text-arbitraries.ts';

const text = awkwardText();
const snapshot: fc.Arbitrary<Json> = fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 }), fc.integer()), { maxKeys: 4 });

const property = suite<{ dir: string; ledger: Ledger<StoredEventDraft> }>('audit chain and arbitrary text');

property.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-audit-text-'));
  const clock = new TestClock();
  ctx.ledger = Ledger.open<StoredEventDraft>({
    path: join(ctx.dir, 'ledger.sqlite'),
    identity: { deviceId: 'pos-test01', storeId: '0042', bootId: 'boot-1', clockSynced: () => false },
    now: clock.now,
    newId: createUlidFactory({ now: () => clock.now().getTime(), randomBytes: (size) => randomBytes(size) }),
  });
});
property.after.each((ctx) => {
  ctx.ledger.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

property('should keep the chain verifiable and read back well-formed text :: any text in every audited field', ({ ledger }) => {
  const entry = fc.record({ actorName: text, approverName: text, action: text, target: text, reason: text, before: snapshot, after: snapshot });
  fc.assert(
    fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), (entries) => {
      const from = listAuditEntries(ledger.db, { afterSeq: 0, limit: 1_000_000 }).length;
      for (const e of entries) {
        const actor = { staff: { staffId: 'st-1', name: e.actorName, role: 'associate' as const }, approver: { staffId: 'st-2', name: e.approverName } };
        ledger.write({ action: e.action, actor, target: e.target, reason: e.reason }, () => ({
          result: undefined,
          before: e.before,
          after: e.after,
          events: [{ stream: 'stock', type: 'test.text', schemaVersion: 1, payload: { reason: e.reason } }],
        }));
      }
      const verdict = verifyAuditLog(ledger.db);
      assert.ok(verdict.ok, JSON.stringify(verdict));
      const stored = listAuditEntries(ledger.db, { afterSeq: from, limit: entries.length });
      assert.equal(
        stored.map((row) => [row.actorName, row.approverName, row.action, row.target, row.reason]),
        entries.map((e) => [e.actorName, e.approverName, e.action, e.target, e.reason].map(wellFormed)),
      );
    }),
    { numRuns: 100, seed: 12 },
  );
});

property.run();
