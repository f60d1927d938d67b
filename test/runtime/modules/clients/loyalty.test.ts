/** Loyalty points through the API: earned by tier, paid as a tender, given back when the sale is returned. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { addClient, call, cartFor, complete, tender } from '../../../helpers/clients.ts';

type Ctx = { t: TestAppliance; associate: string; senior: string };
const loyalty = suite<Ctx>('loyalty points');
loyalty.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.associate = await ctx.t.login('101', '3917');
  ctx.senior = await ctx.t.login('102', '5180');
  await openTill(ctx.t);
});
loyalty.after.each(async (ctx) => ctx.t.stop());

const balance = async (t: TestAppliance, token: string, id: string) => (await call(t, token, 'GET', `/clients/${id}`)).json().points.balance as number;

loyalty('should earn at 1× as New and 1.5× once Loyal, pay with points, and restore them on return :: bracelet then studs', async ({ t, associate, senior }) => {
  const id = await addClient(t, associate);
  const bracelet = await cartFor(t, associate, ['B-10041'], id); // 20,577.38: 20,577 points at 1×, then Loyal
  await tender(t, associate, bracelet.id, 'card', bracelet.total);
  await complete(t, associate, bracelet.id);
  assert.is(await balance(t, associate, id), 20_577);

  const studs = await cartFor(t, associate, ['E-10041'], id); // 2,667.44
  const short = await tender(t, associate, studs.id, 'loyalty', 20_578);
  assert.equal([short.statusCode, short.json().error.code, short.json().error.details.balance], [422, 'LOUPE_E_LOYALTY_POINTS_SHORT', 20_577]);
  assert.is((await tender(t, associate, studs.id, 'loyalty', 20_000)).statusCode, 200); // 200.00 in points
  assert.is((await tender(t, associate, studs.id, 'card', studs.total - 20_000)).statusCode, 200);
  const receiptNo = await complete(t, associate, studs.id);
  // 577 left + 2,667.44 at 1.5× = 4,001
  assert.is(await balance(t, associate, id), 577 + 4_001);

  const line = (await call(t, associate, 'GET', `/sales/receipts/${receiptNo}`)).json().lines[0];
  const refund = await call(t, senior, 'POST', `/sales/receipts/${receiptNo}/refunds`, { lines: [{ lineId: line.lineId, quantity: 1 }] });
  assert.equal(refund.json().tenders, [
    { kind: 'card', refundAs: 'card', amountMinor: studs.total - 20_000 },
    { kind: 'loyalty', refundAs: 'loyalty', amountMinor: 20_000 },
  ]);
  // the studs' points reversed, the 20,000 points paid given back
  assert.is(await balance(t, associate, id), 20_577);
});

loyalty('should refuse points on a sale without a client, and a change of client once points are tendered', async ({ t, associate }) => {
  const anonymous = await cartFor(t, associate, ['E-10042'], null);
  assert.is((await tender(t, associate, anonymous.id, 'loyalty', 100)).json().error.code, 'LOUPE_E_LOYALTY_NO_CLIENT');
  const id = await addClient(t, associate);
  const first = await cartFor(t, associate, ['E-10043'], id);
  await tender(t, associate, first.id, 'card', first.total);
  await complete(t, associate, first.id);
  const cart = await cartFor(t, associate, ['E-10044'], id);
  assert.is((await tender(t, associate, cart.id, 'loyalty', 100)).statusCode, 200);
  const change = await call(t, associate, 'PUT', `/sales/carts/${cart.id}/client`, { clientId: null });
  assert.equal([change.statusCode, change.json().error.details.reason], [422, 'sale.points_tendered']);
});

loyalty.run();
