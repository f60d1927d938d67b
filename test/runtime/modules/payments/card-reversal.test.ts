/**
 * A card payment leaves the terminal's money and the ledger in step at the counter: a payment
 * taken off the sale or a sale voided with a card on it is reversed at the terminal and recorded;
 * a decline is recorded too; a completed sale captures its card payment under its receipt.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, managerApproval, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import type { PaymentTerminalSimulator } from '../../../../drivers/payment/simulator.ts';

const cards = suite<{ t: TestAppliance; associate: string; terminal: PaymentTerminalSimulator }>('card payments at the counter');
cards.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  await openTill(ctx.t);
  ctx.associate = await ctx.t.login('101', '3917');
  const terminal = ctx.t.appliance.simulators.paymentTerminal;
  if (!terminal) throw new Error('the appliance should run the simulated terminal');
  ctx.terminal = terminal;
});
cards.after(async (ctx) => ctx.t.stop());

/** A cart holding a gift card of `amountMinor`, paid by card on the terminal; the reply of the card payment. */
async function cardSale(t: TestAppliance, token: string, amountMinor: number) {
  const call = (method: 'POST' | 'DELETE', url: string, payload?: object) => t.api.inject({ method, url: `/api/v1/sales${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
  const cart = (await call('POST', '/carts')).json() as { id: string };
  await call('POST', `/carts/${cart.id}/gift-cards`, { amountMinor });
  return { cart, paid: await call('POST', `/carts/${cart.id}/card`, { amountMinor }), call };
}

function paymentsOf(t: TestAppliance, cartId: string) {
  return t.appliance.ledger.db.prepare('SELECT state, amount_minor AS amount, terminal_ref AS terminalRef, settled_ref AS settledRef FROM card_payments WHERE purpose_ref = ? ORDER BY requested_at').all(cartId) as { state: string; amount: number; terminalRef: string | null; settledRef: string | null }[];
}

function eventsOf(t: TestAppliance, terminalRef: string): string[] {
  const rows = t.appliance.ledger.db.prepare("SELECT type, body FROM outbox WHERE type LIKE 'card_payment.%' ORDER BY seq").all() as { type: string; body: string }[];
  return rows.filter((row) => JSON.parse(row.body).payload.terminalRef === terminalRef).map((row) => row.type);
}

cards('should reverse the card at the terminal and record it when the payment is taken off the sale :: 250.00', async ({ t, associate, terminal }) => {
  const before = terminal.approvedMinor;
  const { cart, paid, call } = await cardSale(t, associate, 25_000);
  assert.is(paid.statusCode, 200, paid.body);
  assert.is(terminal.approvedMinor - before, 25_000);
  const removed = await call('DELETE', `/carts/${cart.id}/tenders/1`);
  assert.is(removed.statusCode, 200, removed.body);
  assert.equal([removed.json().tenders.length, removed.json().remainingMinor], [0, 25_000]);
  assert.is(terminal.approvedMinor - before, 0, 'the client is not charged');
  const [payment] = paymentsOf(t, cart.id);
  assert.equal([payment?.state, payment?.amount], ['reversed', 25_000]);
  assert.equal(eventsOf(t, payment!.terminalRef!), ['card_payment.approved', 'card_payment.reversed']);
  const listed = await t.api.inject({ url: '/api/v1/payments/card?limit=5', headers: bearer(associate) });
  assert.equal(listed.json()[0].state, 'reversed');
});

cards('should reverse the card and record it when a paid sale is voided :: 180.00, with a manager’s approval', async ({ t, associate, terminal }) => {
  const before = terminal.approvedMinor;
  const { cart, paid } = await cardSale(t, associate, 18_000);
  assert.is(paid.statusCode, 200, paid.body);
  const approval = await managerApproval(t, associate, 'sale.void');
  const voided = await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart.id}/void`, headers: { ...bearer(associate), 'x-loupe-approval': approval }, payload: { reason: 'client changed her mind' } });
  assert.is(voided.statusCode, 204, voided.body);
  assert.is(terminal.approvedMinor - before, 0);
  assert.equal(paymentsOf(t, cart.id).map((payment) => payment.state), ['reversed']);
});

cards('should record a declined card and capture an approved one under the receipt :: decline, then approve 90.00', async ({ t, associate, terminal }) => {
  terminal.nextPayments('decline');
  const { cart, paid, call } = await cardSale(t, associate, 9_000);
  assert.equal([paid.statusCode, paid.json().error.code], [422, 'LOUPE_E_SALE_CARD_DECLINED']);
  const again = await call('POST', `/carts/${cart.id}/card`, { amountMinor: 9_000 });
  assert.is(again.statusCode, 200, again.body);
  const done = await call('POST', `/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  const payments = paymentsOf(t, cart.id);
  assert.equal(payments.map((payment) => payment.state), ['declined', 'captured']);
  assert.is(payments[1]?.settledRef, done.json().receiptNo);
  const open = await t.api.inject({ url: '/api/v1/payments/card?show=open', headers: bearer(associate) });
  assert.equal(open.json(), []);
});

cards.run();
