/**
 * Cart pricing: line discounts, a cart discount spread over the lines, and tax, to the cent.
 *
 * Order of work, per line: gross = unit price × quantity; the line discount comes off gross; the
 * cart discount is computed once on the sum of discounted lines and allocated back over them in
 * proportion to their discounted amounts (largest remainder, so it sums exactly); tax is then
 * rounded half-up per line. Cart figures are sums of line figures, so Σ lines = cart, always.
 *
 * Tax rates are integers in hundred-thousandths (TAX_RATE_SCALE): 8.875 % = 8875, 20 % = 20000.
 * - exclusive (US sales tax): tax = net × rate, added on top; total = net + tax.
 * - inclusive (VAT): the price contains the tax; tax = net × rate / (1 + rate); total = net.
 *
 * Discounts above the actor's limits and prices below cost are not refused: they are listed in
 * `approvals` so the caller can ask a manager to approve on the spot.
 */
import { allocate, assertMinor, exponentOf, ofBps, roundHalfUp, sumMinor, toMinor } from './money.ts';

/** Denominator of a tax rate: rates are hundred-thousandths (1 = 0.001 %). */
export const TAX_RATE_SCALE = 100_000;

/** A discount: an amount in minor units, or a percentage in basis points (1,000 = 10 %). */
export type Discount = { readonly kind: 'amount'; readonly minor: number } | { readonly kind: 'percent'; readonly bps: number };

/** One line of a cart; amounts in minor units of the cart currency. */
export interface CartLine {
  readonly lineId: string;
  readonly unitPrice: number;
  readonly quantity: number;
  readonly taxCategory: string;
  readonly discount?: Discount | null;
  /** What one unit cost the store, net of tax; when given, a sale below it needs approval. */
  readonly unitCost?: number | null;
}

export interface Cart {
  readonly currency: string;
  readonly lines: readonly CartLine[];
  readonly cartDiscount?: Discount | null;
}

/** The store's tax rules: mode and rate per tax category, in hundred-thousandths. */
export interface TaxRules {
  readonly mode: 'inclusive' | 'exclusive';
  readonly rates: Readonly<Record<string, number>>;
}

/** The largest discounts the actor may give without approval, in basis points (equal to the limit is allowed). */
export interface DiscountLimits {
  /** A line discount against the line's gross (unit price × quantity). */
  readonly maxLineBps: number;
  /** The cart discount against the subtotal after line discounts. */
  readonly maxCartBps: number;
}

export type CartRefusal =
  | 'cart.empty'
  | 'cart.quantity_invalid'
  | 'cart.price_invalid'
  | 'cart.unknown_tax_category'
  | 'cart.discount_invalid'
  | 'cart.discount_exceeds_price';

export type ApprovalReason = 'discount.line_over_limit' | 'discount.cart_over_limit' | 'price.below_cost';

/**
 * Something the actor may not do alone. For discounts, `bps` is the effective percentage rounded
 * up, `discount` and `base` the exact amounts; for below cost, `revenue` is the line net of tax.
 */
export type PricingApproval =
  | { readonly reason: 'discount.line_over_limit'; readonly lineId: string; readonly discount: number; readonly base: number; readonly bps: number; readonly limitBps: number }
  | { readonly reason: 'discount.cart_over_limit'; readonly discount: number; readonly base: number; readonly bps: number; readonly limitBps: number }
  | { readonly reason: 'price.below_cost'; readonly lineId: string; readonly revenue: number; readonly cost: number };

/**
 * A priced line. gross − lineDiscount − cartDiscount = net (the discounted price, tax included
 * when inclusive); total is what the customer pays for the line; total − tax is the line net of tax.
 */
export interface PricedLine {
  readonly lineId: string;
  readonly quantity: number;
  readonly taxCategory: string;
  readonly taxRate: number;
  readonly gross: number;
  readonly lineDiscount: number;
  readonly cartDiscount: number;
  readonly discount: number;
  readonly net: number;
  readonly tax: number;
  readonly total: number;
}

/** Tax per category for the receipt: `taxable` is the amount net of tax the rate applied to. */
export interface TaxBreakdown {
  readonly taxCategory: string;
  readonly taxRate: number;
  readonly taxable: number;
  readonly tax: number;
}

/** A priced cart: subtotal − discount (+ tax when exclusive) = total; each figure is Σ over lines. */
export interface PricedCart {
  readonly currency: string;
  readonly taxMode: TaxRules['mode'];
  readonly lines: readonly PricedLine[];
  readonly subtotal: number;
  readonly discount: number;
  readonly tax: number;
  readonly total: number;
  readonly taxBreakdown: readonly TaxBreakdown[];
  readonly approvals: readonly PricingApproval[];
}

export type CartPricing = { readonly ok: true; readonly cart: PricedCart } | { readonly ok: false; readonly reason: CartRefusal; readonly lineId: string | null };

/** Prices `cart` under the store's tax rules and lists what exceeds the actor's discount limits. */
export function priceCart(cart: Cart, tax: TaxRules, limits: DiscountLimits): CartPricing {
  exponentOf(cart.currency);
  assertMinor(limits.maxLineBps, 'line discount limit');
  assertMinor(limits.maxCartBps, 'cart discount limit');
  if (cart.lines.length === 0) return { ok: false, reason: 'cart.empty', lineId: null };
  const afterLine: { line: CartLine; gross: number; lineDiscount: number; rate: number }[] = [];
  for (const line of cart.lines) {
    assertMinor(line.unitPrice, 'unit price');
    assertMinor(line.quantity, 'quantity');
    const refusal = lineRefusal(line, tax);
    if (refusal) return { ok: false, reason: refusal, lineId: line.lineId };
    const gross = toMinor(BigInt(line.unitPrice) * BigInt(line.quantity), 'line gross');
    const lineDiscount = discountOn(gross, line.discount);
    if (lineDiscount === null) return { ok: false, reason: 'cart.discount_invalid', lineId: line.lineId };
    if (lineDiscount > gross) return { ok: false, reason: 'cart.discount_exceeds_price', lineId: line.lineId };
    afterLine.push({ line, gross, lineDiscount, rate: tax.rates[line.taxCategory] as number });
  }

  const discounted = afterLine.map((entry) => entry.gross - entry.lineDiscount);
  const discountedSubtotal = sumMinor(discounted);
  const cartDiscount = discountOn(discountedSubtotal, cart.cartDiscount);
  if (cartDiscount === null) return { ok: false, reason: 'cart.discount_invalid', lineId: null };
  if (cartDiscount > discountedSubtotal) return { ok: false, reason: 'cart.discount_exceeds_price', lineId: null };
  const shares = allocate(cartDiscount, discounted);

  const lines = afterLine.map(({ line, gross, lineDiscount, rate }, index): PricedLine => {
    const share = shares[index] as number;
    const net = gross - lineDiscount - share;
    const lineTax = taxOn(net, rate, tax.mode);
    const total = tax.mode === 'exclusive' ? net + lineTax : net;
    return {
      lineId: line.lineId,
      quantity: line.quantity,
      taxCategory: line.taxCategory,
      taxRate: rate,
      gross,
      lineDiscount,
      cartDiscount: share,
      discount: lineDiscount + share,
      net,
      tax: lineTax,
      total,
    };
  });

  return {
    ok: true,
    cart: {
      currency: cart.currency,
      taxMode: tax.mode,
      lines,
      subtotal: sumMinor(lines.map((line) => line.gross)),
      discount: sumMinor(lines.map((line) => line.discount)),
      tax: sumMinor(lines.map((line) => line.tax)),
      total: sumMinor(lines.map((line) => line.total)),
      taxBreakdown: breakdown(lines),
      approvals: approvalsFor(afterLine, lines, cartDiscount, discountedSubtotal, limits),
    },
  };
}

function lineRefusal(line: CartLine, tax: TaxRules): CartRefusal | null {
  if (line.quantity < 1) return 'cart.quantity_invalid';
  if (line.unitPrice < 0) return 'cart.price_invalid';
  if (line.unitCost !== undefined && line.unitCost !== null) assertMinor(line.unitCost, 'unit cost');
  if (!Object.hasOwn(tax.rates, line.taxCategory)) return 'cart.unknown_tax_category';
  const rate = tax.rates[line.taxCategory] as number;
  assertMinor(rate, 'tax rate');
  if (rate < 0) throw new RangeError(`tax rate of ${line.taxCategory} is negative: ${rate}`);
  return null;
}

/** The discount in minor units on `base`, or null when the discount itself is malformed. */
function discountOn(base: number, discount: Discount | null | undefined): number | null {
  if (!discount) return 0;
  if (discount.kind === 'amount') {
    assertMinor(discount.minor, 'discount');
    return discount.minor < 0 ? null : discount.minor;
  }
  assertMinor(discount.bps, 'discount basis points');
  return discount.bps < 0 || discount.bps > 10_000 ? null : ofBps(base, discount.bps);
}

function taxOn(net: number, rate: number, mode: TaxRules['mode']): number {
  const scale = BigInt(TAX_RATE_SCALE);
  const denominator = mode === 'exclusive' ? scale : scale + BigInt(rate);
  return toMinor(roundHalfUp(BigInt(net) * BigInt(rate), denominator), 'tax');
}

function breakdown(lines: readonly PricedLine[]): TaxBreakdown[] {
  const byCategory = new Map<string, TaxBreakdown>();
  for (const line of lines) {
    const seen = byCategory.get(line.taxCategory);
    byCategory.set(line.taxCategory, {
      taxCategory: line.taxCategory,
      taxRate: line.taxRate,
      taxable: (seen?.taxable ?? 0) + line.total - line.tax,
      tax: (seen?.tax ?? 0) + line.tax,
    });
  }
  return [...byCategory.values()];
}

function approvalsFor(
  entries: readonly { line: CartLine; gross: number; lineDiscount: number }[],
  lines: readonly PricedLine[],
  cartDiscount: number,
  discountedSubtotal: number,
  limits: DiscountLimits,
): PricingApproval[] {
  const approvals: PricingApproval[] = [];
  for (const { line, gross, lineDiscount } of entries) {
    if (overLimit(lineDiscount, gross, limits.maxLineBps)) {
      approvals.push({ reason: 'discount.line_over_limit', lineId: line.lineId, discount: lineDiscount, base: gross, bps: bpsUp(lineDiscount, gross), limitBps: limits.maxLineBps });
    }
  }
  if (overLimit(cartDiscount, discountedSubtotal, limits.maxCartBps)) {
    approvals.push({ reason: 'discount.cart_over_limit', discount: cartDiscount, base: discountedSubtotal, bps: bpsUp(cartDiscount, discountedSubtotal), limitBps: limits.maxCartBps });
  }
  entries.forEach(({ line }, index) => {
    if (line.unitCost === undefined || line.unitCost === null) return;
    const priced = lines[index] as PricedLine;
    const cost = toMinor(BigInt(line.unitCost) * BigInt(line.quantity), 'line cost');
    const revenue = priced.total - priced.tax;
    if (revenue < cost) approvals.push({ reason: 'price.below_cost', lineId: line.lineId, revenue, cost });
  });
  return approvals;
}

/** discount / base > limitBps / 10,000, compared exactly. */
function overLimit(discount: number, base: number, limitBps: number): boolean {
  return BigInt(discount) * 10_000n > BigInt(limitBps) * BigInt(base);
}

/** The effective discount in basis points, rounded up so it never reads as within a limit it exceeds. */
function bpsUp(discount: number, base: number): number {
  const numerator = BigInt(discount) * 10_000n;
  const denominator = BigInt(base);
  return Number((numerator + denominator - 1n) / denominator);
}
