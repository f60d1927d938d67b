/**
 * The client book through the API: a profile with everything the associate needs, search with
 * typos, duplicates and the manager's merge, figures by role, recommendations with their reason,
 * appointments of the day, export.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';
import { DesiredDocuments } from '../../../../runtime/src/link/desired-documents.ts';
import { createLogger } from '../../../../runtime/src/logger.ts';
import { addClient, call, cartFor, complete, MARIE, tender } from '../../../helpers/clients.ts';

const DAY = 86_400_000;
type Ctx = { t: TestAppliance; associate: string; senior: string; manager: string };
const book = suite<Ctx>('client book');
book.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.associate = await ctx.t.login('101', '3917');
  ctx.senior = await ctx.t.login('102', '5180');
  ctx.manager = await ctx.t.login('100', '8264');
  await openTill(ctx.t);
});
book.after.each(async (ctx) => ctx.t.stop());

const FULL = {
  ...MARIE,
  title: 'Mrs',
  linkedPeople: [{ relation: 'spouse', name: 'Paul Laurent' }],
  sizes: { rings: [{ finger: 'left ring', size: '5½' }], wrist: '15.5 cm' },
  preferences: { metals: ['white gold'], colours: [], stones: ['sapphire'], designers: [], collections: ['Aurora'], styles: ['classic'], budget: { minMinor: 100_000, maxMinor: 2_000_000 } },
  milestones: [{ kind: 'anniversary', month: 12, day: 6, year: 2011, recurring: true }, { kind: 'birthday', month: 3, day: 14, recurring: true }],
  wishList: [{ text: '½ ct studs' }, { style: 'Aurora Solitaire' }],
};

book('should open a profile with sizes, preferences, milestones, notes, consents and history :: Marie Laurent', async ({ t, associate, senior }) => {
  const id = await addClient(t, associate, FULL);
  assert.is((await call(t, associate, 'POST', `/clients/${id}/notes`, { text: 'Prefers to be called in the afternoon' })).statusCode, 204);
  assert.is((await call(t, associate, 'PUT', `/clients/${id}/consents`, { channel: 'email', granted: true })).statusCode, 204);
  const cart = await cartFor(t, associate, ['B-10041'], id);
  await tender(t, associate, cart.id, 'card', cart.total);
  const receiptNo = await complete(t, associate, cart.id);

  const profile = (await call(t, associate, 'GET', `/clients/${id}`)).json();
  assert.equal([profile.name, profile.details.sizes.rings[0].size, profile.details.preferences.metals, profile.details.milestones.length], ['Marie Laurent', '5½', ['white gold'], 2]);
  assert.equal([profile.notes[0].text, profile.notes[0].authorName, profile.notes[0].at], ['Prefers to be called in the afternoon', 'Sam Okafor', '2026-11-24T10:00:00.000Z']);
  assert.equal(profile.consents.email, { granted: true, at: '2026-11-24T10:00:00.000Z', by: 'Sam Okafor' });
  assert.equal(profile.history.purchases.map((p: { receiptNo: string; lines: { stockNo: string }[] }) => [p.receiptNo, p.lines[0]?.stockNo]), [[receiptNo, 'B-10041']]);
  // an associate sees no financial figures or amounts; a senior does
  assert.equal([profile.figures, profile.history.purchases[0].totalMinor], [null, null]);
  const seen = (await call(t, senior, 'GET', `/clients/${id}`)).json();
  assert.equal([seen.figures.lifetimeValueMinor, seen.figures.purchases, seen.figures.visits, seen.figures.averageTicketMinor, seen.figures.lastPurchaseAt, seen.figures.trend], [cart.total, 1, 1, cart.total, '2026-11-24T10:00:00.000Z', 'new']);
  assert.equal(seen.figures.toNextTier, { tier: 'vip', minor: 2_500_000 - cart.total });
  assert.is(seen.tier, 'loyal'); // 20,577.38 ≥ 5,000.00
  // the wish-list style is in stock
  assert.ok(profile.wishesInStock.some((piece: { stockNo: string }) => piece.stockNo === 'R-10041'));
});

book('should recommend pieces in stock that go with the last purchase, saying why :: white-gold Aurora bracelet bought 2026-11', async ({ t, associate }) => {
  const id = await addClient(t, associate, FULL);
  const cart = await cartFor(t, associate, ['B-10041'], id);
  await tender(t, associate, cart.id, 'card', cart.total);
  await complete(t, associate, cart.id);
  const { recommendations } = (await call(t, associate, 'GET', `/clients/${id}`)).json();
  const solitaire = recommendations.find((r: { stockNo: string }) => r.stockNo === 'R-10041');
  assert.ok(solitaire, JSON.stringify(recommendations));
  assert.ok(solitaire.reasons.includes('matches the white-gold Aurora bracelet bought 2026-11'), JSON.stringify(solitaire));
  const studs = recommendations.find((r: { stockNo: string }) => r.stockNo === 'E-10041');
  assert.equal(studs?.reasons, ['matching earrings for the white-gold Aurora bracelet bought 2026-11', 'in white gold, a preferred metal']);
  // never the piece she has, never beyond her budget (the 18,900 bracelets are within 20,000; the 14,500 solitaire too)
  assert.not.ok(recommendations.some((r: { stockNo: string; retailMinor: number }) => r.stockNo === 'B-10041' || r.retailMinor > 2_000_000));
});

book('should find a client by name with one typo, by part of the phone and by email :: Luarent, 555 0148, marie.laurent@exmaple.com', async ({ t, associate }) => {
  const id = await addClient(t, associate, FULL);
  await addClient(t, associate, { givenName: 'Laura', familyName: 'Martin', phones: [{ number: '+1 917 555 0199' }] });
  for (const q of ['Luarent', 'laurent marie', 'Mari', '555 0148', 'marie.laurent@exmaple.com', 'Laurnet', 'Maire Laurent']) {
    const hits = (await call(t, associate, 'GET', `/clients?q=${encodeURIComponent(q)}`)).json();
    assert.is(hits[0]?.id, id, q);
    assert.is(hits.length, 1, `${q}: ${JSON.stringify(hits)}`);
  }
  assert.equal((await call(t, associate, 'GET', '/clients?q=Zimmermann')).json(), []);
});

book('should flag a duplicate by phone and merge it with a manager, keeping all history :: two Marie records', async ({ t, associate, manager }) => {
  const keep = await addClient(t, associate, FULL);
  const added = await call(t, associate, 'POST', '/clients', { givenName: 'Marie', familyName: 'Laurent-Roy', phones: [{ number: '(212) 555-0148' }], emails: [{ address: 'mlr@example.com' }], milestones: [{ kind: 'birthday', month: 7, day: 2, recurring: true }] });
  const duplicate = added.json().id;
  assert.equal(added.json().duplicates, [{ id: keep, name: 'Marie Laurent' }]);
  // a sale on the duplicate
  const cart = await cartFor(t, associate, ['E-10041'], duplicate);
  await tender(t, associate, cart.id, 'card', cart.total);
  const receiptNo = await complete(t, associate, cart.id);

  const refused = await call(t, associate, 'POST', `/clients/${keep}/merge`, { duplicateId: duplicate });
  assert.is(refused.json().error.code, 'LOUPE_E_AUTH_APPROVAL_REQUIRED');
  assert.is((await call(t, manager, 'POST', `/clients/${keep}/merge`, { duplicateId: keep })).json().error.code, 'LOUPE_E_CLIENT_MERGE_REFUSED');
  assert.is((await call(t, manager, 'POST', `/clients/${keep}/merge`, { duplicateId: duplicate })).statusCode, 204);

  const profile = (await call(t, manager, 'GET', `/clients/${keep}`)).json();
  assert.equal(profile.history.purchases.map((p: { receiptNo: string }) => p.receiptNo), [receiptNo]);
  assert.equal(profile.details.emails.map((e: { address: string }) => e.address), ['marie.laurent@example.com', 'mlr@example.com']);
  assert.is(profile.details.milestones.length, 3);
  assert.is(profile.details.phones.length, 1, 'the same number written two ways is one phone');
  assert.equal(profile.duplicates, []);
  assert.is(profile.points.balance, Math.floor(cart.total / 100));
  const gone = await call(t, manager, 'GET', `/clients/${duplicate}`);
  assert.equal([gone.statusCode, gone.json().error.details.mergedInto], [404, keep]);
  assert.equal((await call(t, associate, 'GET', '/clients?q=Laurent-Roy')).json(), []);
});

book('should list today’s appointments with the client and the associate, and export everything about a client', async ({ t, associate, manager }) => {
  const id = await addClient(t, associate, FULL);
  const staffId = (t.appliance.ledger.db.prepare("SELECT id FROM staff WHERE code = '101'").get() as { id: string }).id;
  const booked = await call(t, associate, 'POST', `/clients/${id}/appointments`, { at: '2026-11-24T15:30:00Z', staffId, purpose: 'Anniversary gift: sapphire earrings', pieces: ['E-10041'] });
  assert.is(booked.statusCode, 201);
  await call(t, associate, 'POST', `/clients/${id}/appointments`, { at: '2026-11-25T11:00:00Z', staffId, purpose: 'Ring resizing pick-up', pieces: [] });
  // 02:00 UTC on the 25th is 21:00 on the 24th in New York, the store's time zone
  await call(t, associate, 'POST', `/clients/${id}/appointments`, { at: '2026-11-25T02:00:00Z', staffId, purpose: 'Evening viewing', pieces: [] });
  const today = (await call(t, associate, 'GET', '/clients/appointments')).json();
  assert.equal(today.map((a: { clientName: string; staffName: string; purpose: string }) => [a.clientName, a.staffName, a.purpose]), [['Marie Laurent', 'Sam Okafor', 'Anniversary gift: sapphire earrings'], ['Marie Laurent', 'Sam Okafor', 'Evening viewing']]);
  assert.is((await call(t, associate, 'GET', '/clients/appointments?date=2026-11-25')).json().length, 1);

  assert.is((await call(t, associate, 'GET', `/clients/${id}/export`)).statusCode, 403);
  const exported = (await call(t, manager, 'GET', `/clients/${id}/export`)).json();
  assert.equal([exported.client.id, exported.profile.familyName, exported.appointments.length, exported.identity], [id, 'Laurent', 3, null]);
  assert.equal(t.appliance.ledger.db.prepare("SELECT action FROM audit_log WHERE action = 'client.exported'").all(), [{ action: 'client.exported' }]);
});

book('should refuse a bad profile with a coded error and change nothing :: no family name, bad email', async ({ t, associate }) => {
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const reply = await call(t, associate, 'POST', '/clients', { givenName: 'Marie', emails: [{ address: 'not-an-email' }] });
  assert.is(reply.statusCode, 400);
  const paths = reply.json().error.details.fields.map((f: { path: string }) => f.path);
  assert.ok(paths.includes('body.familyName') && paths.includes('body.emails.0.address'), JSON.stringify(paths));
  assert.is((await call(t, associate, 'GET', '/clients/01JNOSUCHCLIENT0000000000')).json().error.code, 'LOUPE_E_CLIENT_NOT_FOUND');
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

book('should list rising clients for seniors :: spend up on the year before', async ({ t, associate, senior }) => {
  const id = await addClient(t, associate, FULL);
  const first = await cartFor(t, associate, ['N-10041'], id);
  await tender(t, associate, first.id, 'card', first.total);
  await complete(t, associate, first.id);
  t.clock.advance(400 * DAY);
  const clerk = await t.login('101', '3917');
  const second = await cartFor(t, clerk, ['B-10041'], id);
  await tender(t, clerk, second.id, 'card', second.total);
  await complete(t, clerk, second.id);
  assert.is((await call(t, clerk, 'GET', '/clients/rising')).statusCode, 403);
  const rising = (await call(t, await t.login('102', '5180'), 'GET', '/clients/rising')).json();
  assert.equal(rising.map((r: { clientId: string; rollingSpendMinor: number; previousSpendMinor: number }) => [r.clientId, r.rollingSpendMinor, r.previousSpendMinor]), [[id, second.total, first.total]]);
  void senior;
});

book('should take the tier thresholds HQ sets in its settings document :: VIP from 20,000.00', async ({ t, associate, senior }) => {
  const hq = new DesiredDocuments({ ledger: t.appliance.ledger, logger: createLogger('error'), now: t.clock.now });
  const document = { v: 1, doc: 'settings', version: 1, issuedAt: '2026-11-24T09:00:00Z', body: { 'clients.tiers': { loyalFromMinor: 1_000_000, vipFromMinor: 2_000_000 } } };
  assert.is(hq.handle('settings', Buffer.from(JSON.stringify(document))).kind, 'applied');
  const id = await addClient(t, associate, FULL);
  const cart = await cartFor(t, associate, ['B-10041'], id); // 20,577.38
  await tender(t, associate, cart.id, 'card', cart.total);
  await complete(t, associate, cart.id);
  const profile = (await call(t, senior, 'GET', `/clients/${id}`)).json();
  assert.equal([profile.tier, profile.figures.toNextTier], ['vip', null]);
  const event = JSON.parse((t.appliance.ledger.db.prepare("SELECT body FROM outbox WHERE type = 'client.tier_changed'").get() as { body: string }).body);
  assert.equal(event.payload, { clientId: id, from: 'new', to: 'vip', rollingSpendMinor: cart.total });
});

book('should show what HQ says the client viewed online, and recommend it when in stock :: a solitaire and the Akoya Drop style', async ({ t, associate }) => {
  const id = await addClient(t, associate, { givenName: 'Nora', familyName: 'Berg' });
  const hq = new DesiredDocuments({ ledger: t.appliance.ledger, logger: createLogger('error'), now: t.clock.now });
  const body = { interest: [{ clientId: id, stockNo: 'R-10044', viewedAt: '2026-11-20T18:02:00Z' }, { clientId: id, style: 'Akoya Drop', viewedAt: '2026-11-19T09:00:00Z' }, { clientId: 'UNKNOWN-CLIENT', stockNo: 'R-10045', viewedAt: '2026-11-19T09:00:00Z' }] };
  const outcome = hq.handle('interest', Buffer.from(JSON.stringify({ v: 1, doc: 'interest', version: 1, issuedAt: '2026-11-24T09:00:00Z', body })));
  assert.equal(outcome.kind === 'applied' && outcome.summary, { entries: 2, clients: 1, unknownClients: 1 });
  const profile = (await call(t, associate, 'GET', `/clients/${id}`)).json();
  assert.equal(profile.onlineInterest, [{ stockNo: 'R-10044', style: null, viewedAt: '2026-11-20T18:02:00.000Z' }, { stockNo: null, style: 'Akoya Drop', viewedAt: '2026-11-19T09:00:00.000Z' }]);
  const reasons = Object.fromEntries(profile.recommendations.map((r: { stockNo: string; reasons: string[] }) => [r.stockNo, r.reasons]));
  assert.equal([reasons['R-10044'], reasons['E-10042']], [['viewed online 2026-11-20'], ['the Akoya Drop style viewed online 2026-11-19']]);
});

book.run();
