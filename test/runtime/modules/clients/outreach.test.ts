/** The outreach list through the API: consent per channel decides who is listed and exported to HQ. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { addClient, call } from '../../../helpers/clients.ts';

type Ctx = { t: TestAppliance; associate: string };
const outreach = suite<Ctx>('outreach');
outreach.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.associate = await ctx.t.login('101', '3917');
});
outreach.after.each(async (ctx) => ctx.t.stop());

const person = (givenName: string, extra: Record<string, unknown> = {}) => ({
  givenName,
  familyName: 'Okoro',
  phones: [{ number: '+1 212 555 0101' }],
  emails: [{ address: `${givenName.toLowerCase()}@example.com` }],
  milestones: [{ kind: 'birthday', month: 12, day: 1, recurring: true }],
  ...extra,
});

outreach('should list only clients whose consent covers the channel, and drop one who withdrew :: birthday in 7 days', async ({ t, associate }) => {
  const ada = await addClient(t, associate, person('Ada'));
  const ben = await addClient(t, associate, person('Ben'));
  await addClient(t, associate, person('Cleo'));
  await call(t, associate, 'PUT', `/clients/${ada}/consents`, { channel: 'email', granted: true });
  await call(t, associate, 'PUT', `/clients/${ben}/consents`, { channel: 'sms', granted: true });
  const email = (await call(t, associate, 'GET', '/clients/outreach?channel=email&days=14')).json();
  assert.equal(email, [{ clientId: ada, name: 'Ada Okoro', channel: 'email', contact: 'ada@example.com', reason: 'milestone', detail: 'birthday', date: '2026-12-01' }]);
  const sms = (await call(t, associate, 'GET', '/clients/outreach?channel=sms&days=14')).json();
  assert.equal(sms.map((entry: { clientId: string; contact: string }) => [entry.clientId, entry.contact]), [[ben, '+1 212 555 0101']]);
  assert.equal((await call(t, associate, 'GET', '/clients/outreach?channel=email&days=5')).json(), []);

  await call(t, associate, 'PUT', `/clients/${ada}/consents`, { channel: 'email', granted: false });
  assert.equal((await call(t, associate, 'GET', '/clients/outreach?channel=email&days=14')).json(), []);
  assert.equal((await call(t, associate, 'POST', '/clients/outreach/export', { channel: 'email', days: 14 })).json(), { exported: 0 });
});

outreach('should list a wish-list piece now in stock and send the list to HQ, one event per entry', async ({ t, associate }) => {
  const ada = await addClient(t, associate, person('Ada', { wishList: [{ stockNo: 'E-10041' }, { text: '½ ct studs' }], milestones: [] }));
  await call(t, associate, 'PUT', `/clients/${ada}/consents`, { channel: 'email', granted: true });
  const [entry] = (await call(t, associate, 'GET', '/clients/outreach?channel=email&days=14')).json();
  assert.equal([entry.reason, entry.detail], ['wish_in_stock', 'Diamond stud earrings, round brilliant pair (E-10041) from the wish list is in stock']);
  assert.equal((await call(t, associate, 'POST', '/clients/outreach/export', { channel: 'email', days: 14 })).json(), { exported: 1 });
  const events = t.appliance.ledger.db.prepare("SELECT business_key AS key, body FROM outbox WHERE type = 'client.outreach_requested'").all() as { key: string; body: string }[];
  assert.equal(events.map((event) => [event.key, JSON.parse(event.body).payload.contact]), [[`client:${ada}:outreach:wish_in_stock:2026-11-24`, 'ada@example.com']]);
  // the jeweler cannot see the client book
  assert.is((await call(t, await t.login('103', '7342'), 'GET', '/clients/outreach?channel=email')).statusCode, 403);
});

outreach.run();
