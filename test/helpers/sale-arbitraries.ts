/**
 * fast-check arbitraries for the selling rules' property tests: random carts (1–20 lines, prices
 * 1..10,000,000 minor, quantities 1..10, line and cart discounts, both tax modes, several rates)
 * and random tender splits that pay a given amount (cards, credits, local and foreign cash).
 */
import fc from 'fast-check';
import type { Cart, CartLine, Discount, TaxRules } from '../../runtime/src/domain/cart-pricing.ts';
import type { TenderKind, TenderOffer } from '../../runtime/src/domain/tenders.ts';

/** Rates in hundred-thousandths: 0, 5 %, CH 7.7 % and 8.1 %, NY 8.875 %, FR 20 %, DK 25 %. */
export const TAX_RATES = [0, 5000, 7700, 8100, 8875, 20000, 25000] as const;
export const CATEGORIES = ['jewelry', 'watch', 'service'] as const;

/** A property's run count; each property also fixes its seed so a failure replays the same way in CI. */
export const RUNS = { numRuns: 400 } as const;

type LineDraft = { unitPrice: number; quantity: number; category: string; discount: DiscountDraft; unitCost: number | null };
type DiscountDraft = null | { kind: 'percent'; bps: number } | { kind: 'amount'; permille: number };

const discountDraft: fc.Arbitrary<DiscountDraft> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: 10_000 }).map((bps) => ({ kind: 'percent' as const, bps })),
  fc.integer({ min: 0, max: 1000 }).map((permille) => ({ kind: 'amount' as const, permille })),
);

const lineDraft: fc.Arbitrary<LineDraft> = fc.record({
  unitPrice: fc.integer({ min: 1, max: 10_000_000 }),
  quantity: fc.integer({ min: 1, max: 10 }),
  category: fc.constantFrom(...CATEGORIES),
  discount: discountDraft,
  unitCost: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
});

/** The line discount in minor units, worked out independently of the code under test (half-up bps). */
export function expectedLineDiscount(line: CartLine): number {
  const gross = line.unitPrice * line.quantity;
  if (!line.discount) return 0;
  if (line.discount.kind === 'amount') return line.discount.minor;
  return Math.floor((gross * line.discount.bps + 5000) / 10_000);
}

function resolve(draft: DiscountDraft, base: number): Discount | null {
  if (draft === null) return null;
  if (draft.kind === 'percent') return draft;
  return { kind: 'amount', minor: Math.floor((base * draft.permille) / 1000) };
}

export interface PricingCase {
  cart: Cart;
  tax: TaxRules;
}

export const pricingCase: fc.Arbitrary<PricingCase> = fc
  .record({
    lines: fc.array(lineDraft, { minLength: 1, maxLength: 20 }),
    cartDiscount: discountDraft,
    mode: fc.constantFrom('inclusive' as const, 'exclusive' as const),
    rates: fc.tuple(fc.constantFrom(...TAX_RATES), fc.constantFrom(...TAX_RATES), fc.constantFrom(...TAX_RATES)),
  })
  .map(({ lines, cartDiscount, mode, rates }) => {
    const cartLines: CartLine[] = lines.map((draft, index) => ({
      lineId: `L${index + 1}`,
      unitPrice: draft.unitPrice,
      quantity: draft.quantity,
      taxCategory: draft.category,
      discount: resolve(draft.discount, draft.unitPrice * draft.quantity),
      unitCost: draft.unitCost,
    }));
    const discounted = cartLines.reduce((sum, line) => sum + line.unitPrice * line.quantity - expectedLineDiscount(line), 0);
    return {
      cart: { currency: 'USD', lines: cartLines, cartDiscount: resolve(cartDiscount, discounted) },
      tax: { mode, rates: { jewelry: rates[0], watch: rates[1], service: rates[2] } },
    };
  });

/** A foreign cash rate as HQ may send it: a decimal string (EUR→USD around 1.08) or an integer ratio. */
export const rateQuote = fc.oneof(
  fc.integer({ min: 5000, max: 20000 }).map((tenThousandths) => (tenThousandths / 10_000).toFixed(4)),
  fc.record({ numerator: fc.integer({ min: 1, max: 100_000 }), denominator: fc.integer({ min: 1, max: 100_000 }) }),
);

export interface TenderPlan {
  /** Non-cash tenders as permille shares of what is due (their sum may exceed it). */
  nonCash: { kind: Exclude<TenderKind, 'cash'>; permille: number }[];
  /** Cash tenders: local or foreign, as permille of what is left after the non-cash tenders (above 1000 pays over). */
  cash: { foreign: boolean; permille: number; extra: number; rate: string | { numerator: number; denominator: number } }[];
}

export const tenderPlan: fc.Arbitrary<TenderPlan> = fc.record({
  nonCash: fc.array(fc.record({ kind: fc.constantFrom('card' as const, 'store_credit' as const, 'gift_card' as const, 'trade_in' as const), permille: fc.integer({ min: 0, max: 700 }) }), { maxLength: 3 }),
  cash: fc.array(fc.record({ foreign: fc.boolean(), permille: fc.integer({ min: 0, max: 1200 }), extra: fc.integer({ min: 0, max: 10_000 }), rate: rateQuote }), { maxLength: 3 }),
});

function rateOf(quote: TenderPlan['cash'][number]['rate']): { n: bigint; d: bigint } {
  if (typeof quote === 'string') return { n: BigInt(quote.replace('.', '')), d: 10_000n };
  return { n: BigInt(quote.numerator), d: BigInt(quote.denominator) };
}

/**
 * Tender offers for `due` (USD minor) from a plan; foreign cash is EUR, local cash comes in whole
 * coins of `coin`. When `settle` is set, the last cash tender is sized so that the cash covers what
 * the non-cash tenders leave.
 */
export function offersFor(due: number, plan: TenderPlan, settle: boolean, coin: number): TenderOffer[] {
  const offers: TenderOffer[] = [];
  let nonCash = 0;
  for (const [index, tender] of plan.nonCash.entries()) {
    const minor = Math.floor((due * tender.permille) / 1000);
    if (minor < 1 || (settle && nonCash + minor > due)) continue;
    nonCash += minor;
    offers.push({ tenderId: `N${index + 1}`, kind: tender.kind, amount: { minor, currency: 'USD' } });
  }
  const left = Math.max(due - nonCash, 0);
  if (left === 0 && settle) return offers;
  let cashSoFar = 0;
  plan.cash.forEach((tender, index) => {
    const last = index === plan.cash.length - 1;
    let usd = Math.floor((left * tender.permille) / 1000) + tender.extra;
    if (settle && last) usd = Math.max(usd, left - cashSoFar);
    if (usd < 1) return;
    cashSoFar += usd;
    if (!tender.foreign) {
      offers.push({ tenderId: `C${index + 1}`, kind: 'cash', amount: { minor: Math.ceil(usd / coin) * coin, currency: 'USD' } });
      return;
    }
    const { n, d } = rateOf(tender.rate);
    const eur = Number((BigInt(usd) * d + n - 1n) / n);
    offers.push({ tenderId: `C${index + 1}`, kind: 'cash', amount: { minor: Math.max(eur, 1), currency: 'EUR' }, rate: tender.rate });
  });
  if (settle && plan.cash.length === 0 && left > 0) offers.push({ tenderId: 'C0', kind: 'cash', amount: { minor: Math.ceil(left / coin) * coin, currency: 'USD' } });
  return offers;
}
