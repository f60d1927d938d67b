/**
 * Opening and closing counts of a showcase, signed by who counted; a count that does not match
 * needs a manager's note and approval. RFID counts come from real sweeps over the handheld pty.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SimulatedDeviceSet } from '../../../../drivers/index.ts';
import { businessDate, manualDiscrepancy, needsManagerNote } from '../../../../runtime/src/domain/daily-count.ts';
import { bearer, managerApproval, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';
import { stockTheCases, type StockedPiece } from '../../../helpers/stock.ts';

const rules = suite('daily count rules');

rules('should date a count by the store’s day, not UTC’s :: 03:00 UTC is still the evening before in New York', () => {
  assert.is(businessDate(new Date('2026-11-25T03:00:00Z'), 'America/New_York'), '2026-11-24');
  assert.is(businessDate(new Date('2026-11-25T03:00:00Z'), 'Europe/Paris'), '2026-11-25');
});

rules('should need a note only when the count differs :: 40 of 40, 39 of 40, 41 of 40', () => {
  assert.equal([40, 39, 41].map((counted) => needsManagerNote(manualDiscrepancy(40, counted))), [false, true, true]);
  assert.equal(manualDiscrepancy(40, 39), { short: [], over: [], shortBy: 1, overBy: 0 });
});

rules.run();

interface Ctx {
  t: TestAppliance;
  counter: SimulatedDeviceSet;
  pieces: StockedPiece[];
  clerk: string;
}

const counts = suite<Ctx>('daily counts', {} as Ctx);

counts.before(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.counter = ctx.t.appliance.simulators.counter as SimulatedDeviceSet;
  ctx.pieces = stockTheCases(ctx.t.appliance.ledger, 40).filter((piece) => piece.location.startsWith('Case 5'));
  ctx.clerk = await ctx.t.login('101', '3917');
});
counts.after(async (ctx) => ctx.t.stop());

async function call(ctx: Ctx, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) {
  const reply = await ctx.t.api.inject({ method, url: `/api/v1/stock${url}`, headers: { ...bearer(ctx.clerk), ...headers }, ...(payload ? { payload } : {}) });
  return { status: reply.statusCode, body: reply.body ? reply.json() : null };
}

/** A finished sweep of `scope` in which the handheld saw `pieces`. */
async function sweepOf(ctx: Ctx, scope: string, pieces: StockedPiece[]): Promise<string> {
  const id = (await call(ctx, 'POST', '/sweeps', { scope })).body.id as string;
  ctx.counter.handheld.clearField();
  ctx.counter.handheld.putTags(pieces.map((piece) => ({ epc: piece.epc })));
  ctx.counter.handheld.pullTrigger();
  await waitUntil(async () => (await call(ctx, 'GET', `/sweeps/${id}`)).body.progress.reads === pieces.length);
  assert.is((await call(ctx, 'POST', `/sweeps/${id}/finish`)).status, 200);
  return id;
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the sweep never took its reads');
}

counts('should sign a matching RFID count with who counted it :: opening count of Case 5, 8 of 8', async (ctx) => {
  const sweepId = await sweepOf(ctx, 'Case 5', ctx.pieces);
  const signed = await call(ctx, 'POST', '/counts', { kind: 'opening', showcase: 'Case 5', sweepId });
  assert.is(signed.status, 201, JSON.stringify(signed.body));
  assert.equal(
    [signed.body.businessDate, signed.body.expected, signed.body.counted, signed.body.countedBy.name, signed.body.managerNote, signed.body.approvedBy],
    ['2026-11-24', 8, 8, 'Sam Okafor', null, null],
  );
  assert.equal((await call(ctx, 'GET', '/counts')).body.map((count: { kind: string; showcase: string }) => [count.kind, count.showcase]), [['opening', 'Case 5']]);
  const again = await call(ctx, 'POST', '/counts', { kind: 'opening', showcase: 'Case 5', sweepId });
  assert.equal([again.status, again.body.error.code], [409, 'LOUPE_E_STOCK_COUNT_TAKEN']);
});

counts('should sign a count that is short only with a manager’s note and approval :: closing count of Case 5, 7 of 8', async (ctx) => {
  const sweepId = await sweepOf(ctx, 'Case 5', ctx.pieces.slice(1));
  const before = ledgerFingerprint(ctx.t.appliance.ledger.db);
  const bare = await call(ctx, 'POST', '/counts', { kind: 'closing', showcase: 'Case 5', sweepId });
  assert.equal([bare.status, bare.body.error.code, bare.body.error.details.short], [422, 'LOUPE_E_STOCK_COUNT_NOTE_REQUIRED', ['T-4']]);
  const unapproved = await call(ctx, 'POST', '/counts', { kind: 'closing', showcase: 'Case 5', sweepId, managerNote: 'T-4 at the bench for sizing' });
  assert.equal([unapproved.status, unapproved.body.error.code], [403, 'LOUPE_E_AUTH_APPROVAL_REQUIRED']);
  assert.is(ledgerFingerprint(ctx.t.appliance.ledger.db), before);
  const approval = await managerApproval(ctx.t, ctx.clerk, 'stock.adjust');
  const signed = await call(ctx, 'POST', '/counts', { kind: 'closing', showcase: 'Case 5', sweepId, managerNote: 'T-4 at the bench for sizing' }, { 'x-loupe-approval': approval });
  assert.is(signed.status, 201, JSON.stringify(signed.body));
  assert.equal([signed.body.discrepancy, signed.body.approvedBy.name, signed.body.countedBy.name], [{ short: ['T-4'], over: [], shortBy: 1, overBy: 0 }, 'Claire Dubois', 'Sam Okafor']);
  const audit = ctx.t.appliance.ledger.db.prepare("SELECT actor_name, approver_name, reason FROM audit_log WHERE action = 'count.signed' ORDER BY seq DESC").get();
  assert.equal(audit, { actor_name: 'Sam Okafor', approver_name: 'Claire Dubois', reason: 'T-4 at the bench for sizing' });
});

counts('should refuse a sweep of another showcase, and take a count by hand :: a Case 4 / Tray D sweep for Case 3; Tray D counted by hand', async (ctx) => {
  const sweepId = await sweepOf(ctx, 'Case 4 / Tray D', []);
  const wrong = await call(ctx, 'POST', '/counts', { kind: 'opening', showcase: 'Case 3', sweepId });
  assert.equal([wrong.status, wrong.body.error.code], [422, 'LOUPE_E_STOCK_COUNT_SWEEP_INVALID']);
  const both = await call(ctx, 'POST', '/counts', { kind: 'opening', showcase: 'Case 4 / Tray D', sweepId, counted: 2 });
  assert.equal([both.status, both.body.error.code], [400, 'LOUPE_E_API_VALIDATION']);
  const inStock = (ctx.t.appliance.ledger.db.prepare("SELECT COUNT(*) AS n FROM pieces WHERE status = 'in_stock' AND location LIKE 'Case 4 / Tray D%'").get() as { n: number }).n;
  assert.is(inStock, 2);
  const byHand = await call(ctx, 'POST', '/counts', { kind: 'opening', showcase: 'Case 4 / Tray D', counted: inStock });
  assert.is(byHand.status, 201, JSON.stringify(byHand.body));
  assert.equal([byHand.body.expected, byHand.body.counted, byHand.body.sweepId], [inStock, inStock, null]);
});

counts.run();
