/**
 * Stock movements through the API: each moves the piece, records who, where and why, and tells
 * HQ; a refused one changes nothing. Transfers go from one appliance (store 0042) to another
 * (store 0043) with the sender's HQ event as the hand-over.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, managerApproval, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';
import { stockTheCases } from '../../../helpers/stock.ts';

interface Ctx {
  t: TestAppliance;
  senior: string;
  manager: string;
}

const moves = suite<Ctx>('stock movements', {} as Ctx);
const FAST = { security: { pinHashCost: 14, idleLockSeconds: 3600 } };

moves.before(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: FAST });
  ctx.senior = await ctx.t.login('102', '5180');
  ctx.manager = await ctx.t.login('100', '8264');
});
moves.after(async (ctx) => ctx.t.stop());

async function call(t: TestAppliance, token: string, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) {
  const reply = await t.api.inject({ method, url: `/api/v1/stock${url}`, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });
  return { status: reply.statusCode, body: reply.body ? reply.json() : null };
}
const piece = (t: TestAppliance, stockNo: string) =>
  t.appliance.ledger.db.prepare('SELECT id, status, location, epc FROM pieces WHERE stock_no = ?').get(stockNo) as { id: string; status: string; location: string; epc: string | null };
const lastEvent = (t: TestAppliance, type: string) => JSON.parse((t.appliance.ledger.db.prepare('SELECT body FROM outbox WHERE type = ? ORDER BY seq DESC LIMIT 1').get(type) as { body: string }).body).payload;

moves('should move a piece to another tray and keep the movement :: R-10041 to Case 9 / Tray Z', async ({ t, senior }) => {
  const { id, location } = piece(t, 'R-10041');
  const done = await call(t, senior, 'POST', `/pieces/${id}/relocate`, { location: 'Case 9 / Tray Z', reason: 'New window display' });
  assert.is(done.status, 200, JSON.stringify(done.body));
  assert.equal([piece(t, 'R-10041').location, done.body.fromLocation, done.body.toLocation], ['Case 9 / Tray Z', location, 'Case 9 / Tray Z']);
  assert.equal((await call(t, senior, 'GET', `/pieces/${id}/movements`)).body.map((m: { kind: string }) => m.kind), ['piece.relocated']);
  assert.equal([lastEvent(t, 'piece.relocated').stockNo, lastEvent(t, 'piece.relocated').reason], ['R-10041', 'New window display']);
});

moves('should lend a piece on memo and take it back, listing it while out :: R-10042 to Mrs Avery until 1 Dec', async ({ t, senior }) => {
  const { id } = piece(t, 'R-10042');
  assert.is((await call(t, senior, 'POST', `/pieces/${id}/memo-out`, { party: 'Mrs Avery', dueBack: '2026-12-01' })).status, 200);
  assert.is(piece(t, 'R-10042').status, 'memo_out');
  const out = (await call(t, senior, 'GET', '/memos')).body;
  assert.equal(out.map((m: { stockNo: string; party: string; dueBack: string }) => [m.stockNo, m.party, m.dueBack]), [['R-10042', 'Mrs Avery', '2026-12-01']]);
  assert.is((await call(t, senior, 'POST', `/pieces/${id}/memo-in`, { location: 'Case 1 / Tray A' })).status, 200);
  assert.equal([piece(t, 'R-10042').status, piece(t, 'R-10042').location], ['in_stock', 'Case 1 / Tray A']);
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const again = await call(t, senior, 'POST', `/pieces/${id}/memo-in`, {});
  assert.equal([again.status, again.body.error.code, again.body.error.details.status], [409, 'LOUPE_E_PIECE_MOVE_REFUSED', 'in_stock']);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
  assert.equal((await call(t, senior, 'GET', '/memos')).body, []);
});

moves('should send vendor memo goods back and mark a piece missing and found :: E-10043 to Lumen & Co, R-10045 missing', async ({ t, senior }) => {
  const memoPiece = t.appliance.ledger.db.prepare("SELECT id, stock_no AS stockNo FROM pieces WHERE ownership = 'memo'").get() as { id: string; stockNo: string };
  assert.is((await call(t, senior, 'POST', `/pieces/${memoPiece.id}/return-to-vendor`, { reason: 'Memo due back' })).status, 200);
  assert.equal([piece(t, memoPiece.stockNo).status, lastEvent(t, 'piece.returned_to_vendor').vendor], ['memo_returned', 'Lumen & Co']);
  const { id } = piece(t, 'R-10045');
  assert.is((await call(t, senior, 'POST', `/pieces/${id}/missing`, { reason: 'Not found in two counts' })).status, 200);
  assert.is(piece(t, 'R-10045').status, 'missing');
  assert.is((await call(t, senior, 'POST', `/pieces/${id}/found`, { location: 'Back office safe' })).status, 200);
  assert.equal([piece(t, 'R-10045').status, piece(t, 'R-10045').location], ['in_stock', 'Back office safe']);
});

moves('should adjust only with a manager, naming the approver :: a senior is asked for approval, then approved by PIN', async ({ t, senior }) => {
  const { id } = piece(t, 'R-10046');
  const asked = await call(t, senior, 'POST', `/pieces/${id}/adjust`, { move: 'toRepair', reason: 'Found with a loose stone in the count' });
  assert.equal([asked.status, asked.body.error.code], [403, 'LOUPE_E_AUTH_APPROVAL_REQUIRED']);
  const approval = await managerApproval(t, senior, 'stock.adjust');
  const done = await call(t, senior, 'POST', `/pieces/${id}/adjust`, { move: 'toRepair', location: 'Bench', reason: 'Found with a loose stone in the count' }, { 'x-loupe-approval': approval });
  assert.is(done.status, 200, JSON.stringify(done.body));
  assert.equal([piece(t, 'R-10046').status, piece(t, 'R-10046').location], ['in_repair', 'Bench']);
  const audit = t.appliance.ledger.db.prepare("SELECT actor_name, approver_name, reason FROM audit_log WHERE action = 'stock.adjusted'").get();
  assert.equal(audit, { actor_name: 'Ines Moreau', approver_name: 'Claire Dubois', reason: 'Found with a loose stone in the count' });
  assert.is(lastEvent(t, 'stock.adjusted').approver, 'Claire Dubois');
  const manager = await t.login('100', '8264');
  const empty = await call(t, manager, 'POST', `/pieces/${id}/adjust`, { reason: 'Nothing' });
  assert.equal([empty.status, empty.body.error.code], [422, 'LOUPE_E_STOCK_ADJUSTMENT_EMPTY']);
  const sale = await call(t, manager, 'POST', `/pieces/${piece(t, 'R-10047').id}/adjust`, { move: 'sell', reason: 'Sold last week' });
  assert.equal([sale.status, sale.body.error.code, piece(t, 'R-10047').status], [400, 'LOUPE_E_API_VALIDATION', 'in_stock'], 'a sale is never an adjustment');
});

moves('should send a piece to another store in transit and receive it there :: T-5 from 0042 to 0043', async ({ t, senior }) => {
  const other = await startTestAppliance({ settings: { ...FAST, store: { id: '0043' } } });
  try {
    stockTheCases(t.appliance.ledger, 10);
    const sent = piece(t, 'T-5');
    const same = await call(t, senior, 'POST', '/transfers', { pieceId: sent.id, toStore: '0042' });
    assert.equal([same.status, same.body.error.code], [422, 'LOUPE_E_STOCK_TRANSFER_SAME_STORE']);
    const transfer = await call(t, senior, 'POST', '/transfers', { pieceId: sent.id, toStore: '0043' });
    assert.is(transfer.status, 201, JSON.stringify(transfer.body));
    assert.is(piece(t, 'T-5').status, 'in_transit');
    assert.equal((await call(t, senior, 'GET', '/transfers')).body.map((m: { stockNo: string; party: string }) => [m.stockNo, m.party]), [['T-5', '0043']]);

    const handedOver = lastEvent(t, 'transfer.sent'); // what HQ relays to store 0043
    const receiver = await other.login('102', '5180');
    const received = await call(other, receiver, 'POST', '/transfers/receive', { transferId: handedOver.transferId, fromStore: '0042', piece: handedOver.piece, location: 'Case 2 / Tray A' });
    assert.is(received.status, 201, JSON.stringify(received.body));
    assert.equal(piece(other, 'T-5'), { id: received.body.pieceId, status: 'in_stock', location: 'Case 2 / Tray A', epc: sent.epc });
    assert.is(lastEvent(other, 'transfer.received').transferId, handedOver.transferId);

    assert.is((await call(t, senior, 'POST', `/transfers/${handedOver.transferId}/delivered`)).status, 200);
    assert.is(piece(t, 'T-5').status, 'transferred');
    assert.equal((await call(t, senior, 'GET', '/transfers')).body, []);
  } finally {
    await other.stop();
  }
});

moves('should cancel a transfer that never left :: T-6 back where it was', async ({ t, senior }) => {
  const before = piece(t, 'T-6');
  const transfer = (await call(t, senior, 'POST', '/transfers', { pieceId: before.id, toStore: '0044' })).body;
  assert.is((await call(t, senior, 'POST', `/transfers/${transfer.transferId}/cancel`)).status, 200);
  assert.equal(piece(t, 'T-6'), before);
  const unknown = await call(t, senior, 'POST', '/transfers/NO-SUCH-TRANSFER/cancel');
  assert.equal([unknown.status, unknown.body.error.code], [404, 'LOUPE_E_STOCK_TRANSFER_NOT_FOUND']);
});

moves.run();
