/** When a client's milestones next fall, as the client panel and profile count them from the store's day. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { upcomingMilestones } from '../../../ui/src/data/clients.ts';
import { setStoreFace, storeDay } from '../../../ui/src/format.ts';

const milestones = suite('ui client milestones');

milestones('should count 12 days to an anniversary on 6 December from 24 November, with the years it marks :: 2014 → 12 years', () => {
  const [next] = upcomingMilestones([{ kind: 'anniversary', month: 12, day: 6, year: 2014, recurring: true }], '2026-11-24');
  assert.equal(next, { kind: 'anniversary', label: null, date: '2026-12-06', days: 12, years: 12 });
});

milestones('should put a milestone already passed this year in the next, and the soonest first :: 1 March from 24 November → 97 days', () => {
  const upcoming = upcomingMilestones(
    [
      { kind: 'birthday', month: 3, day: 1, recurring: true },
      { kind: 'other', label: 'graduation', month: 11, day: 24, recurring: true },
    ],
    '2026-11-24',
  );
  assert.equal(upcoming.map((milestone) => [milestone.label ?? milestone.kind, milestone.date, milestone.days]), [
    ['graduation', '2026-11-24', 0],
    ['birthday', '2027-03-01', 97],
  ]);
});

milestones('should fall a 29 February birthday on the 28th in other years, and drop a one-off milestone once passed :: 2027-02-28', () => {
  const upcoming = upcomingMilestones(
    [
      { kind: 'birthday', month: 2, day: 29, year: 1988, recurring: true },
      { kind: 'other', label: 'wedding', month: 6, day: 12, year: 2026, recurring: false },
    ],
    '2026-11-24',
  );
  assert.equal(upcoming.map((milestone) => [milestone.date, milestone.years]), [['2027-02-28', 39]]);
});

milestones('should take the store’s calendar day, not UTC’s :: 03:30 UTC on 25 November is the 24th in New York', () => {
  setStoreFace({ id: '0042', name: 'Maison Aurelle', locale: 'en-US', currency: 'USD', timeZone: 'America/New_York' });
  assert.is(storeDay(new Date('2026-11-25T03:30:00Z')), '2026-11-24');
});

milestones.run();
