/**
 * Property, through the API: any text sent in a field that reaches an audit entry (a reason, a
 * staff name, a location) is either taken and read back exactly, or refused with a coded 400 —
 * TEXT_INVALID exactly when it holds a lone surrogate — and the audit chain verifies after every request.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isWellFormed } from '../../../runtime/src/domain/canonical-json.ts';
import { verifyAuditLog } from '../../../runtime/src/store/audit-log.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { awkwardText } from '../../helpers/text-arbitraries.ts';

const property = suite<{ t: TestAppliance; manager: string; admin: string; pieceId: string; staffId: string }>('audited text through the API');

property.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.manager = await ctx.t.login('100', '8264');
  ctx.admin = await ctx.t.login('105', '9406');
  await openTill(ctx.t, 10_000);
  const db = ctx.t.appliance.ledger.db;
  ctx.pieceId = (db.prepare("SELECT id FROM pieces WHERE status = 'in_stock' LIMIT 1").get() as { id: string }).id;
  ctx.staffId = (db.prepare("SELECT id FROM staff WHERE code = '103'").get() as { id: string }).id;
});
property.after(async (ctx) => ctx.t.stop());

/** Where a text goes, the entry it makes, and the audit column or snapshot member it must read back from. */
const fields = (ctx: { manager: string; admin: string; pieceId: string; staffId: string }) =>
  [
    { method: 'POST', url: '/api/v1/till/cash-in', token: ctx.manager, body: (text: string) => ({ amountMinor: 100, reason: text }), action: 'cash.cash_in', stored: 'reason' },
    { method: 'POST', url: '/api/v1/till/no-sale', token: ctx.manager, body: (text: string) => ({ reason: text }), action: 'cash.no_sale', stored: 'reason' },
    { method: 'PUT', url: `/api/v1/pieces/${ctx.pieceId}/price`, token: ctx.manager, body: (text: string) => ({ retailMinor: 99_000, reason: text }), action: 'piece.repriced', stored: 'reason' },
    { method: 'PATCH', url: `/api/v1/staff/${ctx.staffId}`, token: ctx.admin, body: (text: string) => ({ name: text }), action: 'staff.updated', stored: 'after.name' },
  ] as const;

property('should take or refuse any text, read it back exactly, and keep the chain whole :: reasons, a staff name', async (ctx) => {
  const { t } = ctx;
  const db = t.appliance.ledger.db;
  type Row = { seq: number; reason: string | null; after_json: string };
  const lastSeq = () => (db.prepare('SELECT MAX(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
  // The drawer's own entry ("cash in: …") follows a cash move asynchronously: look for the command's entry by its action.
  const entriesAfter = (seq: number, action: string) => db.prepare('SELECT seq, reason, after_json FROM audit_log WHERE seq > ? AND action = ? ORDER BY seq').all(seq, action) as Row[];
  let taken = 0;
  let refusedText = 0;
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...fields(ctx)), awkwardText(), async (field, text) => {
      const before = lastSeq();
      const reply = await t.api.inject({ method: field.method, url: field.url, headers: { ...bearer(field.token), 'content-type': 'application/json' }, payload: JSON.stringify(field.body(text)) });
      const entries = entriesAfter(before, field.action);
      if (!isWellFormed(text)) {
        assert.equal([reply.statusCode, reply.json().error.code], [400, 'LOUPE_E_API_TEXT_INVALID'], reply.body);
        refusedText += 1;
      } else if (reply.statusCode >= 400) {
        // Well-formed but not a trimmed line of text: the schema's refusal.
        assert.equal([reply.statusCode, reply.json().error.code], [400, 'LOUPE_E_API_VALIDATION'], reply.body);
      } else if (field.stored === 'after.name' && entries.length === 0) {
        // Renaming a member of staff to the name they have changes nothing and writes no entry.
        assert.is(reply.json().name, text);
      } else {
        assert.is(entries.length, 1, `one entry for ${field.url}: ${reply.body}`);
        const entry = entries[0] as Row;
        assert.is(field.stored === 'reason' ? entry.reason : JSON.parse(entry.after_json).name, text, `${field.url} ${entry.after_json}`);
        taken += 1;
      }
      if (reply.statusCode >= 400) assert.equal(entries, [], `nothing kept on ${field.url}: ${reply.body}`);
      assert.ok(verifyAuditLog(db).ok);
    }),
    { numRuns: 60, seed: 7, includeErrorInReport: true },
  );
  assert.ok(taken >= 5 && refusedText >= 5, `taken ${taken}, refused as not Unicode ${refusedText}`);
});

property.run();
