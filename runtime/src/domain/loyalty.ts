/**
 * Loyalty points: earned on a sale by the client's tier multiplier, redeemed as a tender, reversed
 * on returns, expired after a stretch without activity. The points ledger is append-only; the
 * balance is replayed from it.
 *
 * - A sale earns floor(net × multiplier / (100 × minorPerPoint)) points, net = the sale's total
 *   less its refunds; the multiplier is the tier's at the moment of sale and stays with the sale.
 *   A return lowers the sale's net, and the points go down to what the new net earns: a sale's
 *   points are always those of its net, however many returns it had.
 * - A point redeemed pays `pointValueMinor`; a refunded points tender gives the points back.
 * - The whole balance expires `expiryDays` after the client's last earning or redemption.
 */
export interface LoyaltyRules {
  readonly minorPerPoint: number;
  readonly pointValueMinor: number;
  readonly expiryDays: number;
}

export const POINTS_KINDS = ['earn', 'reverse', 'redeem', 'restore', 'expire', 'merge'] as const;
export type PointsKind = (typeof POINTS_KINDS)[number];

export interface PointsEntry {
  readonly at: string;
  readonly kind: PointsKind;
  /** Signed: earned and restored points are positive, reversed, redeemed and expired negative. */
  readonly points: number;
}

/** Points a sale's net spend earns at a multiplier. */
export function pointsFor(netMinor: number, multiplierPct: number, rules: LoyaltyRules): number {
  if (netMinor <= 0) return 0;
  return Math.floor((netMinor * multiplierPct) / (100 * rules.minorPerPoint));
}

/** Points to take back from a sale whose net dropped: what it had earned less what the new net earns. */
export function pointsToReverse(earnedSoFar: number, newNetMinor: number, multiplierPct: number, rules: LoyaltyRules): number {
  return Math.max(0, earnedSoFar - pointsFor(newNetMinor, multiplierPct, rules));
}

/** When the balance expires, counting from the last earning or redemption (not returns, not expiry). */
export function expiresAt(entries: readonly PointsEntry[], rules: LoyaltyRules): string | null {
  let last: number | null = null;
  for (const entry of entries) {
    if (entry.kind !== 'earn' && entry.kind !== 'redeem') continue;
    const at = Date.parse(entry.at);
    if (last === null || at > last) last = at;
  }
  return last === null ? null : new Date(last + rules.expiryDays * 86_400_000).toISOString();
}

/**
 * The balance at `now`, and the points an `expire` entry must write off now (0 when none is due).
 * A balance can be negative: points earned on a sale, spent, and then reversed by a return.
 */
export function pointsBalance(entries: readonly PointsEntry[], now: Date, rules: LoyaltyRules): { balance: number; expiring: number; expiresAt: string | null } {
  const recorded = entries.reduce((sum, entry) => sum + entry.points, 0);
  const expiry = expiresAt(entries, rules);
  const lapsed = expiry !== null && Date.parse(expiry) <= now.getTime() && recorded > 0;
  return { balance: lapsed ? 0 : recorded, expiring: lapsed ? recorded : 0, expiresAt: recorded > 0 ? expiry : null };
}

/** Points a tender of `amountMinor` redeems, or null when the amount is not a whole number of points. */
export function pointsForTender(amountMinor: number, rules: LoyaltyRules): number | null {
  return amountMinor > 0 && amountMinor % rules.pointValueMinor === 0 ? amountMinor / rules.pointValueMinor : null;
}
