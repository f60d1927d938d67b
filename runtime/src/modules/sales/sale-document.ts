/**
 * The sale as a document: kept whole in the ledger beside its rows, sent to HQ, and what returns
 * are decided from. Its shape is the event catalog's `SaleCompleted` (wire/events/sales-events.ts).
 */
import type { PricedCart } from '../../domain/cart-pricing.ts';
import type { Settlement } from '../../domain/tenders.ts';
import type { SaleCompleted } from '../../wire/events/sales-events.ts';
import type { OpenCart } from './cart-book.ts';

/** What the sale is linked to: the return it was an exchange for, and the client. */
export type SaleLinks = Pick<SaleCompleted, 'exchange' | 'clientId'>;

/** The sale as kept in the ledger and sent to HQ; returns are decided from it. */
export function saleDocument(saleId: string, receiptNo: string, at: string, cart: OpenCart, priced: PricedCart, settlement: Settlement, giftCards: ReadonlyMap<string, string>, links: SaleLinks): SaleCompleted {
  return {
    saleId,
    receiptNo,
    completedAt: at,
    staffId: cart.staffId,
    currency: priced.currency,
    taxMode: priced.taxMode,
    lines: priced.lines.map((line, index) => {
      const item = cart.items[index]!;
      return {
        lineId: line.lineId,
        pieceId: item.pieceId,
        bulkItemId: item.bulkItemId ?? null,
        ...(item.giftCard ? { giftCardNumber: giftCards.get(item.lineId) ?? null, finalSale: true } : {}),
        stockNo: item.stockNo,
        description: item.description,
        facts: item.facts,
        quantity: line.quantity,
        unitMinor: item.unitPrice,
        discountMinor: line.discount,
        taxRate: line.taxRate,
        taxMinor: line.tax,
        totalMinor: line.total,
      };
    }),
    subtotalMinor: priced.subtotal,
    discountMinor: priced.discount,
    taxMinor: priced.tax,
    totalMinor: priced.total,
    tenders: settlement.tenders.map((tender, index) => ({
      tenderId: tender.tenderId,
      reference: cart.tenders[index]?.reference ?? null,
      ...(cart.tenders[index]?.tradeIn ? { tradeIn: cart.tenders[index]?.tradeIn } : {}),
      kind: tender.kind,
      tenderedMinor: tender.tendered.minor,
      tenderedCurrency: tender.tendered.currency,
      appliedMinor: tender.applied,
      rate: tender.rate?.rate ?? null,
    })),
    changeMinor: settlement.change,
    roundingMinor: settlement.rounding,
    exchange: links.exchange,
    clientId: links.clientId,
  };
}
