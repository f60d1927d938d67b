import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';

const DAY = 86_400_000;

/** Sells the pieces for card then cash; returns the receipt number and the sale's line ids. */
async function sell(t: TestAppliance, token: string, codes: string[], cardMinor: number): Promise<{ receiptNo: string; total: number }> {
  const api = (method: 'POST', url: string, payload?: object) => t.api.inject({ method, url: `/api/v1/sales${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
  const cart = (await api('POST', '/carts')).json();
  let view = cart;
  for (const code of codes) view = (await api('POST', `/carts/${cart.id}/lines`, { code })).json();
  const card = Math.min(cardMinor, view.totalMinor);
  assert.is((await api('POST', `/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: card, currency: 'USD' })).statusCode, 200);
  if (view.totalMinor > card) assert.is((await api('POST', `/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: view.totalMinor - card, currency: 'USD' })).statusCode, 200);
  const done = await api('POST', `/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  return { receiptNo: done.json().receiptNo, total: view.totalMinor };
}

const returns = suite<{ t: TestAppliance; senior: string; associate: string }>('returns');
returns.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.senior = await ctx.t.login('102', '5180');
  ctx.associate = await ctx.t.login('101', '3917');
  await openTill(ctx.t);
});
returns.after.each(async (ctx) => ctx.t.stop());

const lookup = (t: TestAppliance, token: string, receiptNo: string) => t.api.inject({ url: `/api/v1/sales/receipts/${receiptNo}`, headers: bearer(token) });
const refund = (t: TestAppliance, token: string, receiptNo: string, lines: { lineId: string; quantity: number }[]) =>
  t.api.inject({ method: 'POST', url: `/api/v1/sales/receipts/${receiptNo}/refunds`, headers: bearer(token), payload: { lines } });

returns('should refund a returned piece to the card first and put it back in stock :: studs of a 2-piece sale', async ({ t, senior, associate }) => {
  const { receiptNo } = await sell(t, associate, ['R-10041', 'E-10041'], 1_000_000);
  const sale = (await lookup(t, associate, receiptNo)).json();
  const studs = sale.lines.find((line: { stockNo: string }) => line.stockNo === 'E-10041');
  // $2,450 + 8.875 % = $2,667.44 (217.4375 → 217.44).
  assert.equal([studs.totalMinor, studs.returnableQuantity, studs.refundMinor], [266_744, 1, 266_744]);
  const done = await refund(t, senior, receiptNo, [{ lineId: studs.lineId, quantity: 1 }]);
  assert.is(done.statusCode, 201, done.body);
  assert.equal(done.json(), { refundNo: '0042-01-R000001', amountMinor: 266_744, tenders: [{ kind: 'card', refundAs: 'card', amountMinor: 266_744 }] });
  const db = t.appliance.ledger.db;
  assert.equal(db.prepare("SELECT status FROM pieces WHERE stock_no IN ('E-10041', 'R-10041') ORDER BY stock_no").all(), [{ status: 'in_stock' }, { status: 'sold' }]);
  assert.equal(db.prepare("SELECT type, business_key FROM outbox WHERE type = 'sale.refunded'").get(), { type: 'sale.refunded', business_key: 'refund:0042-01-R000001' });
  assert.equal(db.prepare("SELECT actor_name FROM audit_log WHERE action = 'sale.refunded'").get(), { actor_name: 'Ines Moreau' });
});

returns('should never refund a line twice :: second attempt refused', async ({ t, senior, associate }) => {
  const { receiptNo } = await sell(t, associate, ['E-10042'], 266_744);
  const line = (await lookup(t, associate, receiptNo)).json().lines[0];
  assert.is((await refund(t, senior, receiptNo, [{ lineId: line.lineId, quantity: 1 }])).statusCode, 201);
  const again = await refund(t, senior, receiptNo, [{ lineId: line.lineId, quantity: 1 }]);
  assert.is(again.statusCode, 422);
  assert.equal([again.json().error.code, again.json().error.details.reason], ['LOUPE_E_SALE_RETURN_REFUSED', 'return.already_refunded']);
  assert.is((await lookup(t, associate, receiptNo)).json().lines[0].refusal, 'return.already_refunded');
});

// Card first: cash above 10,000.00 from an anonymous client is refused (large-cash rule).
returns('should refund a whole split sale exactly to its tenders :: card 15,000.00 then cash', async ({ t, senior, associate }) => {
  const { receiptNo, total } = await sell(t, associate, ['R-10042', 'P-10041'], 1_500_000);
  const lines = (await lookup(t, associate, receiptNo)).json().lines.map((line: { lineId: string }) => ({ lineId: line.lineId, quantity: 1 }));
  const done = (await refund(t, senior, receiptNo, lines)).json();
  assert.is(done.amountMinor, total);
  assert.equal(done.tenders, [
    { kind: 'card', refundAs: 'card', amountMinor: 1_500_000 },
    { kind: 'cash', refundAs: 'cash', amountMinor: total - 1_500_000 },
  ]);
});

returns('should refuse a return after the 30-day window, and an associate’s refund', async ({ t, associate }) => {
  const { receiptNo } = await sell(t, associate, ['E-10043'], 266_744);
  const line = (await lookup(t, associate, receiptNo)).json().lines[0];
  assert.is((await refund(t, associate, receiptNo, [{ lineId: line.lineId, quantity: 1 }])).json().error.code, 'LOUPE_E_AUTH_APPROVAL_REQUIRED');
  t.clock.advance(31 * DAY);
  const late = await refund(t, await t.login('102', '5180'), receiptNo, [{ lineId: line.lineId, quantity: 1 }]);
  assert.equal([late.statusCode, late.json().error.details.reason], [422, 'return.window_closed']);
});

returns('should name an unknown receipt :: 0042-01-999999', async ({ t, associate }) => {
  const reply = await lookup(t, associate, '0042-01-999999');
  assert.equal([reply.statusCode, reply.json().error.code], [404, 'LOUPE_E_SALE_RECEIPT_NOT_FOUND']);
});

/** Opens a sale with `codes` and takes the lines of `receiptNo` back against it. */
async function exchange(t: TestAppliance, token: string, receiptNo: string, codes: string[]) {
  const api = (url: string, payload?: object) => t.api.inject({ method: 'POST', url: `/api/v1/sales${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
  const cart = (await api('/carts')).json();
  for (const code of codes) await api(`/carts/${cart.id}/lines`, { code });
  const lines = (await t.api.inject({ url: `/api/v1/sales/receipts/${receiptNo}`, headers: bearer(token) })).json().lines.map((line: { lineId: string }) => ({ lineId: line.lineId, quantity: 1 }));
  const taken = await api(`/carts/${cart.id}/exchange`, { receiptNo, lines });
  return { cart: cart.id as string, taken, api };
}

returns('should exchange studs for pearls in one commit, refunding the difference to the card :: $2,667.44 → $849.23', async ({ t, senior, associate }) => {
  const { receiptNo } = await sell(t, associate, ['E-10041'], 266_744);
  const { cart, taken, api } = await exchange(t, senior, receiptNo, ['E-10042']);
  assert.is(taken.statusCode, 200, taken.body);
  assert.equal([taken.json().totalMinor, taken.json().remainingMinor, taken.json().tenders[0].kind], [84_923, 0, 'store_credit']);
  const done = await api(`/carts/${cart}/complete`);
  assert.is(done.statusCode, 201, done.body);
  const db = t.appliance.ledger.db;
  assert.equal(db.prepare("SELECT stock_no, status FROM pieces WHERE stock_no IN ('E-10041', 'E-10042') ORDER BY stock_no").all(), [
    { stock_no: 'E-10041', status: 'in_stock' },
    { stock_no: 'E-10042', status: 'sold' },
  ]);
  const refund = db.prepare('SELECT amount_minor, record FROM refunds').get() as { amount_minor: number; record: string };
  assert.is(refund.amount_minor, 266_744);
  assert.equal(JSON.parse(refund.record).tenders.map((tender: { amount: number }) => tender.amount), [266_744 - 84_923]);
  assert.equal(db.prepare("SELECT type FROM outbox WHERE type IN ('sale.refunded', 'sale.completed') ORDER BY seq DESC LIMIT 2").all().map((row) => (row as { type: string }).type), ['sale.completed', 'sale.refunded']);
});

returns('should exchange upwards, the client paying the difference :: pearls $849.23 → studs $2,667.44', async ({ t, senior, associate }) => {
  const { receiptNo } = await sell(t, associate, ['E-10042'], 84_923);
  const { cart, taken, api } = await exchange(t, senior, receiptNo, ['E-10043']);
  assert.equal([taken.json().remainingMinor], [266_744 - 84_923]);
  assert.is((await api(`/carts/${cart}/tenders`, { kind: 'card', amountMinor: 266_744 - 84_923, currency: 'USD' })).statusCode, 200);
  assert.is((await api(`/carts/${cart}/complete`)).statusCode, 201);
  assert.equal(t.appliance.ledger.db.prepare("SELECT status FROM pieces WHERE stock_no = 'E-10042'").get(), { status: 'in_stock' });
});

returns('should leave no trace of an exchange that is abandoned :: voided by the clerk', async ({ t, senior, associate }) => {
  const { receiptNo } = await sell(t, associate, ['E-10044'], 84_923);
  const before = (t.appliance.ledger.db.prepare('SELECT COUNT(*) AS n FROM refunds').get() as { n: number }).n;
  const { cart, api } = await exchange(t, senior, receiptNo, ['E-10045']);
  assert.is((await api(`/carts/${cart}/void`, { reason: 'Client kept her pearls' })).statusCode, 204);
  assert.equal(t.appliance.ledger.db.prepare("SELECT status FROM pieces WHERE stock_no = 'E-10044'").get(), { status: 'sold' });
  assert.equal(t.appliance.ledger.db.prepare('SELECT COUNT(*) AS n FROM refunds').get(), { n: before });
});

returns.run();
