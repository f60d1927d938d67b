/**
 * Tenders: how the amount due is paid, split over cash, cards, store credit, gift cards,
 * trade-in credit and loyalty points. Stateless: call it again with every tender offered so far.
 *
 * - Only cash may be in a foreign currency. It is converted at the exact rate given (decimal string
 *   or integer ratio, never a float) and rounded half-up to the sale's minor unit; the rate used is
 *   recorded on the tender.
 * - Non-cash tenders apply at face value and cannot give change: if they add up to more than is
 *   due, the tender that crosses the amount due is refused.
 * - Change is given only from cash and only in the sale currency.
 * - Cash rounding (`cashIncrement`, e.g. CHF 5 = 0.05): when cash settles the sale, the cash part
 *   is rounded to the nearest increment, ties up (CHF 12.325 would be 12.35); the difference is
 *   `rounding` (positive: the customer paid more than due). Cards always pay to the minor unit, and
 *   a sale not yet settled keeps its exact remaining amount, since the next tender may be a card.
 *
 * Invariants: Σ applied = paid = due − remaining + rounding; Σ value − change = paid.
 */
import { assertMinor, convert, exponentOf, isCurrency, parseRate, rateText, roundToIncrement, sumMinor, type Money, type RateQuote } from './money.ts';

export const TENDER_KINDS = ['cash', 'card', 'store_credit', 'gift_card', 'trade_in', 'loyalty'] as const;
export type TenderKind = (typeof TENDER_KINDS)[number];

/** A tender as offered at the counter; `rate` (sale currency per unit of amount.currency) only for foreign cash. */
export interface TenderOffer {
  readonly tenderId: string;
  readonly kind: TenderKind;
  readonly amount: Money;
  readonly rate?: RateQuote | null;
}

/** The store's cash rules: the smallest coin, in minor units of the sale currency (1 when there is no rounding). */
export interface CashRules {
  readonly cashIncrement: number;
}

/** The exchange rate used on a foreign tender, as recorded on the receipt and in the ledger. */
export interface RecordedRate {
  readonly from: string;
  readonly to: string;
  readonly rate: string;
}

/** One tender settled: `value` is its worth in sale minor units, `applied` the part kept for the sale. */
export interface AppliedTender {
  readonly tenderId: string;
  readonly kind: TenderKind;
  readonly tendered: Money;
  readonly value: number;
  readonly applied: number;
  readonly rate: RecordedRate | null;
}

/** The state of payment; every amount in minor units of `currency`. */
export interface Settlement {
  readonly currency: string;
  readonly due: number;
  readonly tenders: readonly AppliedTender[];
  readonly paid: number;
  readonly remaining: number;
  readonly change: number;
  readonly rounding: number;
}

export type TenderRefusal =
  | 'tender.amount_invalid'
  | 'tender.unknown_currency'
  | 'tender.foreign_not_cash'
  | 'tender.fx_rate_missing'
  | 'tender.fx_rate_invalid'
  | 'tender.card_overpay'
  | 'tender.credit_overpay'
  | 'tender.cash_not_needed';

export type TenderDecision =
  | { readonly ok: true; readonly settlement: Settlement }
  | { readonly ok: false; readonly reason: TenderRefusal; readonly tenderId: string };

type Valued = { offer: TenderOffer; value: number; rate: RecordedRate | null };

/** Settles `due` (sale currency, ≥ 0) against the tenders offered, in the order given. */
export function settleTenders(due: Money, offers: readonly TenderOffer[], rules: CashRules): TenderDecision {
  exponentOf(due.currency);
  assertMinor(due.minor, 'amount due');
  assertMinor(rules.cashIncrement, 'cash increment');
  if (due.minor < 0) throw new RangeError(`amount due must not be negative, got ${due.minor}`);
  if (rules.cashIncrement < 1) throw new RangeError(`cash increment must be at least 1, got ${rules.cashIncrement}`);

  const valued: Valued[] = [];
  for (const offer of offers) {
    const result = valueOf(offer, due.currency);
    if (typeof result === 'string') return { ok: false, reason: result, tenderId: offer.tenderId };
    valued.push({ offer, ...result });
  }

  let nonCash = 0;
  for (const { offer, value } of valued) {
    if (offer.kind === 'cash') continue;
    nonCash += value;
    if (nonCash > due.minor) {
      return { ok: false, reason: offer.kind === 'card' ? 'tender.card_overpay' : 'tender.credit_overpay', tenderId: offer.tenderId };
    }
  }
  const remaining = due.minor - nonCash;
  const cash = valued.filter((entry) => entry.offer.kind === 'cash');
  if (cash.length > 0 && remaining === 0) return { ok: false, reason: 'tender.cash_not_needed', tenderId: (cash[0] as Valued).offer.tenderId };

  const cashValue = sumMinor(cash.map((entry) => entry.value));
  const owed = remaining - cashValue;
  const roundedOwed = roundToIncrement(owed, rules.cashIncrement);
  const settles = cash.length > 0 && roundedOwed <= 0;
  const change = settles ? Math.min(-roundedOwed, cashValue) : 0;
  let cashToKeep = cashValue - change;
  const tenders = valued.map(({ offer, value, rate }): AppliedTender => {
    let applied = value;
    if (offer.kind === 'cash') {
      applied = Math.min(value, cashToKeep);
      cashToKeep -= applied;
    }
    return { tenderId: offer.tenderId, kind: offer.kind, tendered: offer.amount, value, applied, rate };
  });
  const paid = sumMinor(tenders.map((tender) => tender.applied));
  return {
    ok: true,
    settlement: {
      currency: due.currency,
      due: due.minor,
      tenders,
      paid,
      remaining: settles ? 0 : owed,
      change,
      rounding: settles ? paid - due.minor : 0,
    },
  };
}

function valueOf(offer: TenderOffer, saleCurrency: string): { value: number; rate: RecordedRate | null } | TenderRefusal {
  assertMinor(offer.amount.minor, `tender ${offer.tenderId}`);
  if (offer.amount.minor <= 0) return 'tender.amount_invalid';
  if (!isCurrency(offer.amount.currency)) return 'tender.unknown_currency';
  if (offer.amount.currency === saleCurrency) return { value: offer.amount.minor, rate: null };
  if (offer.kind !== 'cash') return 'tender.foreign_not_cash';
  if (offer.rate === undefined || offer.rate === null) return 'tender.fx_rate_missing';
  const rate = parseRate(offer.rate);
  if (rate === null) return 'tender.fx_rate_invalid';
  const value = convert(offer.amount, saleCurrency, rate);
  if (value <= 0) return 'tender.amount_invalid';
  return { value, rate: { from: offer.amount.currency, to: saleCurrency, rate: rateText(offer.rate) } };
}
