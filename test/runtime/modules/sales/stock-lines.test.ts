import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, managerApproval, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';

interface Ctx {
  t: TestAppliance;
  associate: string;
  senior: string;
  manager: string;
}

const call = (t: TestAppliance, token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.api.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });

const onHand = (t: TestAppliance, sku: string) => (t.appliance.ledger.db.prepare('SELECT quantity FROM bulk_items WHERE sku = ?').get(sku) as { quantity: number }).quantity;

const stock = suite<Ctx>('bulk stock and reserved pieces');
stock.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.associate = await ctx.t.login('101', '3917');
  ctx.senior = await ctx.t.login('102', '5180');
  ctx.manager = await ctx.t.login('100', '8264');
  await openTill(ctx.t);
});
stock.after.each(async (ctx) => ctx.t.stop());

stock('should sell chains by the unit, scanning twice adds to the line, and take them off the shelf :: 2 × CH-18-750', async ({ t, associate }) => {
  const cart = (await call(t, associate, 'POST', '/sales/carts')).json();
  await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: '3000000018' });
  const view = (await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'CH-18-750' })).json();
  assert.is(view.lines.length, 1);
  assert.equal([view.lines[0].kind, view.lines[0].quantity, view.lines[0].unitMinor], ['bulk', 2, 43_500]);
  // 2 × 435.00 = 870.00; tax 8.875 % = 77.2125 → 77.21.
  assert.equal([view.subtotalMinor, view.taxMinor, view.totalMinor], [87_000, 7_721, 94_721]);
  await call(t, associate, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: 100_000, currency: 'USD' });
  const done = await call(t, associate, 'POST', `/sales/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  assert.is(onHand(t, 'CH-18-750'), 8);
  const db = t.appliance.ledger.db;
  assert.equal(db.prepare('SELECT quantity, unit_minor, piece_id FROM sale_lines').get(), { quantity: 2, unit_minor: 43_500, piece_id: null });
  const event = JSON.parse((db.prepare("SELECT body FROM outbox WHERE type = 'sale.completed'").get() as { body: string }).body);
  assert.equal([event.payload.lines[0].stockNo, event.payload.lines[0].quantity], ['CH-18-750', 2]);
});

stock('should refuse more units than are on hand, counting those in other open sales :: 10 on hand', async ({ t, associate }) => {
  const first = (await call(t, associate, 'POST', '/sales/carts')).json();
  const second = (await call(t, associate, 'POST', '/sales/carts')).json();
  assert.is((await call(t, associate, 'POST', `/sales/carts/${first.id}/lines`, { code: 'CH-18-750', quantity: 7 })).statusCode, 200);
  const refused = await call(t, associate, 'POST', `/sales/carts/${second.id}/lines`, { code: 'CH-18-750', quantity: 4 });
  assert.is(refused.statusCode, 409);
  assert.equal([refused.json().error.code, refused.json().error.details.available], ['LOUPE_E_SALE_OUT_OF_STOCK', 3]);
  const piece = await call(t, associate, 'POST', `/sales/carts/${second.id}/lines`, { code: 'R-10041', quantity: 2 });
  assert.is(piece.json().error.code, 'LOUPE_E_API_VALIDATION');
});

stock('should put returned units back on the shelf, and only as many as were returned :: 3 sold, 1 back', async ({ t, associate, senior }) => {
  const cart = (await call(t, associate, 'POST', '/sales/carts')).json();
  const view = (await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'BT-SR626SW', quantity: 3 })).json();
  await call(t, associate, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: view.totalMinor, currency: 'USD' });
  const receiptNo = (await call(t, associate, 'POST', `/sales/carts/${cart.id}/complete`)).json().receiptNo;
  assert.is(onHand(t, 'BT-SR626SW'), 37);
  const sale = (await call(t, senior, 'GET', `/sales/receipts/${receiptNo}`)).json();
  const refund = await call(t, senior, 'POST', `/sales/receipts/${receiptNo}/refunds`, { lines: [{ lineId: sale.lines[0].lineId, quantity: 1 }] });
  assert.is(refund.statusCode, 201, refund.body);
  assert.is(onHand(t, 'BT-SR626SW'), 38);
  const again = (await call(t, senior, 'GET', `/sales/receipts/${receiptNo}`)).json();
  assert.is(again.lines[0].returnableQuantity, 2);
});

stock('should receive more units, and refuse a count that differs from the shelf without a manager :: 30 → 28', async ({ t, senior }) => {
  const received = await call(t, senior, 'POST', '/bulk/CARE-CLOTH/receive', { quantity: 12, reference: 'INV-2211' });
  assert.equal([received.statusCode, received.json().quantity], [200, 42]);
  assert.is(received.json().costMinor, undefined, 'a senior does not see cost');
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const refused = await call(t, senior, 'POST', '/bulk/CARE-CLOTH/count', { counted: 40, reason: 'evening count' });
  assert.equal([refused.statusCode, refused.json().error.code], [403, 'LOUPE_E_AUTH_APPROVAL_REQUIRED']);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
  const token = await managerApproval(t, senior, 'catalog.adjust');
  const counted = await call(t, senior, 'POST', '/bulk/CARE-CLOTH/count', { counted: 40, reason: 'evening count' }, { 'x-loupe-approval': token });
  assert.equal([counted.statusCode, counted.json().quantity], [200, 40]);
  const db = t.appliance.ledger.db;
  assert.equal(db.prepare("SELECT actor_name, approver_name, reason FROM audit_log WHERE action = 'bulk.counted'").get(), { actor_name: 'Ines Moreau', approver_name: 'Claire Dubois', reason: 'evening count' });
  const event = JSON.parse((db.prepare("SELECT body FROM outbox WHERE type = 'bulk.counted'").get() as { body: string }).body);
  assert.equal([event.payload.delta, event.payload.quantity], [-2, 40]);
  const same = await call(t, senior, 'POST', '/bulk/CARE-CLOTH/count', { counted: 40, reason: 'recount' });
  assert.is(same.statusCode, 200, 'a count that agrees needs nobody');
});

stock('should refuse a bulk item whose code names a piece, and bad bodies, changing nothing', async ({ t, senior }) => {
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const base = { description: 'Chain', kind: 'chain', costMinor: 1, retailMinor: 2, location: 'Drawer', quantity: 1 };
  const taken = await call(t, senior, 'POST', '/bulk', { ...base, sku: 'R-10041' });
  assert.equal([taken.statusCode, taken.json().error.code], [409, 'LOUPE_E_CATALOG_CODE_TAKEN']);
  const negative = await call(t, senior, 'POST', '/bulk', { ...base, sku: 'CH-20-750', quantity: -1 });
  assert.is(negative.statusCode, 400);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

stock('should sell a reserved piece only with a manager’s approval, and name both :: HQ reservation', async ({ t, associate }) => {
  const db = t.appliance.ledger.db;
  db.prepare("UPDATE pieces SET status = 'reserved' WHERE stock_no = 'P-10041'").run();
  db.prepare("INSERT INTO reservations (id, stock_no, piece_id, customer_ref, hold_until, state, version) SELECT 'r1', stock_no, id, 'C-77', '2027-01-10T00:00:00Z', 'held', 1 FROM pieces WHERE stock_no = 'P-10041'").run();
  const cart = (await call(t, associate, 'POST', '/sales/carts')).json();
  const refused = await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'P-10041' });
  assert.equal([refused.statusCode, refused.json().error.code, refused.json().error.details.customerRef], [409, 'LOUPE_E_SALE_PIECE_RESERVED', 'C-77']);
  const token = await managerApproval(t, associate, 'sale.sellReserved');
  const added = await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'P-10041' }, { 'x-loupe-approval': token });
  assert.is(added.statusCode, 200, added.body);
  await call(t, associate, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: added.json().totalMinor, currency: 'USD', reference: 'AUTH 1' });
  assert.is((await call(t, associate, 'POST', `/sales/carts/${cart.id}/complete`)).statusCode, 201);
  assert.equal(db.prepare("SELECT status FROM pieces WHERE stock_no = 'P-10041'").get(), { status: 'sold' });
  assert.equal(db.prepare("SELECT actor_name, approver_name FROM audit_log WHERE action = 'sale.completed'").get(), { actor_name: 'Sam Okafor', approver_name: 'Claire Dubois' });
});

stock('should not sell a piece that is out on memo or in repair :: coded refusal', async ({ t, associate }) => {
  const db = t.appliance.ledger.db;
  db.prepare("UPDATE pieces SET status = 'memo_out' WHERE stock_no = 'E-10041'").run();
  const cart = (await call(t, associate, 'POST', '/sales/carts')).json();
  const refused = await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'E-10041' });
  assert.equal([refused.statusCode, refused.json().error.code, refused.json().error.details.status], [409, 'LOUPE_E_SALE_PIECE_UNAVAILABLE', 'memo_out']);
});

stock('should take a trade-in only with what came in described, and from a senior or with a manager’s approval :: old 14k band', async ({ t, associate, senior }) => {
  const cart = (await call(t, associate, 'POST', '/sales/carts')).json();
  await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'R-10041' });
  const band = { description: '14k yellow gold wedding band, worn', metal: 'gold', fineness: 585, weightUg: 3_200_000 };
  const bare = await call(t, senior, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'trade_in', amountMinor: 40_000, currency: 'USD' });
  assert.equal([bare.statusCode, bare.json().error.code], [400, 'LOUPE_E_API_VALIDATION']);
  const clerk = await call(t, associate, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'trade_in', amountMinor: 40_000, currency: 'USD', tradeIn: band });
  assert.equal([clerk.statusCode, clerk.json().error.code], [403, 'LOUPE_E_AUTH_APPROVAL_REQUIRED']);
  const taken = await call(t, senior, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'trade_in', amountMinor: 40_000, currency: 'USD', tradeIn: band });
  assert.is(taken.statusCode, 200, taken.body);
  await call(t, associate, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: taken.json().remainingMinor, currency: 'USD', reference: 'AUTH 2' });
  const done = await call(t, associate, 'POST', `/sales/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  const db = t.appliance.ledger.db;
  const document = JSON.parse((db.prepare('SELECT document FROM sales').get() as { document: string }).document);
  assert.equal(document.tenders[0].tradeIn, band);
  assert.equal(db.prepare("SELECT actor_name, approver_name, reason FROM audit_log WHERE action = 'sale.overrideApproved'").get(), { actor_name: 'Ines Moreau', approver_name: 'Ines Moreau', reason: 'sale.trade_in' });
});

stock('should ask for a manager when fewer units would leave an amount discount above the clerk’s limit :: $200 off 10 chains, then 1', async ({ t, associate }) => {
  const cart = (await call(t, associate, 'POST', '/sales/carts')).json();
  const view = (await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'CH-18-750', quantity: 10 })).json();
  const lineId = view.lines[0].lineId;
  assert.is((await call(t, associate, 'PUT', `/sales/carts/${cart.id}/lines/${lineId}/discount`, { discount: { kind: 'amount', minor: 20_000 } })).statusCode, 200, '4.6 % is within 5 %');
  const one = await call(t, associate, 'PUT', `/sales/carts/${cart.id}/lines/${lineId}/quantity`, { quantity: 1 });
  assert.equal([one.statusCode, one.json().error.code], [403, 'LOUPE_E_AUTH_APPROVAL_REQUIRED']);
  const token = await managerApproval(t, associate, 'sale.discountOverride');
  const approved = await call(t, associate, 'PUT', `/sales/carts/${cart.id}/lines/${lineId}/quantity`, { quantity: 1 }, { 'x-loupe-approval': token });
  assert.equal([approved.statusCode, approved.json().lines[0].quantity], [200, 1]);
});

stock('should count every line of one item in a cart against the shelf :: 20 discounted + 25 cloths, 30 on hand', async ({ t, associate }) => {
  const cart = (await call(t, associate, 'POST', '/sales/carts')).json();
  const view = (await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'CARE-CLOTH', quantity: 20 })).json();
  await call(t, associate, 'PUT', `/sales/carts/${cart.id}/lines/${view.lines[0].lineId}/discount`, { discount: { kind: 'percent', bps: 500 } });
  const more = await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'CARE-CLOTH', quantity: 25 });
  assert.equal([more.statusCode, more.json().error.code, more.json().error.details.available], [409, 'LOUPE_E_SALE_OUT_OF_STOCK', 10]);
});

stock('should leave out of a resumed sale the units sold while it was parked :: 7 chains parked, 10 sold', async ({ t, associate }) => {
  const parked = (await call(t, associate, 'POST', '/sales/carts')).json();
  await call(t, associate, 'POST', `/sales/carts/${parked.id}/lines`, { code: 'CH-18-750', quantity: 7 });
  await call(t, associate, 'POST', `/sales/carts/${parked.id}/lines`, { code: 'R-10041' });
  const { parkedId } = (await call(t, associate, 'POST', `/sales/carts/${parked.id}/park`, { label: 'client at the bank' })).json();
  const other = (await call(t, associate, 'POST', '/sales/carts')).json();
  const all = (await call(t, associate, 'POST', `/sales/carts/${other.id}/lines`, { code: 'CH-18-750', quantity: 10 })).json();
  await call(t, associate, 'POST', `/sales/carts/${other.id}/tenders`, { kind: 'cash', amountMinor: all.totalMinor, currency: 'USD' });
  assert.is((await call(t, associate, 'POST', `/sales/carts/${other.id}/complete`)).statusCode, 201);
  const resumed = (await call(t, associate, 'POST', `/sales/parked/${parkedId}/resume`)).json();
  assert.equal(resumed.droppedStockNos, ['CH-18-750']);
  assert.equal(resumed.lines.map((line: { stockNo: string }) => line.stockNo), ['R-10041']);
});

stock('should spend a manager’s approval only on the action that needed it :: a scan in stock, then a reserved piece', async ({ t, associate }) => {
  const db = t.appliance.ledger.db;
  db.prepare("UPDATE pieces SET status = 'reserved' WHERE stock_no = 'P-10042'").run();
  const token = await managerApproval(t, associate, 'sale.sellReserved');
  const cart = (await call(t, associate, 'POST', '/sales/carts')).json();
  assert.is((await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'R-10041' }, { 'x-loupe-approval': token })).statusCode, 200);
  const reserved = await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'P-10042' }, { 'x-loupe-approval': token });
  assert.is(reserved.statusCode, 200, reserved.body);
  const spent = await call(t, associate, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'E-10041' }, { 'x-loupe-approval': token });
  assert.equal([spent.statusCode, spent.json().error.code], [403, 'LOUPE_E_AUTH_APPROVAL_INVALID'], 'the reserved piece used it up');
  assert.equal(db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sale.overrideApproved'").get(), { n: 1 });
});

stock.run();
