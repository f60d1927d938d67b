import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';

const call = (t: TestAppliance, token: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.api.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

async function sale(t: TestAppliance, token: string, code: string, tenders: { kind: string; amountMinor: number }[]): Promise<string> {
  const cart = (await call(t, token, 'POST', '/api/v1/sales/carts')).json();
  await call(t, token, 'POST', `/api/v1/sales/carts/${cart.id}/lines`, { code });
  for (const tender of tenders) {
    const reply = await call(t, token, 'POST', `/api/v1/sales/carts/${cart.id}/tenders`, { ...tender, currency: 'USD' });
    assert.is(reply.statusCode, 200, reply.body);
  }
  const done = await call(t, token, 'POST', `/api/v1/sales/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  return done.json().receiptNo;
}

const till = suite<{ t: TestAppliance; manager: string; associate: string }>('till');
till.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.manager = await ctx.t.login('100', '8264');
  ctx.associate = await ctx.t.login('101', '3917');
});
till.after.each(async (ctx) => ctx.t.stop());

till('should refuse to sell before the till is open', async ({ t, associate }) => {
  const cart = (await call(t, associate, 'POST', '/api/v1/sales/carts')).json();
  await call(t, associate, 'POST', `/api/v1/sales/carts/${cart.id}/lines`, { code: 'C-10041' });
  await call(t, associate, 'POST', `/api/v1/sales/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: 32_118, currency: 'USD' });
  const reply = await call(t, associate, 'POST', `/api/v1/sales/carts/${cart.id}/complete`);
  assert.equal([reply.statusCode, reply.json().error.code], [409, 'LOUPE_E_CASH_TILL_CLOSED']);
});

till('should add up a day: float, cash sale with change, card sale, cash out, no-sale :: X report', async ({ t, manager, associate }) => {
  await openTill(t, 50_000);
  // Cufflinks $295.00 + 8.875 % = $321.18; paid with $400 cash, $78.82 change.
  await sale(t, associate, 'C-10041', [{ kind: 'cash', amountMinor: 40_000 }]);
  await sale(t, associate, 'C-10042', [{ kind: 'card', amountMinor: 32_118 }]);
  assert.is((await call(t, manager, 'POST', '/api/v1/till/cash-out', { amountMinor: 20_000, reason: 'To the safe' })).statusCode, 204);
  assert.is((await call(t, associate, 'POST', '/api/v1/till/no-sale', { reason: 'Change for a client' })).json().error.code, 'LOUPE_E_AUTH_APPROVAL_REQUIRED');
  assert.is((await call(t, manager, 'POST', '/api/v1/till/no-sale', { reason: 'Change for a client' })).statusCode, 204);
  const x = (await call(t, manager, 'GET', '/api/v1/till/report')).json();
  // 500.00 float + 321.18 kept − 200.00 to the safe = 621.18.
  assert.equal(x.expectedCash, [{ currency: 'USD', amount: 62_118 }]);
  assert.equal(x.tenders, [
    { tender: 'card', currency: 'USD', sales: 32_118, refunds: 0, net: 32_118 },
    { tender: 'cash', currency: 'USD', sales: 32_118, refunds: 0, net: 32_118 },
  ]);
  assert.is(x.noSales, 1);
});

till('should close with a Z report counted by denomination, naming over and short :: $1 short', async ({ t, manager, associate }) => {
  await openTill(t, 50_000);
  await sale(t, associate, 'C-10041', [{ kind: 'cash', amountMinor: 40_000 }]);
  // Expected 821.18 in cash; counted 8 × 100 + 20 + 0.10 + 0.05 + 3 × 0.01 = 820.18.
  const counted = { USD: [{ denomination: 10_000, count: 8 }, { denomination: 2_000, count: 1 }, { denomination: 10, count: 1 }, { denomination: 5, count: 1 }, { denomination: 1, count: 3 }] };
  const z = await call(t, manager, 'POST', '/api/v1/till/close', { counted });
  assert.is(z.statusCode, 200, z.body);
  assert.equal(z.json().cash, [{ currency: 'USD', expected: 82_118, counted: 82_018, overShort: -100 }]);
  const db = t.appliance.ledger.db;
  assert.equal(db.prepare("SELECT stream, type FROM outbox WHERE type = 'cash.z_report'").get(), { stream: 'cash', type: 'cash.z_report' });
  assert.is((await call(t, manager, 'GET', '/api/v1/till/report')).json().error.code, 'LOUPE_E_CASH_TILL_CLOSED');
});

till('should refuse a count with a coin the currency does not have :: 3 cents', async ({ t, manager }) => {
  await openTill(t, 50_000);
  const z = await call(t, manager, 'POST', '/api/v1/till/close', { counted: { USD: [{ denomination: 3, count: 1 }] } });
  assert.equal([z.statusCode, z.json().error.code], [422, 'LOUPE_E_CASH_COUNT_INVALID']);
});

till('should open only one till at a time', async ({ t, manager }) => {
  await openTill(t, 50_000);
  const again = await call(t, manager, 'POST', '/api/v1/till/open', { floatMinor: 50_000 });
  assert.equal([again.statusCode, again.json().error.code], [409, 'LOUPE_E_CASH_TILL_OPEN']);
});

till.run();
