import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, managerApproval, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';

interface Ctx {
  t: TestAppliance;
  associate: string;
}

const post = (t: TestAppliance, token: string, url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.api.inject({ method: 'POST', url: `/api/v1/sales${url}`, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });
const put = (t: TestAppliance, token: string, url: string, payload: object, headers: Record<string, string> = {}) =>
  t.api.inject({ method: 'PUT', url: `/api/v1/sales${url}`, headers: { ...bearer(token), ...headers }, payload });

async function cartWith(t: TestAppliance, token: string, ...codes: string[]): Promise<{ id: string; lines: { lineId: string }[]; totalMinor: number }> {
  const cart = (await post(t, token, '/carts')).json();
  let view = cart;
  for (const code of codes) {
    const reply = await post(t, token, `/carts/${cart.id}/lines`, { code });
    assert.is(reply.statusCode, 200, reply.body);
    view = reply.json();
  }
  return view;
}

const selling = suite<Ctx>('selling');
selling.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.associate = await ctx.t.login('101', '3917');
  await openTill(ctx.t);
});
selling.after.each(async (ctx) => ctx.t.stop());

selling('should sell a piece for card and cash to the cent, and record it once :: $14,500 + 8.875 % NY tax', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'R-10041');
  // 1,450,000 × 8.875 % = 128,687.5 → 128,688 (half up); total 1,578,688.
  assert.equal([cart.totalMinor, (cart as unknown as { taxMinor: number }).taxMinor], [1_578_688, 128_688]);
  await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: 1_000_000, currency: 'USD', reference: 'AUTH 481516' });
  const paid = (await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: 600_000, currency: 'USD' })).json();
  assert.equal([paid.remainingMinor, paid.changeMinor, paid.paidMinor], [0, 21_312, 1_578_688]);
  const done = await post(t, associate, `/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  assert.is(done.json().receiptNo, '0042-01-000001');
  const db = t.appliance.ledger.db;
  assert.equal(db.prepare("SELECT status FROM pieces WHERE stock_no = 'R-10041'").get(), { status: 'sold' });
  assert.equal(db.prepare('SELECT receipt_no, total_minor, tax_minor FROM sales').all(), [{ receipt_no: '0042-01-000001', total_minor: 1_578_688, tax_minor: 128_688 }]);
  assert.equal(db.prepare('SELECT kind, amount_minor, applied_minor, reference FROM sale_tenders ORDER BY tender_no').all(), [
    { kind: 'card', amount_minor: 1_000_000, applied_minor: 1_000_000, reference: 'AUTH 481516' },
    { kind: 'cash', amount_minor: 600_000, applied_minor: 578_688, reference: null },
  ]);
  const event = db.prepare("SELECT stream, business_key, body FROM outbox WHERE type = 'sale.completed'").get() as { stream: string; business_key: string; body: string };
  assert.equal([event.stream, event.business_key], ['sales', 'sale:0042-01-000001']);
  assert.is(JSON.parse(event.body).payload.lines[0].stockNo, 'R-10041');
  assert.equal(db.prepare("SELECT actor_name FROM audit_log WHERE action = 'sale.completed'").get(), { actor_name: 'Sam Okafor' });
});

selling('should give gapless receipt numbers per till :: 000001, 000002', async ({ t, associate }) => {
  for (const code of ['E-10041', 'E-10042']) {
    const cart = await cartWith(t, associate, code);
    await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: cart.totalMinor, currency: 'USD' });
    await post(t, associate, `/carts/${cart.id}/complete`);
  }
  const receipts = t.appliance.ledger.db.prepare('SELECT receipt_no FROM sales ORDER BY receipt_no').all();
  assert.equal(receipts, [{ receipt_no: '0042-01-000001' }, { receipt_no: '0042-01-000002' }]);
});

selling('should keep a piece in one open sale only :: second cart refused', async ({ t, associate }) => {
  await cartWith(t, associate, 'R-10041');
  const other = (await post(t, associate, '/carts')).json();
  const reply = await post(t, associate, `/carts/${other.id}/lines`, { code: 'R-10041' });
  assert.is(reply.statusCode, 409);
  assert.is(reply.json().error.code, 'LOUPE_E_SALE_PIECE_IN_ANOTHER_SALE');
});

selling('should complete exactly one of two simultaneous completions :: 201 and a coded refusal', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'B-10041');
  await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: cart.totalMinor, currency: 'USD' });
  const replies = await Promise.all([post(t, associate, `/carts/${cart.id}/complete`), post(t, associate, `/carts/${cart.id}/complete`)]);
  assert.equal(replies.map((r) => r.statusCode).sort(), [201, 404]);
  assert.is(replies.find((r) => r.statusCode === 404)!.json().error.code, 'LOUPE_E_SALE_CART_NOT_FOUND');
  assert.equal(t.appliance.ledger.db.prepare('SELECT COUNT(*) AS n FROM sales').get(), { n: 1 });
});

selling('should refuse to sell a piece another till sold meanwhile, and write nothing', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'N-10041');
  await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: cart.totalMinor, currency: 'USD' });
  // Another till sharing the store's stock sells it first.
  t.appliance.ledger.db.prepare("UPDATE pieces SET status = 'sold' WHERE stock_no = 'N-10041'").run();
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const reply = await post(t, associate, `/carts/${cart.id}/complete`);
  assert.is(reply.statusCode, 409);
  assert.equal([reply.json().error.code, reply.json().error.details.stockNo], ['LOUPE_E_SALE_PIECE_UNAVAILABLE', 'N-10041']);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

selling('should ask for a manager above the clerk’s 5 % and record who approved :: 10 % on a bracelet', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'B-10042');
  const discount = { discount: { kind: 'percent', bps: 1000 } };
  const refused = await put(t, associate, `/carts/${cart.id}/lines/${cart.lines[0]!.lineId}/discount`, discount);
  assert.is(refused.statusCode, 403);
  assert.equal([refused.json().error.code, refused.json().error.details.permission], ['LOUPE_E_AUTH_APPROVAL_REQUIRED', 'sale.discountOverride']);
  const token = await managerApproval(t, associate, 'sale.discountOverride');
  const granted = await put(t, associate, `/carts/${cart.id}/lines/${cart.lines[0]!.lineId}/discount`, discount, { 'x-loupe-approval': token });
  assert.is(granted.statusCode, 200, granted.body);
  assert.equal([granted.json().discountMinor, granted.json().approver], [189_000, 'Claire Dubois']);
  await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: granted.json().totalMinor, currency: 'USD' });
  await post(t, associate, `/carts/${cart.id}/complete`);
  assert.equal(t.appliance.ledger.db.prepare("SELECT actor_name, approver_name FROM audit_log WHERE action = 'sale.completed'").get(), {
    actor_name: 'Sam Okafor',
    approver_name: 'Claire Dubois',
  });
});

selling('should allow a discount within the clerk’s limit without asking :: 5 %', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'B-10042');
  const reply = await put(t, associate, `/carts/${cart.id}/discount`, { discount: { kind: 'percent', bps: 500 } });
  assert.is(reply.statusCode, 200);
  assert.equal([reply.json().discountMinor, reply.json().approver], [94_500, null]);
});

selling('should refuse a card paying more than is due, and an incomplete sale', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'E-10043');
  const over = await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: cart.totalMinor + 1, currency: 'USD' });
  assert.is(over.statusCode, 422);
  assert.is(over.json().error.details.reason, 'tender.card_overpay');
  const early = await post(t, associate, `/carts/${cart.id}/complete`);
  assert.is(early.json().error.code, 'LOUPE_E_SALE_NOT_PAID');
});

selling('should park and resume a sale, and leave out a piece sold meanwhile', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'R-10042', 'E-10044');
  const parked = await post(t, associate, `/carts/${cart.id}/park`, { label: 'Mrs Laurent, ring sizing' });
  assert.is(parked.statusCode, 200);
  assert.equal((await t.api.inject({ url: '/api/v1/sales/parked', headers: bearer(associate) })).json().map((p: { label: string }) => p.label), ['Mrs Laurent, ring sizing']);
  t.appliance.ledger.db.prepare("UPDATE pieces SET status = 'sold' WHERE stock_no = 'E-10044'").run();
  const resumed = await post(t, associate, `/parked/${parked.json().parkedId}/resume`);
  assert.is(resumed.statusCode, 200, resumed.body);
  assert.equal([resumed.json().lines.map((l: { stockNo: string }) => l.stockNo), resumed.json().droppedStockNos], [['R-10042'], ['E-10044']]);
  assert.equal((await t.api.inject({ url: '/api/v1/sales/parked', headers: bearer(associate) })).json(), []);
});

selling('should let a clerk void an unpaid sale but need a manager once a payment is on it', async ({ t, associate }) => {
  const unpaid = await cartWith(t, associate, 'R-10043');
  assert.is((await post(t, associate, `/carts/${unpaid.id}/void`, { reason: 'Client changed her mind' })).statusCode, 204);
  const paid = await cartWith(t, associate, 'R-10043');
  await post(t, associate, `/carts/${paid.id}/tenders`, { kind: 'cash', amountMinor: 100_000, currency: 'USD' });
  const refused = await post(t, associate, `/carts/${paid.id}/void`, { reason: 'Wrong piece' });
  assert.equal([refused.statusCode, refused.json().error.details.permission], [403, 'sale.void']);
  const manager = await t.login('100', '8264');
  assert.is((await post(t, manager, `/carts/${paid.id}/void`, { reason: 'Wrong piece' })).statusCode, 204);
  const voids = t.appliance.ledger.db.prepare("SELECT actor_name, reason FROM audit_log WHERE action = 'sale.voided' ORDER BY seq").all();
  assert.equal(voids, [
    { actor_name: 'Sam Okafor', reason: 'Client changed her mind' },
    { actor_name: 'Claire Dubois', reason: 'Wrong piece' },
  ]);
});

selling('should pay by card on the terminal and keep the brand, last digits and approval code', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'P-10041');
  const paid = await post(t, associate, `/carts/${cart.id}/card`, { amountMinor: cart.totalMinor });
  assert.is(paid.statusCode, 200, paid.body);
  assert.is(paid.json().remainingMinor, 0);
  await post(t, associate, `/carts/${cart.id}/complete`);
  const tender = t.appliance.ledger.db.prepare('SELECT kind, applied_minor, reference FROM sale_tenders').get() as { kind: string; applied_minor: number; reference: string };
  assert.equal([tender.kind, tender.applied_minor], ['card', cart.totalMinor]);
  assert.match(tender.reference, /^visa 1111 \d{6}$/);
  assert.is(t.appliance.simulators.paymentTerminal?.approvedMinor, cart.totalMinor);
});

selling('should leave the sale open and the piece unsold when the card is declined', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'P-10042');
  t.appliance.simulators.paymentTerminal?.nextPayments('decline');
  const declined = await post(t, associate, `/carts/${cart.id}/card`, { amountMinor: cart.totalMinor });
  assert.equal([declined.statusCode, declined.json().error.code, declined.json().error.details.reason], [422, 'LOUPE_E_SALE_CARD_DECLINED', 'Not enough funds']);
  const view = (await t.api.inject({ url: `/api/v1/sales/carts/${cart.id}`, headers: bearer(associate) })).json();
  assert.equal([view.remainingMinor, view.tenders], [cart.totalMinor, []]);
  assert.equal(t.appliance.ledger.db.prepare("SELECT status FROM pieces WHERE stock_no = 'P-10042'").get(), { status: 'in_stock' });
  assert.is((await post(t, associate, `/carts/${cart.id}/card`, { amountMinor: cart.totalMinor })).statusCode, 200);
});

selling('should leave the sale open when the terminal does not answer at all, and say the outcome is unknown :: terminal off', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'N-10041');
  await t.appliance.simulators.paymentTerminal?.stop();
  const silent = await post(t, associate, `/carts/${cart.id}/card`, { amountMinor: cart.totalMinor });
  assert.equal([silent.statusCode, silent.json().error.code], [503, 'LOUPE_E_SALE_CARD_UNKNOWN']);
  const view = (await t.api.inject({ url: `/api/v1/sales/carts/${cart.id}`, headers: bearer(associate) })).json();
  assert.equal([view.remainingMinor, view.tenders], [cart.totalMinor, []]);
  assert.equal(t.appliance.ledger.db.prepare("SELECT status FROM pieces WHERE stock_no = 'N-10041'").get(), { status: 'in_stock' });
});

selling('should abort a card payment the client is still at :: cancel from the till', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'P-10043');
  t.appliance.simulators.paymentTerminal?.nextPayments('hold');
  const pending = post(t, associate, `/carts/${cart.id}/card`, { amountMinor: cart.totalMinor });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.is((await post(t, associate, `/carts/${cart.id}/card/cancel`)).statusCode, 204);
  const cancelled = await pending;
  assert.equal([cancelled.statusCode, cancelled.json().error.code], [422, 'LOUPE_E_SALE_CARD_CANCELLED']);
});

selling('should reverse the card payments of a voided sale on the terminal', async ({ t, associate }) => {
  const cart = await cartWith(t, associate, 'P-10044');
  await post(t, associate, `/carts/${cart.id}/card`, { amountMinor: 100_000 });
  assert.is(t.appliance.simulators.paymentTerminal?.approvedMinor, 100_000);
  const manager = await t.login('100', '8264');
  assert.is((await post(t, manager, `/carts/${cart.id}/void`, { reason: 'Client left' })).statusCode, 204);
  assert.is(t.appliance.simulators.paymentTerminal?.approvedMinor, 0);
});

selling('should take euro cash at HQ’s rate and give change in dollars :: €1,000 at 1.0842 on studs', async ({ t, associate }) => {
  // As applied from HQ's fx document.
  t.appliance.ledger.db.prepare("INSERT INTO fx_rates (base, quote, rate_e8, as_of, version) VALUES ('EUR', 'USD', 108420000, '2026-11-24T09:00:00Z', 1)").run();
  const cart = await cartWith(t, associate, 'E-10045');
  const paid = await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: 100_000, currency: 'EUR' });
  assert.is(paid.statusCode, 200, paid.body);
  // €1,000 × 1.0842 = $1,084.20 towards the $2,667.44 studs.
  assert.equal([paid.json().tenders[0].appliedMinor, paid.json().tenders[0].rate, paid.json().remainingMinor], [108_420, '108420000/100000000', 266_744 - 108_420]);
  const pound = await post(t, associate, `/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: 10_000, currency: 'GBP' });
  assert.equal([pound.statusCode, pound.json().error.details.reason], [422, 'tender.fx_rate_missing']);
});

selling.run();
