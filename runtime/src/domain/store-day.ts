/**
 * The store's calendar: which day it is at the counter, and when a day begins there. Times are
 * kept in UTC; days (today's appointments, milestones coming up) are the store's, in its IANA
 * time zone, daylight-saving changes included.
 */

/** The calendar day (YYYY-MM-DD) it is at `instant` in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The instant `day` (YYYY-MM-DD) begins in `timeZone`. */
export function dayStart(day: string, timeZone: string): Date {
  const midnightUtc = Date.parse(`${day}T00:00:00Z`);
  let start = midnightUtc;
  // the offset at the guess may differ from the offset at the true start across a DST change: settle it
  for (let round = 0; round < 3; round += 1) start = midnightUtc - zoneOffsetMs(new Date(start), timeZone);
  return new Date(start);
}

/** The day after `day`. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClock - Math.floor(instant.getTime() / 1000) * 1000;
}
