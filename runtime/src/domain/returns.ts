/**
 * Returns and exchanges against one original sale.
 *
 * A line refunds exactly what was paid for it (its share of the cart discount and its tax
 * included). Part of a line's quantity may come back: the line total is spread over its units by
 * largest remainder, earlier units taking the odd cents, so every unit is refunded once and all
 * units together refund the line total. A unit is never refunded twice.
 *
 * The return window counts 24-hour periods from the moment of sale: 30 days from 1 Nov 10:00 ends
 * 1 Dec 10:00. Lines marked final sale (custom, engraved, special order) are refused.
 *
 * Refunds go back to the tenders that paid, each at most what it paid less what it already got
 * back, in this order:
 * 1. cards, to the original card, in the order tendered;
 * 2. store credit, gift cards and trade-in credit, as new store credit;
 * 3. cash, in the sale currency (foreign cash comes back as local cash at its applied value).
 * Cash goes last so that a partial return never turns a card or credit payment into cash. With a
 * cash increment (CHF 0.05) the cash part is rounded to the nearest increment, ties up, never above
 * the cash still refundable; the difference is `rounding`. The rounding is taken on the cumulative
 * cash owed over all refunds of the sale, so partial returns do not drift: returning everything
 * gives back exactly the cash that was kept. Σ tenders = amount − exchangeCredit + rounding.
 */
import { allocate, assertMinor, roundToIncrement, sumMinor, type Money } from './money.ts';
import type { TenderKind } from './tenders.ts';

/** A line of the original sale: `total` is what all its units were paid, tax included; `tax` the part that was tax. */
export interface SoldLine {
  readonly lineId: string;
  readonly quantity: number;
  readonly total: number;
  readonly tax: number;
  readonly finalSale?: boolean;
}

/** A tender of the original sale: `applied` is what it paid, in sale minor units (cash net of change). */
export interface SaleTender {
  readonly tenderId: string;
  readonly kind: TenderKind;
  readonly applied: number;
}

export interface OriginalSale {
  readonly saleId: string;
  readonly currency: string;
  readonly soldAt: string;
  readonly lines: readonly SoldLine[];
  readonly tenders: readonly SaleTender[];
}

export interface ReturnPolicy {
  readonly windowDays: number;
  /** The smallest coin in minor units of the sale currency; 1 when cash is not rounded. */
  readonly cashIncrement: number;
}

export interface ReturnRequestLine {
  readonly lineId: string;
  readonly quantity: number;
}

export interface RefundLine {
  readonly lineId: string;
  readonly quantity: number;
  readonly amount: number;
  readonly tax: number;
}

export type RefundDestination = 'card' | 'loyalty' | 'store_credit' | 'cash';

export interface TenderRefund {
  readonly tenderId: string;
  readonly kind: TenderKind;
  readonly refundAs: RefundDestination;
  readonly amount: number;
}

/** What an earlier refund against the sale took back: the ledger keeps at least this of each Refund. */
export interface RefundRecord {
  readonly lines: readonly Pick<RefundLine, 'lineId' | 'quantity'>[];
  readonly tenders: readonly Pick<TenderRefund, 'tenderId' | 'amount'>[];
  readonly rounding: number;
}

/** A decided refund; amounts in minor units of `currency`. `exchangeCredit` is the part kept for a new sale. */
export interface Refund extends RefundRecord {
  readonly saleId: string;
  readonly currency: string;
  readonly lines: readonly RefundLine[];
  readonly amount: number;
  readonly tax: number;
  readonly exchangeCredit: number;
  readonly tenders: readonly TenderRefund[];
}

/** A line of the sale as the return screen shows it: units left, what they would refund, and why not when they cannot go back. */
export interface ReturnableLine {
  readonly lineId: string;
  readonly quantity: number;
  readonly amount: number;
  readonly refusal: Extract<ReturnRefusal, 'return.already_refunded' | 'return.final_sale' | 'return.window_closed'> | null;
}

export type ReturnRefusal =
  | 'return.nothing_requested'
  | 'return.unknown_line'
  | 'return.quantity_invalid'
  | 'return.already_refunded'
  | 'return.final_sale'
  | 'return.window_closed'
  | 'return.currency_mismatch';

export type ReturnDecision =
  | { readonly ok: true; readonly refund: Refund }
  | { readonly ok: false; readonly reason: ReturnRefusal; readonly lineId: string | null };

/**
 * An exchange: the returned value pays for the new cart first (`refund.exchangeCredit`, to be
 * recorded on the new sale as a store_credit tender); the customer pays `customerPays`, or the
 * rest of the returned value goes back through `refund.tenders`.
 */
export type ExchangeDecision =
  | { readonly ok: true; readonly refund: Refund; readonly customerPays: number }
  | { readonly ok: false; readonly reason: ReturnRefusal; readonly lineId: string | null };

const DAY_MS = 86_400_000;

/** Every line of `sale` with the units left to return at `now`, and the refusal a return of it would meet. */
export function returnableLines(sale: OriginalSale, previous: readonly RefundRecord[], policy: ReturnPolicy, now: Date): ReturnableLine[] {
  const returned = returnedUnits(previous);
  const closed = windowClosed(sale, policy, now);
  return sale.lines.map((line) => {
    const done = returned.get(line.lineId) ?? 0;
    const quantity = line.quantity - done;
    const refusal = quantity === 0 ? 'return.already_refunded' : line.finalSale ? 'return.final_sale' : closed ? 'return.window_closed' : null;
    return { lineId: line.lineId, quantity, amount: unitsShare(line.total, line.quantity, done, quantity), refusal };
  });
}

/** Decides a refund of `request` against `sale`, given the refunds already made, at `now`. */
export function decideReturn(sale: OriginalSale, previous: readonly RefundRecord[], request: readonly ReturnRequestLine[], policy: ReturnPolicy, now: Date): ReturnDecision {
  return decide(sale, previous, request, policy, now, 0);
}

/** Decides an exchange: returned lines of `sale` against a new cart of total `newCartTotal`. */
export function decideExchange(
  sale: OriginalSale,
  previous: readonly RefundRecord[],
  request: readonly ReturnRequestLine[],
  policy: ReturnPolicy,
  now: Date,
  newCartTotal: Money,
): ExchangeDecision {
  assertMinor(newCartTotal.minor, 'new cart total');
  if (newCartTotal.minor < 0) throw new RangeError(`new cart total must not be negative, got ${newCartTotal.minor}`);
  if (newCartTotal.currency !== sale.currency) return { ok: false, reason: 'return.currency_mismatch', lineId: null };
  const decision = decide(sale, previous, request, policy, now, newCartTotal.minor);
  if (!decision.ok) return decision;
  return { ok: true, refund: decision.refund, customerPays: newCartTotal.minor - decision.refund.exchangeCredit };
}

function decide(sale: OriginalSale, previous: readonly RefundRecord[], request: readonly ReturnRequestLine[], policy: ReturnPolicy, now: Date, newCartTotal: number): ReturnDecision {
  assertMinor(policy.windowDays, 'return window');
  assertMinor(policy.cashIncrement, 'cash increment');
  if (request.length === 0) return { ok: false, reason: 'return.nothing_requested', lineId: null };
  const wanted = new Map<string, number>();
  for (const { lineId, quantity } of request) {
    assertMinor(quantity, 'quantity');
    if (quantity < 1) return { ok: false, reason: 'return.quantity_invalid', lineId };
    wanted.set(lineId, (wanted.get(lineId) ?? 0) + quantity);
  }
  const returned = returnedUnits(previous);
  const lines: RefundLine[] = [];
  for (const [lineId, quantity] of wanted) {
    const line = sale.lines.find((sold) => sold.lineId === lineId);
    if (!line) return { ok: false, reason: 'return.unknown_line', lineId };
    const done = returned.get(lineId) ?? 0;
    if (done + quantity > line.quantity) return { ok: false, reason: 'return.already_refunded', lineId };
    if (line.finalSale) return { ok: false, reason: 'return.final_sale', lineId };
    lines.push({ lineId, quantity, amount: unitsShare(line.total, line.quantity, done, quantity), tax: unitsShare(line.tax, line.quantity, done, quantity) });
  }
  if (windowClosed(sale, policy, now)) return { ok: false, reason: 'return.window_closed', lineId: null };

  const amount = sumMinor(lines.map((line) => line.amount));
  const exchangeCredit = Math.min(amount, newCartTotal);
  const { tenders, rounding } = toTenders(sale, previous, amount - exchangeCredit, policy.cashIncrement);
  return {
    ok: true,
    refund: { saleId: sale.saleId, currency: sale.currency, lines, amount, tax: sumMinor(lines.map((line) => line.tax)), exchangeCredit, tenders, rounding },
  };
}

function windowClosed(sale: OriginalSale, policy: ReturnPolicy, now: Date): boolean {
  const soldAt = Date.parse(sale.soldAt);
  if (Number.isNaN(soldAt)) throw new RangeError(`sale ${sale.saleId} has no valid soldAt: ${sale.soldAt}`);
  return now.getTime() - soldAt > policy.windowDays * DAY_MS;
}

function returnedUnits(previous: readonly RefundRecord[]): Map<string, number> {
  const units = new Map<string, number>();
  for (const refund of previous) for (const line of refund.lines) units.set(line.lineId, (units.get(line.lineId) ?? 0) + line.quantity);
  return units;
}

/** The share of `amount` spread over `units` that belongs to units from..from+count−1. */
function unitsShare(amount: number, units: number, from: number, count: number): number {
  const parts = allocate(amount, Array.from({ length: units }, () => 1));
  return sumMinor(parts.slice(from, from + count));
}

const DESTINATION: Readonly<Record<TenderKind, RefundDestination>> = {
  card: 'card',
  store_credit: 'store_credit',
  gift_card: 'store_credit',
  trade_in: 'store_credit',
  // points paid go back to the client's points
  loyalty: 'loyalty',
  cash: 'cash',
};
const ORDER: readonly RefundDestination[] = ['card', 'loyalty', 'store_credit', 'cash'];

function toTenders(sale: OriginalSale, previous: readonly RefundRecord[], due: number, cashIncrement: number): { tenders: TenderRefund[]; rounding: number } {
  const kindOf = new Map(sale.tenders.map((tender) => [tender.tenderId, tender.kind]));
  const refunded = new Map<string, number>();
  let cashBefore = 0;
  let roundingBefore = 0;
  for (const refund of previous) {
    roundingBefore += refund.rounding;
    for (const tender of refund.tenders) {
      refunded.set(tender.tenderId, (refunded.get(tender.tenderId) ?? 0) + tender.amount);
      if (kindOf.get(tender.tenderId) === 'cash') cashBefore += tender.amount;
    }
  }
  const room = (tender: SaleTender) => tender.applied - (refunded.get(tender.tenderId) ?? 0);

  const tenders: TenderRefund[] = [];
  let left = due;
  let rounding = 0;
  for (const destination of ORDER) {
    const candidates = sale.tenders.filter((tender) => DESTINATION[tender.kind] === destination);
    let portion = left;
    if (destination === 'cash') {
      const cashRoom = sumMinor(candidates.map(room));
      if (left > cashRoom + 2 * Math.floor(cashIncrement / 2)) throw new RangeError(`the tenders of sale ${sale.saleId} do not cover its lines`);
      // the cash owed over all refunds of the sale so far, before any rounding
      const exactBefore = cashBefore - roundingBefore;
      portion = Math.max(0, Math.min(roundToIncrement(exactBefore + left, cashIncrement) - cashBefore, cashRoom));
      rounding = portion - left;
    }
    for (const tender of candidates) {
      const amount = Math.min(portion, room(tender));
      if (amount <= 0) continue;
      tenders.push({ tenderId: tender.tenderId, kind: tender.kind, refundAs: destination, amount });
      portion -= amount;
      left -= amount;
    }
  }
  return { tenders, rounding };
}
