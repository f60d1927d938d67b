import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CONSENT_CHANNELS, clientFigures, nextOccurrence, outreachList, type ContactableClient, type Milestone } from '../../../runtime/src/domain/clients.ts';
import type { TierRules } from '../../../runtime/src/domain/tiers.ts';

const RULES: TierRules = { loyalFromMinor: 500_000, vipFromMinor: 2_500_000, windowDays: 365, multiplierPct: { new: 100, loyal: 150, vip: 200 } };
const milestone = (month: number, day: number, extra: Partial<Milestone> = {}): Milestone => ({ kind: 'anniversary', month, day, recurring: true, ...extra });

const dates = suite('milestones');
dates('should fall this year or next :: 6 Dec from 24 Nov 2026, 14 Mar next year', () => {
  assert.is(nextOccurrence(milestone(12, 6), '2026-11-24'), '2026-12-06');
  assert.is(nextOccurrence(milestone(3, 14), '2026-11-24'), '2027-03-14');
  assert.is(nextOccurrence(milestone(11, 24), '2026-11-24'), '2026-11-24');
});
dates('should put 29 February on the 28th in other years, and a one-off only on its own date', () => {
  assert.is(nextOccurrence(milestone(2, 29), '2026-11-24'), '2027-02-28');
  assert.is(nextOccurrence(milestone(2, 29), '2027-03-01'), '2028-02-29');
  assert.is(nextOccurrence(milestone(12, 1, { recurring: false, year: 2026 }), '2026-11-24'), '2026-12-01');
  assert.is(nextOccurrence(milestone(12, 1, { recurring: false, year: 2025 }), '2026-11-24'), null);
  assert.is(nextOccurrence(milestone(12, 1, { recurring: false }), '2026-11-24'), null);
});
dates.run();

const outreach = suite('outreach list');
const client = (id: string, consents: ContactableClient['consents'], milestones: Milestone[] = [milestone(12, 6, { year: 2011 })]): ContactableClient => ({
  id,
  name: `Client ${id}`,
  tier: 'new',
  phones: [{ number: '+1 212 555 0100' }],
  emails: [{ address: `${id}@example.com` }],
  address: { lines: ['1 Main St'], city: 'New York', country: 'US' },
  consents,
  milestones,
});

outreach('should list a milestone in the window with its years, on the channel consented to :: anniversary in 12 days, 15 years', () => {
  const list = outreachList([client('a', { email: { granted: true, at: '2026-01-01T00:00:00Z', by: 'Sam' } })], [], 'email', '2026-11-24', 14);
  assert.equal(list, [{ clientId: 'a', name: 'Client a', channel: 'email', contact: 'a@example.com', reason: 'milestone', detail: 'anniversary (15 years)', date: '2026-12-06' }]);
  assert.equal(outreachList([client('a', { email: { granted: true, at: '2026-01-01T00:00:00Z', by: 'Sam' } })], [], 'email', '2026-11-24', 11), []);
});

outreach('should never list a client on a channel without consent :: random clients, consents, occasions', () => {
  const consent = fc.option(fc.record({ granted: fc.boolean(), at: fc.constant('2026-01-01T00:00:00Z'), by: fc.constant('Sam') }), { nil: undefined });
  const clients = fc.array(
    fc.record({
      id: fc.uuid(),
      tier: fc.constantFrom('new' as const, 'loyal' as const, 'vip' as const),
      consents: fc.record({ email: consent, sms: consent, phone: consent, mail: consent, whatsapp: consent }),
      milestones: fc.array(fc.record({ kind: fc.constantFrom('birthday' as const, 'anniversary' as const), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 28 }), recurring: fc.boolean(), year: fc.option(fc.integer({ min: 1950, max: 2027 }), { nil: undefined }) }), { maxLength: 3 }),
    }),
    { maxLength: 30 },
  );
  fc.assert(
    fc.property(clients, fc.constantFrom(...CONSENT_CHANNELS), fc.integer({ min: 1, max: 90 }), (drafts, channel, days) => {
      const all = drafts.map((draft) => ({ ...client(draft.id, Object.fromEntries(Object.entries(draft.consents).filter(([, value]) => value !== undefined)), draft.milestones), tier: draft.tier }));
      const occasions = all.map((entry) => ({ clientId: entry.id, reason: 'wish_in_stock' as const, detail: 'in stock', date: null }));
      const list = outreachList(all, occasions, channel, '2026-11-24', days);
      for (const entry of list) {
        const listed = all.find((candidate) => candidate.id === entry.clientId);
        assert.is(listed?.consents[channel]?.granted, true);
        assert.is(entry.channel, channel);
      }
      // and everyone who consented is listed at least for the occasion passed in
      const consented = all.filter((entry) => entry.consents[channel]?.granted === true).map((entry) => entry.id);
      assert.equal([...new Set(list.map((entry) => entry.clientId))].sort(), [...new Set(consented)].sort());
    }),
    { numRuns: 300, seed: 8 },
  );
});
outreach.run();

const figures = suite('client figures');
figures('should count spend net of returns, rolling over 365 days, with visits as days :: 3 sales, 1 return', () => {
  const now = new Date('2026-11-24T10:00:00Z');
  const result = clientFigures(
    [
      { at: '2025-06-01T10:00:00Z', totalMinor: 300_000, refundedMinor: 0 },
      { at: '2026-04-02T10:00:00Z', totalMinor: 400_000, refundedMinor: 100_000 },
      { at: '2026-04-02T15:00:00Z', totalMinor: 200_000, refundedMinor: 0 },
    ],
    now,
    RULES,
  );
  assert.equal(result, { lifetimeValueMinor: 800_000, rollingSpendMinor: 500_000, previousSpendMinor: 300_000, purchases: 3, visits: 2, averageTicketMinor: 266_666, lastPurchaseAt: '2026-04-02T15:00:00Z', trend: 'rising', tier: 'loyal' });
});
figures.run();
