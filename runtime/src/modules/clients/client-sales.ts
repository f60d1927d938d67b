/**
 * What selling does to a client, inside the sale's or the refund's own transaction: loyalty
 * points earned, redeemed, reversed and restored; the tier recomputed from rolling spend (a
 * change is an event); the large-cash records (large-cash.ts). Every entry is written before
 * the next is decided, so an expired balance is written off before new points are earned.
 */
import { LoupeError } from '../../errors.ts';
import { clientFigures } from '../../domain/clients.ts';
import { pointsBalance, pointsFor, pointsForTender, pointsToReverse, type LoyaltyRules } from '../../domain/loyalty.ts';
import { tierFor, type TierRules } from '../../domain/tiers.ts';
import type { AppliedTender } from '../../domain/tenders.ts';
import type { Refund } from '../../domain/returns.ts';
import type { Settings } from '../../config/settings-schema.ts';
import type { Db } from '../../store/db.ts';
import type { EventDraft } from '../../store/outbox.ts';
import { clientOfSale, clientPoints, clientSales, findClient, insertPoints, salePoints, updateClientTier } from '../../store/clients.ts';
import { LargeCash, type SaleFacts } from './large-cash.ts';

export interface ClientSalesContext {
  settings: Settings;
  newId: () => string;
}

export class ClientSales {
  readonly #ctx: ClientSalesContext;
  readonly cash: LargeCash;

  constructor(ctx: ClientSalesContext) {
    this.#ctx = ctx;
    this.cash = new LargeCash(ctx.settings, ctx.newId);
  }

  get loyalty(): LoyaltyRules {
    return this.#ctx.settings.clients.loyalty;
  }

  /** The store's tier rules, as settings have them (HQ's settings document sets `clients.tiers`: config/hq-settings.ts); VIP never below Loyal. */
  tierRules(): TierRules {
    const tiers = this.#ctx.settings.clients.tiers;
    return { ...tiers, vipFromMinor: Math.max(tiers.vipFromMinor, tiers.loyalFromMinor) };
  }

  /** Refuses a points tender the client cannot pay (no client, not whole points, balance too low). */
  checkPoints(db: Db, clientId: string | null, tenders: readonly AppliedTender[], now: Date): number {
    const amount = tenders.filter((tender) => tender.kind === 'loyalty').reduce((sum, tender) => sum + tender.applied, 0);
    if (amount === 0) return 0;
    if (!clientId) throw new LoupeError('LOUPE_E_LOYALTY_NO_CLIENT');
    const points = pointsForTender(amount, this.loyalty);
    if (points === null) throw new LoupeError('LOUPE_E_LOYALTY_POINTS_SHORT', { reason: 'points.not_whole', pointValueMinor: this.loyalty.pointValueMinor }, `Points pay in steps of ${this.loyalty.pointValueMinor} minor units.`);
    const { balance } = pointsBalance(clientPoints(db, clientId), now, this.loyalty);
    if (points > balance) throw new LoupeError('LOUPE_E_LOYALTY_POINTS_SHORT', { reason: 'points.short', balance, needed: points });
    return points;
  }

  /** At completion, after the sale row is written: cash records, points redeemed and earned, the tier. */
  saleCompleted(db: Db, clientId: string | null, tenders: readonly AppliedTender[], sale: SaleFacts, now: Date): EventDraft[] {
    const events = this.cash.record(db, clientId, tenders, sale, now);
    const redeemed = this.checkPoints(db, clientId, tenders, now);
    if (!clientId) return events;
    const client = findClient(db, clientId);
    if (!client || client.state !== 'active') throw new LoupeError('LOUPE_E_CLIENT_NOT_FOUND', { clientId });
    const expired = this.#writeOffExpired(db, clientId, sale.at, now);
    if (redeemed > 0) insertPoints(db, { id: this.#ctx.newId(), clientId, at: sale.at, kind: 'redeem', points: -redeemed, saleId: sale.saleId, multiplierPct: null });
    const multiplierPct = this.tierRules().multiplierPct[client.tier];
    const earned = pointsFor(sale.totalMinor, multiplierPct, this.loyalty);
    insertPoints(db, { id: this.#ctx.newId(), clientId, at: sale.at, kind: 'earn', points: earned, saleId: sale.saleId, multiplierPct });
    const balance = pointsBalance(clientPoints(db, clientId), now, this.loyalty).balance;
    return [
      ...events,
      { stream: 'sales', type: 'client.points_changed', schemaVersion: 1, businessKey: `points:${clientId}`, payload: { clientId, saleId: sale.saleId, earned, redeemed, expired, balance } },
      ...this.retier(db, clientId, now),
    ];
  }

  /** After a refund row is written (a return, or an exchange's): points reversed and restored, the tier. */
  refunded(db: Db, saleId: string, refund: Refund, at: string, now: Date): EventDraft[] {
    const clientId = clientOfSale(db, saleId);
    if (!clientId) return [];
    const sale = clientSales(db, clientId).find((candidate) => candidate.saleId === saleId);
    const earnedSoFar = salePoints(db, saleId);
    const reversed = sale && earnedSoFar.multiplierPct !== null ? pointsToReverse(earnedSoFar.points, sale.totalMinor - sale.refundedMinor, earnedSoFar.multiplierPct, this.loyalty) : 0;
    if (reversed > 0) insertPoints(db, { id: this.#ctx.newId(), clientId, at, kind: 'reverse', points: -reversed, saleId, multiplierPct: earnedSoFar.multiplierPct });
    const paidInPoints = refund.tenders.filter((tender) => tender.refundAs === 'loyalty').reduce((sum, tender) => sum + tender.amount, 0);
    const restored = Math.floor(paidInPoints / this.loyalty.pointValueMinor);
    if (restored > 0) insertPoints(db, { id: this.#ctx.newId(), clientId, at, kind: 'restore', points: restored, saleId, multiplierPct: null });
    const balance = pointsBalance(clientPoints(db, clientId), now, this.loyalty).balance;
    return [
      { stream: 'sales', type: 'client.points_changed', schemaVersion: 1, businessKey: `points:${clientId}`, payload: { clientId, saleId, reversed, restored, balance } },
      ...this.retier(db, clientId, now),
    ];
  }

  #writeOffExpired(db: Db, clientId: string, at: string, now: Date): number {
    const { expiring } = pointsBalance(clientPoints(db, clientId), now, this.loyalty);
    if (expiring > 0) insertPoints(db, { id: this.#ctx.newId(), clientId, at, kind: 'expire', points: -expiring, saleId: null, multiplierPct: null });
    return expiring;
  }

  /** Recomputes the client's tier from rolling spend; a change is an HQ event. */
  retier(db: Db, clientId: string, now: Date): EventDraft[] {
    const client = findClient(db, clientId);
    if (!client) return [];
    const rules = this.tierRules();
    const figures = clientFigures(clientSales(db, clientId).map((sale) => ({ at: sale.at, totalMinor: sale.totalMinor, refundedMinor: sale.refundedMinor })), now, rules);
    const tier = tierFor(figures.rollingSpendMinor, rules);
    if (tier === client.tier) return [];
    updateClientTier(db, clientId, tier);
    return [{ stream: 'sales', type: 'client.tier_changed', schemaVersion: 1, businessKey: `tier:${clientId}`, payload: { clientId, from: client.tier, to: tier, rollingSpendMinor: figures.rollingSpendMinor } }];
  }
}
