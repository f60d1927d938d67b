/**
 * Drawer count: the arithmetic of an X report (a read during the day) and a Z report (the close).
 * Both are the same sums; only the caller's consequence differs (a Z closes the session).
 *
 * Expected cash per currency = opening float + cash sales − cash refunds + cash in − cash out, where
 * cash sales are the cash kept for sales (tendered less change). A drawer holding foreign notes has
 * one section per currency: foreign cash received is kept in its own currency, change and refunds
 * are paid in the local one. Cash is counted by denomination; over/short = counted − expected
 * (positive: over). Other tenders (card batches, gift cards, store credit) compare the ledger's
 * expected total with what the terminal or the count says.
 */
import { assertMinor, exponentOf, sumMinor, toMinor } from './money.ts';

/** Notes and coins in circulation, in minor units, largest first. */
export const DENOMINATIONS: Readonly<Record<string, readonly number[]>> = {
  AED: [100000, 50000, 20000, 10000, 5000, 2000, 1000, 500, 100, 50, 25],
  CAD: [10000, 5000, 2000, 1000, 500, 200, 100, 25, 10, 5],
  CHF: [100000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5],
  EUR: [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  GBP: [5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  HKD: [100000, 50000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10],
  JPY: [10000, 5000, 2000, 1000, 500, 100, 50, 10, 5, 1],
  KWD: [20000, 10000, 5000, 1000, 500, 250, 100, 50, 20, 10, 5],
  SGD: [1000000, 100000, 10000, 5000, 1000, 500, 200, 100, 50, 20, 10, 5],
  USD: [10000, 5000, 2000, 1000, 500, 200, 100, 50, 25, 10, 5, 1],
};

/** The cash that moved through one currency's section of the drawer since it was opened. */
export interface CashMovements {
  readonly openingFloat: number;
  readonly cashSales: number;
  readonly cashRefunds: number;
  readonly cashIn: number;
  readonly cashOut: number;
}

export interface DenominationCount {
  readonly denomination: number;
  readonly count: number;
}

export interface CashSection {
  readonly currency: string;
  readonly movements: CashMovements;
  readonly counted: readonly DenominationCount[];
}

/** A non-cash tender total, named as the caller reports it ("card", "card:visa", "gift_card"). */
export interface TenderTotal {
  readonly tender: string;
  readonly expected: number;
  readonly counted: number;
}

export interface CashResult {
  readonly currency: string;
  readonly expected: number;
  readonly counted: number;
  readonly overShort: number;
}

export interface TenderResult extends TenderTotal {
  readonly overShort: number;
}

export type DrawerRefusal = 'drawer.no_denominations' | 'drawer.unknown_denomination' | 'drawer.count_invalid';

/** Why a count does not fit the drawer: a currency it has no section for, a section left uncounted, a tender it never took. */
export type CountMismatch =
  | { readonly reason: 'drawer.unknown_currency' | 'drawer.currency_not_counted'; readonly currency: string }
  | { readonly reason: 'drawer.unknown_tender'; readonly tender: string };

export type DrawerCount = { readonly ok: true; readonly total: number } | { readonly ok: false; readonly reason: DrawerRefusal; readonly denomination: number | null };

export type DrawerReconciliation =
  | { readonly ok: true; readonly cash: readonly CashResult[]; readonly tenders: readonly TenderResult[] }
  | { readonly ok: false; readonly reason: DrawerRefusal; readonly currency: string; readonly denomination: number | null };

/** opening float + cash sales − cash refunds + cash in − cash out. */
export function expectedCash(movements: CashMovements): number {
  const { openingFloat, cashSales, cashRefunds, cashIn, cashOut } = movements;
  for (const [what, value] of Object.entries(movements)) assertMinor(value, what);
  return toMinor(BigInt(openingFloat) + BigInt(cashSales) - BigInt(cashRefunds) + BigInt(cashIn) - BigInt(cashOut), 'expected cash');
}

/** The total of a count by denomination; each denomination must be one of `currency`'s. */
export function countCash(currency: string, counted: readonly DenominationCount[]): DrawerCount {
  exponentOf(currency);
  const known = DENOMINATIONS[currency];
  if (!known || !Object.hasOwn(DENOMINATIONS, currency)) return { ok: false, reason: 'drawer.no_denominations', denomination: null };
  let total = 0n;
  for (const { denomination, count } of counted) {
    assertMinor(denomination, 'denomination');
    assertMinor(count, 'count');
    if (!known.includes(denomination)) return { ok: false, reason: 'drawer.unknown_denomination', denomination };
    if (count < 0) return { ok: false, reason: 'drawer.count_invalid', denomination };
    total += BigInt(denomination) * BigInt(count);
  }
  return { ok: true, total: toMinor(total, 'counted cash') };
}

/**
 * A count fits the drawer when it names each of the drawer's currency sections exactly (ISO codes
 * as the sections spell them: "usd" or "USD " is no section) and settles only tenders the session
 * took. Anything else would be dropped from the sums and close the till short or over.
 */
export function countMismatch(
  sections: readonly string[],
  countedCurrencies: readonly string[],
  tenders: readonly string[],
  settledTenders: readonly string[],
): CountMismatch | null {
  const unknownCurrency = countedCurrencies.find((currency) => !sections.includes(currency));
  if (unknownCurrency !== undefined) return { reason: 'drawer.unknown_currency', currency: unknownCurrency };
  const uncounted = sections.find((currency) => !countedCurrencies.includes(currency));
  if (uncounted !== undefined) return { reason: 'drawer.currency_not_counted', currency: uncounted };
  const unknownTender = settledTenders.find((tender) => !tenders.includes(tender));
  return unknownTender === undefined ? null : { reason: 'drawer.unknown_tender', tender: unknownTender };
}

/** Expected against counted for every cash section and every other tender. */
export function reconcileDrawer(cash: readonly CashSection[], tenders: readonly TenderTotal[]): DrawerReconciliation {
  const cashResults: CashResult[] = [];
  for (const section of cash) {
    const count = countCash(section.currency, section.counted);
    if (!count.ok) return { ok: false, reason: count.reason, currency: section.currency, denomination: count.denomination };
    const expected = expectedCash(section.movements);
    cashResults.push({ currency: section.currency, expected, counted: count.total, overShort: sumMinor([count.total, -expected]) });
  }
  const tenderResults = tenders.map((tender): TenderResult => {
    assertMinor(tender.expected, `${tender.tender} expected`);
    assertMinor(tender.counted, `${tender.tender} counted`);
    return { ...tender, overShort: sumMinor([tender.counted, -tender.expected]) };
  });
  return { ok: true, cash: cashResults, tenders: tenderResults };
}
