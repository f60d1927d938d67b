import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dayStart, localDay, nextDay } from '../../../runtime/src/domain/store-day.ts';

const day = suite('store day');
day('should tell the store’s day from a UTC instant :: 01:00Z on the 25th is the 24th in New York', () => {
  assert.is(localDay(new Date('2026-11-25T01:00:00Z'), 'America/New_York'), '2026-11-24');
  assert.is(localDay(new Date('2026-11-24T23:30:00Z'), 'Europe/Paris'), '2026-11-25');
});
day('should start a day at local midnight, across daylight-saving changes :: New York 8–9 March 2026, Paris in July', () => {
  assert.is(dayStart('2026-11-24', 'America/New_York').toISOString(), '2026-11-24T05:00:00.000Z');
  assert.is(dayStart('2026-03-08', 'America/New_York').toISOString(), '2026-03-08T05:00:00.000Z');
  assert.is(dayStart('2026-03-09', 'America/New_York').toISOString(), '2026-03-09T04:00:00.000Z');
  assert.is(dayStart('2026-07-01', 'Europe/Paris').toISOString(), '2026-06-30T22:00:00.000Z');
  assert.is(nextDay('2026-12-31'), '2027-01-01');
});
day.run();
