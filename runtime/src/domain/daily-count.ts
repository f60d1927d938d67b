/**
 * Opening and closing counts of a showcase (jewelry-domain.md §3.10): what was expected, what
 * was counted, and whether they differ. A count that differs is signed only with a manager's
 * note: a piece short is a possible loss, a piece over is a piece recorded somewhere else.
 */
export const COUNT_KINDS = ['opening', 'closing'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];

export interface CountDiscrepancy {
  /** Stock numbers expected and not counted (known only for an RFID count). */
  short: string[];
  /** Stock numbers or EPCs counted and not expected here (known only for an RFID count). */
  over: string[];
  shortBy: number;
  overBy: number;
}

/** An RFID count: the sweep's missing pieces and unexpected tags name the difference. */
export function sweepDiscrepancy(missing: readonly string[], unexpected: readonly string[]): CountDiscrepancy {
  return { short: [...missing], over: [...unexpected], shortBy: missing.length, overBy: unexpected.length };
}

/** A count by hand: only the numbers are known. */
export function manualDiscrepancy(expected: number, counted: number): CountDiscrepancy {
  return { short: [], over: [], shortBy: Math.max(0, expected - counted), overBy: Math.max(0, counted - expected) };
}

export function needsManagerNote(discrepancy: CountDiscrepancy): boolean {
  return discrepancy.shortBy > 0 || discrepancy.overBy > 0;
}

/** The store's calendar day at `at` (YYYY-MM-DD in its time zone): the day a count belongs to. */
export function businessDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
