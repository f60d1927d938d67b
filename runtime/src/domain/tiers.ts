/**
 * Client tiers: New, Loyal and VIP by rolling spend (net of returns) over the last `windowDays`,
 * with thresholds HQ sets. Recomputed on every sale and return of the client; a change is an event.
 */
export const TIERS = ['new', 'loyal', 'vip'] as const;
export type Tier = (typeof TIERS)[number];

export interface TierRules {
  /** Rolling spend from which a client is Loyal / VIP, in minor units of the store currency. */
  readonly loyalFromMinor: number;
  readonly vipFromMinor: number;
  readonly windowDays: number;
  /** Loyalty points earned per point-unit of spend, in percent: 100 = 1×, 150 = 1.5×. */
  readonly multiplierPct: Readonly<Record<Tier, number>>;
}

export function tierFor(rollingSpendMinor: number, rules: TierRules): Tier {
  if (rollingSpendMinor >= rules.vipFromMinor) return 'vip';
  if (rollingSpendMinor >= rules.loyalFromMinor) return 'loyal';
  return 'new';
}

/** What is still to spend to reach the next tier; null for VIP. */
export function toNextTier(rollingSpendMinor: number, rules: TierRules): { tier: Tier; minor: number } | null {
  const tier = tierFor(rollingSpendMinor, rules);
  if (tier === 'vip') return null;
  const next = tier === 'new' ? { tier: 'loyal' as const, from: rules.loyalFromMinor } : { tier: 'vip' as const, from: rules.vipFromMinor };
  return { tier: next.tier, minor: next.from - rollingSpendMinor };
}

/** The rolling window starts this many ms before `now`. */
export function windowStart(now: Date, rules: Pick<TierRules, 'windowDays'>): string {
  return new Date(now.getTime() - rules.windowDays * 86_400_000).toISOString();
}
