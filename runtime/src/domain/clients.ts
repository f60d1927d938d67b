/**
 * Clienteling rules: who may be contacted on which channel, when a milestone next falls, the
 * outreach list, and a client's figures from their purchases and returns. Pure: today, the
 * clients and the stock are passed in.
 */
import { tierFor, windowStart, type Tier, type TierRules } from './tiers.ts';

export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'mail', 'whatsapp'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const LINKED_RELATIONS = ['spouse', 'partner', 'child', 'parent', 'sibling', 'friend', 'other'] as const;
export const MILESTONE_KINDS = ['birthday', 'anniversary', 'other'] as const;
/** Why to contact a client. Repairs ready and layaway payments due join when those modules exist: they are occasions like a wish in stock. */
export const OUTREACH_REASONS = ['milestone', 'wish_in_stock', 'vip_preview'] as const;
export type OutreachReason = (typeof OUTREACH_REASONS)[number];

export interface Milestone {
  kind: (typeof MILESTONE_KINDS)[number];
  label?: string | undefined;
  month: number;
  day: number;
  year?: number | undefined;
  recurring: boolean;
}

/** A consent as recorded: given or withdrawn, when, and by which member of staff. */
export interface Consent {
  granted: boolean;
  at: string;
  by: string;
}

/** The parts of a profile the rules here read. */
export interface ContactableClient {
  id: string;
  name: string;
  tier: Tier;
  phones: readonly { number: string; preferred?: boolean | undefined }[];
  emails: readonly { address: string; preferred?: boolean | undefined }[];
  address?: { lines: readonly string[]; city: string; postalCode?: string | undefined; country: string } | undefined;
  consents: Readonly<Partial<Record<ConsentChannel, Consent>>>;
  milestones: readonly Milestone[];
}

/** Only a consent given, and not withdrawn since, covers a channel. */
export function consentCovers(client: Pick<ContactableClient, 'consents'>, channel: ConsentChannel): boolean {
  return client.consents[channel]?.granted === true;
}

/** Where to reach the client on a channel: the preferred phone or address first; null when they left none. */
export function contactFor(client: ContactableClient, channel: ConsentChannel): string | null {
  const first = <T extends { preferred?: boolean | undefined }>(list: readonly T[]) => list.find((item) => item.preferred) ?? list[0];
  if (channel === 'email') return first(client.emails)?.address ?? null;
  if (channel === 'mail') return client.address ? [...client.address.lines, [client.address.postalCode, client.address.city].filter(Boolean).join(' '), client.address.country].join(', ') : null;
  return first(client.phones)?.number ?? null;
}

/** The next day (YYYY-MM-DD, on or after `today`) the milestone falls; 29 February falls on the 28th in other years. */
export function nextOccurrence(milestone: Milestone, today: string): string | null {
  const year = Number(today.slice(0, 4));
  const on = (y: number) => {
    const lastDay = new Date(Date.UTC(y, milestone.month, 0)).getUTCDate();
    return `${y}-${pad(milestone.month)}-${pad(Math.min(milestone.day, lastDay))}`;
  };
  if (!milestone.recurring) {
    if (milestone.year === undefined) return null;
    const date = on(milestone.year);
    return date >= today ? date : null;
  }
  const thisYear = on(year);
  return thisYear >= today ? thisYear : on(year + 1);
}

/** Days from `today` to `date`, both YYYY-MM-DD. */
export function daysBetween(today: string, date: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export interface OutreachEntry {
  clientId: string;
  name: string;
  channel: ConsentChannel;
  contact: string;
  reason: OutreachReason;
  detail: string;
  date: string | null;
}

/** Something to tell a client about, found elsewhere (a wish-list piece in stock). */
export interface OutreachOccasion {
  clientId: string;
  reason: Exclude<OutreachReason, 'milestone' | 'vip_preview'>;
  detail: string;
  date: string | null;
}

/**
 * Who to contact on `channel` in the next `days` days and why: milestones, the occasions passed in,
 * and every VIP for a private preview. A client whose consent does not cover the channel, or who
 * left no contact for it, is never listed.
 */
export function outreachList(clients: readonly ContactableClient[], occasions: readonly OutreachOccasion[], channel: ConsentChannel, today: string, days: number): OutreachEntry[] {
  const byClient = new Map<string, OutreachOccasion[]>();
  for (const occasion of occasions) byClient.set(occasion.clientId, [...(byClient.get(occasion.clientId) ?? []), occasion]);
  const entries: OutreachEntry[] = [];
  for (const client of clients) {
    const contact = contactFor(client, channel);
    if (!consentCovers(client, channel) || contact === null) continue;
    const base = { clientId: client.id, name: client.name, channel, contact };
    for (const milestone of client.milestones) {
      const date = nextOccurrence(milestone, today);
      if (date === null || daysBetween(today, date) > days) continue;
      const what = milestone.kind === 'other' ? (milestone.label ?? 'milestone') : milestone.kind;
      const years = milestone.year !== undefined && milestone.recurring ? Number(date.slice(0, 4)) - milestone.year : null;
      entries.push({ ...base, reason: 'milestone', detail: years && years > 0 ? `${what} (${years} years)` : what, date });
    }
    for (const occasion of byClient.get(client.id) ?? []) entries.push({ ...base, reason: occasion.reason, detail: occasion.detail, date: occasion.date });
    if (client.tier === 'vip') entries.push({ ...base, reason: 'vip_preview', detail: 'VIP: invite to a private preview', date: null });
  }
  return entries.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || a.name.localeCompare(b.name));
}

/** One sale of the client: its total and what has been refunded of it since. */
export interface ClientSale {
  at: string;
  totalMinor: number;
  refundedMinor: number;
}

export interface ClientFigures {
  lifetimeValueMinor: number;
  rollingSpendMinor: number;
  previousSpendMinor: number;
  purchases: number;
  visits: number;
  averageTicketMinor: number;
  lastPurchaseAt: string | null;
  trend: 'new' | 'rising' | 'steady' | 'falling';
  tier: Tier;
}

/**
 * Lifetime value and rolling spend are net of returns (a sale counts its total less its refunds);
 * visits are the days with a purchase; the trend compares the rolling window with the one before.
 */
export function clientFigures(sales: readonly ClientSale[], now: Date, rules: TierRules): ClientFigures {
  const from = windowStart(now, rules);
  const before = new Date(Date.parse(from) - rules.windowDays * 86_400_000).toISOString();
  let lifetime = 0;
  let rolling = 0;
  let previous = 0;
  let last: string | null = null;
  const days = new Set<string>();
  for (const sale of sales) {
    const net = sale.totalMinor - sale.refundedMinor;
    lifetime += net;
    if (sale.at >= from) rolling += net;
    else if (sale.at >= before) previous += net;
    days.add(sale.at.slice(0, 10));
    if (last === null || sale.at > last) last = sale.at;
  }
  const trend = previous === 0 ? (rolling > 0 ? 'new' : 'steady') : rolling * 4 >= previous * 5 ? 'rising' : rolling * 5 <= previous * 4 ? 'falling' : 'steady';
  return {
    lifetimeValueMinor: lifetime,
    rollingSpendMinor: rolling,
    previousSpendMinor: previous,
    purchases: sales.length,
    visits: days.size,
    averageTicketMinor: sales.length === 0 ? 0 : Math.floor(lifetime / sales.length),
    lastPurchaseAt: last,
    trend,
    tier: tierFor(rolling, rules),
  };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
