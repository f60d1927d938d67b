/** What the touchscreen reads besides the selling API: the store's locale and currency, and HQ's cash rates. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { applyFxRates } from '../../../runtime/src/store/hq-documents.ts';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';

const counter = suite<{ t: TestAppliance; token: string }>('counter api');
counter.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.token = await ctx.t.login('101', '3917');
});
counter.after.each(async (ctx) => ctx.t.stop());

counter('should give the store’s name, locale, currency and time zone to the screen, before anyone signs in', async ({ t }) => {
  const reply = await t.api.inject({ method: 'GET', url: '/api/v1/counter/store' });
  assert.equal(reply.json(), { id: '0042', name: 'Maison Aurelle', locale: 'en-US', currency: 'USD', timeZone: 'America/New_York' });
});

counter('should list the rates foreign cash is taken at, whichever way round HQ listed them :: EUR direct, JPY inverse', async ({ t, token }) => {
  assert.equal((await t.api.inject({ method: 'GET', url: '/api/v1/counter/rates', headers: bearer(token) })).json(), []);
  applyFxRates(t.appliance.ledger.db, 1, { base: 'USD', rates: [{ quote: 'JPY', rateE8: 15_000_000_000, asOf: '2026-11-24T06:00:00Z' }] });
  const inverse = (await t.api.inject({ method: 'GET', url: '/api/v1/counter/rates', headers: bearer(token) })).json();
  assert.equal(inverse, [{ currency: 'JPY', numerator: 100_000_000, denominator: 15_000_000_000, asOf: '2026-11-24T06:00:00Z' }]);
  applyFxRates(t.appliance.ledger.db, 2, { base: 'EUR', rates: [{ quote: 'USD', rateE8: 108_320_000, asOf: '2026-11-24T07:00:00Z' }] });
  const direct = (await t.api.inject({ method: 'GET', url: '/api/v1/counter/rates', headers: bearer(token) })).json();
  assert.equal(direct, [{ currency: 'EUR', numerator: 108_320_000, denominator: 100_000_000, asOf: '2026-11-24T07:00:00Z' }]);
});

counter.run();
