import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isStoredValueNumber } from '../../../../runtime/src/domain/stored-value.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';

interface Ctx {
  t: TestAppliance;
  associate: string;
  senior: string;
}

const call = (t: TestAppliance, token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.api.inject({ method, url: `/api/v1/sales${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

/** Sells one gift card for cash and returns its number. */
async function sellGiftCard(t: TestAppliance, token: string, amountMinor: number): Promise<{ number: string; receiptNo: string }> {
  const cart = (await call(t, token, 'POST', '/carts')).json();
  const view = await call(t, token, 'POST', `/carts/${cart.id}/gift-cards`, { amountMinor });
  assert.is(view.statusCode, 200, view.body);
  assert.equal([view.json().totalMinor, view.json().taxMinor, view.json().lines[0].kind], [amountMinor, 0, 'gift_card']);
  await call(t, token, 'POST', `/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor, currency: 'USD' });
  const { receiptNo } = (await call(t, token, 'POST', `/carts/${cart.id}/complete`)).json();
  const document = JSON.parse((t.appliance.ledger.db.prepare('SELECT document FROM sales WHERE receipt_no = ?').get(receiptNo) as { document: string }).document);
  return { number: document.lines[0].giftCardNumber, receiptNo };
}

const stored = suite<Ctx>('gift cards and credit notes');
stored.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.associate = await ctx.t.login('101', '3917');
  ctx.senior = await ctx.t.login('102', '5180');
  await openTill(ctx.t);
});
stored.after.each(async (ctx) => ctx.t.stop());

stored('should sell a gift card without tax, numbered with a check digit, holding its value :: $500', async ({ t, associate }) => {
  const { number } = await sellGiftCard(t, associate, 50_000);
  assert.ok(isStoredValueNumber('gift_card', number), number);
  const balance = (await call(t, associate, 'GET', `/balances/${number}`)).json();
  assert.equal([balance.kind, balance.balanceMinor, balance.currency], ['gift_card', 50_000, 'USD']);
});

stored('should refuse a discount on a gift card, on the line or the whole sale', async ({ t, associate }) => {
  const cart = (await call(t, associate, 'POST', '/carts')).json();
  const view = (await call(t, associate, 'POST', `/carts/${cart.id}/gift-cards`, { amountMinor: 10_000 })).json();
  const line = await call(t, associate, 'PUT', `/carts/${cart.id}/lines/${view.lines[0].lineId}/discount`, { discount: { kind: 'percent', bps: 500 } });
  assert.equal([line.statusCode, line.json().error.details.reason], [422, 'cart.discount_on_gift_card']);
  const whole = await call(t, associate, 'PUT', `/carts/${cart.id}/discount`, { discount: { kind: 'percent', bps: 500 } });
  assert.equal([whole.statusCode, whole.json().error.details.reason], [422, 'cart.discount_on_gift_card']);
});

stored('should take a gift card up to its balance only, and take it off when the sale completes :: $500 card on $849.23 pearls (E-10042)', async ({ t, associate }) => {
  const { number } = await sellGiftCard(t, associate, 50_000);
  const cart = (await call(t, associate, 'POST', '/carts')).json();
  const view = (await call(t, associate, 'POST', `/carts/${cart.id}/lines`, { code: 'E-10042' })).json();
  const tooMuch = await call(t, associate, 'POST', `/carts/${cart.id}/tenders`, { kind: 'gift_card', amountMinor: 60_000, currency: 'USD', reference: number });
  assert.equal([tooMuch.statusCode, tooMuch.json().error.code, tooMuch.json().error.details.balanceMinor], [409, 'LOUPE_E_TENDER_BALANCE_SHORT', 50_000]);
  const unknown = await call(t, associate, 'POST', `/carts/${cart.id}/tenders`, { kind: 'gift_card', amountMinor: 100, currency: 'USD', reference: '6000000000000007' });
  assert.equal([unknown.statusCode, unknown.json().error.code], [404, 'LOUPE_E_TENDER_ACCOUNT_NOT_FOUND']);
  await call(t, associate, 'POST', `/carts/${cart.id}/tenders`, { kind: 'gift_card', amountMinor: 30_000, currency: 'USD', reference: number });
  const again = await call(t, associate, 'POST', `/carts/${cart.id}/tenders`, { kind: 'gift_card', amountMinor: 30_000, currency: 'USD', reference: number });
  assert.equal([again.statusCode, again.json().error.details.balanceMinor], [409, 20_000], 'what this sale already takes counts');
  await call(t, associate, 'POST', `/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: view.totalMinor - 30_000, currency: 'USD' });
  const done = await call(t, associate, 'POST', `/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  assert.is((await call(t, associate, 'GET', `/balances/${number}`)).json().balanceMinor, 20_000);
  const entries = t.appliance.ledger.db.prepare('SELECT amount_minor, reference FROM stored_value_entries WHERE number = ? ORDER BY rowid').all(number);
  assert.equal(entries.map((entry) => (entry as { amount_minor: number }).amount_minor), [50_000, -30_000]);
});

stored('should refuse to return a gift card, and refund what a gift card paid as a new credit note', async ({ t, associate, senior }) => {
  const card = await sellGiftCard(t, associate, 100_000);
  const cardSale = (await call(t, senior, 'GET', `/receipts/${card.receiptNo}`)).json();
  assert.is(cardSale.lines[0].refusal, 'return.final_sale');

  const cart = (await call(t, associate, 'POST', '/carts')).json();
  const view = (await call(t, associate, 'POST', `/carts/${cart.id}/lines`, { code: 'E-10042' })).json();
  const byCard = await call(t, associate, 'POST', `/carts/${cart.id}/tenders`, { kind: 'gift_card', amountMinor: view.totalMinor, currency: 'USD', reference: card.number });
  assert.is(byCard.statusCode, 200, byCard.body);
  const completed = await call(t, associate, 'POST', `/carts/${cart.id}/complete`);
  assert.is(completed.statusCode, 201, completed.body);
  const { receiptNo } = completed.json();
  const sale = (await call(t, senior, 'GET', `/receipts/${receiptNo}`)).json();
  const refund = await call(t, senior, 'POST', `/receipts/${receiptNo}/refunds`, { lines: [{ lineId: sale.lines[0].lineId, quantity: 1 }] });
  assert.is(refund.statusCode, 201, refund.body);
  const payload = JSON.parse((t.appliance.ledger.db.prepare("SELECT body FROM outbox WHERE type = 'sale.refunded'").get() as { body: string }).body).payload;
  assert.ok(isStoredValueNumber('store_credit', payload.creditNote), payload.creditNote);
  const note = (await call(t, senior, 'GET', `/balances/${payload.creditNote}`)).json();
  assert.equal([note.kind, note.balanceMinor], ['store_credit', view.totalMinor]);
  // The credit note pays like any store credit.
  const next = (await call(t, associate, 'POST', '/carts')).json();
  await call(t, associate, 'POST', `/carts/${next.id}/lines`, { code: 'CARE-CLOTH' });
  const paid = await call(t, associate, 'POST', `/carts/${next.id}/tenders`, { kind: 'store_credit', amountMinor: 1_633, currency: 'USD', reference: payload.creditNote });
  assert.is(paid.json().remainingMinor, 0, paid.body);
  assert.is((await call(t, associate, 'POST', `/carts/${next.id}/complete`)).statusCode, 201);
  assert.is((await call(t, senior, 'GET', `/balances/${payload.creditNote}`)).json().balanceMinor, view.totalMinor - 1_633);
});

stored('should not let two open sales spend the same balance :: $500 card, two tills', async ({ t, associate }) => {
  const { number } = await sellGiftCard(t, associate, 50_000);
  const first = (await call(t, associate, 'POST', '/carts')).json();
  await call(t, associate, 'POST', `/carts/${first.id}/lines`, { code: 'E-10042' });
  assert.is((await call(t, associate, 'POST', `/carts/${first.id}/tenders`, { kind: 'gift_card', amountMinor: 50_000, currency: 'USD', reference: number })).statusCode, 200);
  const second = (await call(t, associate, 'POST', '/carts')).json();
  await call(t, associate, 'POST', `/carts/${second.id}/lines`, { code: 'CARE-CLOTH' });
  const refused = await call(t, associate, 'POST', `/carts/${second.id}/tenders`, { kind: 'gift_card', amountMinor: 1_000, currency: 'USD', reference: number });
  assert.equal([refused.statusCode, refused.json().error.code, refused.json().error.details.balanceMinor], [409, 'LOUPE_E_TENDER_BALANCE_SHORT', 0]);
});

stored.run();
