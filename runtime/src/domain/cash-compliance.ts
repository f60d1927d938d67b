/**
 * Large cash from one client: report it (US, FinCEN/IRS Form 8300) or refuse it (EU AMLR cap).
 *
 * Related cash is added up before comparing with the threshold: every earlier cash payment of the
 * client received at most `relatedHours` (24 h) before now (or stamped later than now: a clock
 * that went back must not hide cash), plus, when the new payment belongs to a
 * series the store knows of (a layaway, a custom order paid in installments), every earlier payment
 * of that series within `seriesDays` (365: the 12 months of the installment rule). A payment already
 * included in a filed report no longer counts, so the count starts again after each filing.
 *
 * - report (US): cash above `reportAbove` (more than $10,000: the IRS wording, not "or more") needs
 *   a verified identity and a Form 8300 filed within 15 days of the payment that crossed it.
 * - cap (EU AMLR, from 10 July 2027): cash above `capAbove` (€10,000, or a lower national cap) is
 *   refused; from `identifyFrom` (€3,000) on, the client must be identified and verified.
 *
 * "Cash" is what the caller passes: notes and coins in any currency, and (US) cashier's checks,
 * bank drafts, traveler's checks and money orders of $10,000 or less received for a piece of
 * jewelry. Amounts must be in the rule's currency; the caller converts foreign cash first.
 */
import { assertMinor, exponentOf, sumMinor, type Money } from './money.ts';

export const CASH_INSTRUMENTS = ['currency', 'foreign_currency', 'cashiers_check', 'bank_draft', 'travelers_check', 'money_order'] as const;
export type CashInstrument = (typeof CASH_INSTRUMENTS)[number];

/** An earlier cash payment of the client; `reportedIn` names the filed report that included it. */
export interface CashPayment {
  readonly paymentId: string;
  readonly at: string;
  readonly amount: Money;
  readonly instrument: CashInstrument;
  readonly seriesId?: string | null;
  readonly reportedIn?: string | null;
}

/** The cash payment being decided now. */
export interface NewCashPayment {
  readonly amount: Money;
  readonly instrument: CashInstrument;
  readonly seriesId?: string | null;
}

export type CashRule =
  | { readonly mode: 'report'; readonly currency: string; readonly reportAbove: number; readonly relatedHours: number; readonly seriesDays: number }
  | { readonly mode: 'cap'; readonly currency: string; readonly capAbove: number; readonly identifyFrom: number; readonly relatedHours: number; readonly seriesDays: number };

/** US: Form 8300 for cash over $10,000 in one or related transactions (jewelry-domain.md §5.2). */
export const US_FORM_8300: CashRule = { mode: 'report', currency: 'USD', reportAbove: 1_000_000, relatedHours: 24, seriesDays: 365 };

/** EU AMLR 2024/1624 from 10 July 2027: no cash above €10,000; identify from €3,000 (jewelry-domain.md §5.3). */
export const EU_AMLR_2027: CashRule = { mode: 'cap', currency: 'EUR', capAbove: 1_000_000, identifyFrom: 300_000, relatedHours: 24, seriesDays: 365 };

/** What a Form 8300 asks of the client and the sale, by item number of the form. */
export const FORM_8300_FIELDS = [
  'client.name', // items 3–5
  'client.taxpayerId', // item 6: SSN or ITIN
  'client.address', // items 7, 9–12
  'client.dateOfBirth', // item 8
  'client.occupation', // item 13
  'client.identityDocument', // item 14: kind, issuer, number
  'sale.dateCashReceived', // item 28
  'sale.totalCash', // items 29–30
  'sale.totalPrice', // item 31
  'sale.cashByInstrument', // item 32
  'sale.kind', // item 33: personal property purchased
  'sale.description', // item 34: the piece, with its stock number
] as const;

/** What EU customer due diligence records of a natural person. */
export const EU_IDENTITY_FIELDS = ['client.name', 'client.dateOfBirth', 'client.placeOfBirth', 'client.nationality', 'client.address', 'client.identityDocument'] as const;

export type IdentityField = (typeof FORM_8300_FIELDS)[number] | (typeof EU_IDENTITY_FIELDS)[number];

/** What the Form 8300 will say, from the cash the appliance saw; `fileBy` is 15 days after now. */
export interface Form8300Filing {
  readonly fileBy: string;
  readonly totalCash: number;
  readonly multiplePayments: boolean;
  readonly cashByInstrument: Readonly<Record<CashInstrument, number>>;
  readonly priorPaymentIds: readonly string[];
  readonly fields: readonly IdentityField[];
}

export type CashRefusal = 'cash.identity_required' | 'cash.cap_exceeded';

/** `related` is the related cash including the new payment, in minor units of the rule's currency. */
export type CashDecision =
  | { readonly ok: true; readonly related: number; readonly identityRequired: boolean; readonly filing: Form8300Filing | null }
  | { readonly ok: false; readonly reason: 'cash.identity_required'; readonly related: number; readonly fields: readonly IdentityField[] }
  | { readonly ok: false; readonly reason: 'cash.cap_exceeded'; readonly related: number; readonly cap: number; readonly acceptable: number };

const HOUR_MS = 3_600_000;
const FILING_DAYS = 15;

/** Decides whether `payment` may be taken from a client whose earlier cash payments are `prior`. */
export function decideCashPayment(prior: readonly CashPayment[], payment: NewCashPayment, rule: CashRule, identityVerified: boolean, now: Date): CashDecision {
  exponentOf(rule.currency);
  for (const amount of [payment.amount, ...prior.map((earlier) => earlier.amount)]) {
    assertMinor(amount.minor, 'cash payment');
    if (amount.currency !== rule.currency) throw new RangeError(`cash must be given in ${rule.currency}, got ${amount.currency}`);
  }
  const included = relatedPayments(prior, payment, rule, now);
  const earlier = sumMinor(included.map((entry) => entry.amount.minor));
  const related = earlier + payment.amount.minor;

  if (rule.mode === 'cap') {
    if (related > rule.capAbove) return { ok: false, reason: 'cash.cap_exceeded', related, cap: rule.capAbove, acceptable: Math.max(0, rule.capAbove - earlier) };
    const identityRequired = related >= rule.identifyFrom;
    if (identityRequired && !identityVerified) return { ok: false, reason: 'cash.identity_required', related, fields: EU_IDENTITY_FIELDS };
    return { ok: true, related, identityRequired, filing: null };
  }

  if (related <= rule.reportAbove) return { ok: true, related, identityRequired: false, filing: null };
  if (!identityVerified) return { ok: false, reason: 'cash.identity_required', related, fields: FORM_8300_FIELDS };
  const cashByInstrument = Object.fromEntries(CASH_INSTRUMENTS.map((instrument) => [instrument, 0])) as Record<CashInstrument, number>;
  for (const entry of [...included, payment]) cashByInstrument[entry.instrument] += entry.amount.minor;
  return {
    ok: true,
    related,
    identityRequired: true,
    filing: {
      fileBy: new Date(now.getTime() + FILING_DAYS * 24 * HOUR_MS).toISOString(),
      totalCash: related,
      multiplePayments: included.length > 0,
      cashByInstrument,
      priorPaymentIds: included.map((entry) => entry.paymentId),
      fields: FORM_8300_FIELDS,
    },
  };
}

function relatedPayments(prior: readonly CashPayment[], payment: NewCashPayment, rule: CashRule, now: Date): CashPayment[] {
  const nowMs = now.getTime();
  return prior.filter((earlier) => {
    if (earlier.reportedIn) return false;
    const at = Date.parse(earlier.at);
    if (Number.isNaN(at)) throw new RangeError(`cash payment ${earlier.paymentId} has no valid time: ${earlier.at}`);
    const age = nowMs - at;
    if (age <= rule.relatedHours * HOUR_MS) return true;
    return Boolean(payment.seriesId) && earlier.seriesId === payment.seriesId && age <= rule.seriesDays * 24 * HOUR_MS;
  });
}
