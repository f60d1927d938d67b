/**
 * The Z report's count is keyed by currency and its settled totals by tender: a key that names no
 * section of the drawer ("usd", "USD ", "EUR" in a dollar drawer) or no tender of the session ("zz")
 * is refused as a count that cannot be used, and the till stays open; nothing is dropped from the sums.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';

const keys = suite<{ t: TestAppliance; manager: string }>('till close: currency and tender keys');
keys.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.manager = await ctx.t.login('100', '8264');
  await openTill(ctx.t, 10_000);
  // A card sale, so the session has a card tender to settle.
  const associate = await ctx.t.login('101', '3917');
  const call = (method: 'POST', url: string, payload?: object) => ctx.t.api.inject({ method, url, headers: bearer(associate), ...(payload ? { payload } : {}) });
  const cart = (await call('POST', '/api/v1/sales/carts')).json();
  await call('POST', `/api/v1/sales/carts/${cart.id}/lines`, { code: 'C-10042' });
  await call('POST', `/api/v1/sales/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: 32_118, currency: 'USD' });
  assert.is((await call('POST', `/api/v1/sales/carts/${cart.id}/complete`)).statusCode, 201);
});
keys.after(async (ctx) => ctx.t.stop());

/** What a close would change: the till's sessions and the audit trail (the receipt printer works on in the background). */
const tillState = (t: TestAppliance) =>
  JSON.stringify([t.appliance.ledger.db.prepare('SELECT * FROM till_sessions').all(), t.appliance.ledger.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get()]);
const HUNDRED = [{ denomination: 10_000, count: 1 }];
const close = (t: TestAppliance, token: string, payload: unknown) =>
  t.api.inject({ method: 'POST', url: '/api/v1/till/close', headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

keys('should refuse a count keyed by no currency of the drawer, or leaving one out :: 422, till still open', async ({ t, manager }) => {
  const before = tillState(t);
  const attempts: [unknown, Record<string, unknown>][] = [
    [{ counted: { usd: HUNDRED } }, { reason: 'drawer.unknown_currency', currency: 'usd' }],
    [{ counted: { 'USD ': HUNDRED } }, { reason: 'drawer.unknown_currency', currency: 'USD ' }],
    [{ counted: { USD: HUNDRED, EUR: [] } }, { reason: 'drawer.unknown_currency', currency: 'EUR' }],
    [{ counted: {} }, { reason: 'drawer.currency_not_counted', currency: 'USD' }],
    [{ counted: { USD: HUNDRED }, settled: { zz: 5 } }, { reason: 'drawer.unknown_tender', tender: 'zz' }],
    [{ counted: { USD: HUNDRED }, settled: { cash: 10_000 } }, { reason: 'drawer.unknown_tender', tender: 'cash' }],
  ];
  for (const [payload, details] of attempts) {
    const reply = await close(t, manager, payload);
    assert.is(reply.statusCode, 422, `${JSON.stringify(payload)}: ${reply.body}`);
    assert.is(reply.json().error.code, 'LOUPE_E_CASH_COUNT_INVALID');
    assert.equal(reply.json().error.details, { ...details, drawer: ['USD'] });
  }
  assert.is(tillState(t), before);
  assert.is((await t.api.inject({ method: 'GET', url: '/api/v1/till/report', headers: bearer(manager) })).statusCode, 200);
});

keys('should refuse a count that is not a list of denominations, or money out of bounds :: 400 validation', async ({ t, manager }) => {
  const before = tillState(t);
  for (const payload of [
    { counted: { USD: { denomination: 10_000, count: 1 } } },
    { counted: { USD: [{ denomination: 1e20, count: 1 }] } },
    { counted: { USD: HUNDRED }, settled: { card: 9_007_199_254_740_993 } },
    { counted: { USD: HUNDRED }, settled: { card: -1 } },
  ]) {
    const reply = await close(t, manager, payload);
    assert.is(reply.statusCode, 400, `${JSON.stringify(payload)}: ${reply.body}`);
    assert.is(reply.json().error.code, 'LOUPE_E_API_VALIDATION');
  }
  assert.is(tillState(t), before);
});

keys('should close when the count names the drawer’s currencies and the session’s tenders :: $100 counted', async ({ t, manager }) => {
  const reply = await close(t, manager, { counted: { USD: HUNDRED }, settled: { card: 32_118 } });
  assert.is(reply.statusCode, 200, reply.body);
  assert.equal(reply.json().cash, [{ currency: 'USD', expected: 10_000, counted: 10_000, overShort: 0 }]);
  assert.equal(reply.json().settled, [{ tender: 'card', expected: 32_118, counted: 32_118, overShort: 0 }]);
});

keys('should refuse foreign cash in a currency that is not an ISO 4217 code the counter knows :: usd, "USD ", ZZZ', async ({ t, manager }) => {
  const cart = (await t.api.inject({ method: 'POST', url: '/api/v1/sales/carts', headers: bearer(manager) })).json();
  await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart.id}/lines`, headers: bearer(manager), payload: { code: 'C-10041' } });
  for (const [currency, status, code] of [['usd', 400, 'LOUPE_E_API_VALIDATION'], ['USD ', 400, 'LOUPE_E_API_VALIDATION'], ['ZZZ', 422, 'LOUPE_E_SALE_TENDER_REFUSED']] as const) {
    const reply = await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart.id}/tenders`, headers: bearer(manager), payload: { kind: 'cash', amountMinor: 1_000, currency } });
    assert.equal([reply.statusCode, reply.json().error.code], [status, code], `${currency}: ${reply.body}`);
  }
  const view = (await t.api.inject({ method: 'GET', url: `/api/v1/sales/carts/${cart.id}`, headers: bearer(manager) })).json();
  assert.equal(view.tenders, []);
});

keys.run();
