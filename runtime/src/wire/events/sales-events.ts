/**
 * Payloads of the `sales` stream's selling events: the sale document (`SaleCompleted`, the one
 * shape the ledger keeps, HQ receives and returns, receipts and certificates are read from), refunds,
 * voids, parking and overrides, and card payments as the ledger records them.
 */
import { Type, type Static } from 'typebox';
import { TENDER_KINDS } from '../../domain/tenders.ts';
import { StringEnum } from '../schema-kit.ts';
import { TradeIn } from '../sales.ts';
import { CardPayment } from '../payments.ts';
import { CLOSED, JsonValue, Nullable } from './event-parts.ts';

/** What a receipt and a certificate of sale say about a piece, fixed at the moment of sale. */
export const SoldPieceFacts = Type.Object(
  {
    metal: Type.String(),
    fineness: Type.Integer(),
    karat: Nullable(Type.Integer()),
    metalWeightUg: Nullable(Type.Integer()),
    stones: Type.Array(
      Type.Object(
        { type: Type.String(), count: Type.Integer(), weightUg: Type.Integer(), colour: Type.Optional(Type.String()), clarity: Type.Optional(Type.String()), cut: Type.Optional(Type.String()) },
        CLOSED,
      ),
    ),
    certificates: Type.Array(Type.Object({ lab: Type.String(), reportNo: Type.String() }, CLOSED)),
  },
  CLOSED,
);

export const SaleLine = Type.Object(
  {
    lineId: Type.String(),
    pieceId: Nullable(Type.String({ description: 'The serialized piece sold; null for bulk stock and gift cards' })),
    bulkItemId: Nullable(Type.String({ description: 'The bulk item whose units were sold' })),
    giftCardNumber: Type.Optional(Nullable(Type.String({ description: 'Only on a gift card line: the card issued' }))),
    finalSale: Type.Optional(Type.Boolean({ description: 'Only on a gift card line: never returned' })),
    stockNo: Type.String(),
    description: Type.String(),
    facts: Nullable(SoldPieceFacts),
    quantity: Type.Integer({ minimum: 1 }),
    unitMinor: Type.Integer(),
    discountMinor: Type.Integer(),
    taxRate: Type.Integer({ description: 'Basis points: 825 = 8.25 %' }),
    taxMinor: Type.Integer(),
    totalMinor: Type.Integer(),
  },
  CLOSED,
);
export type SaleLine = Static<typeof SaleLine>;

export const SaleTender = Type.Object(
  {
    tenderId: Type.String(),
    reference: Nullable(Type.String({ description: 'Card authorization, gift card or credit note number' })),
    tradeIn: Type.Optional(TradeIn),
    kind: StringEnum(TENDER_KINDS),
    tenderedMinor: Type.Integer({ description: 'As tendered, in minor units of tenderedCurrency' }),
    tenderedCurrency: Type.String(),
    appliedMinor: Type.Integer({ description: 'The part kept for the sale, in minor units of the sale currency' }),
    rate: Nullable(Type.String({ description: 'Sale currency per unit of tenderedCurrency, for foreign cash' })),
  },
  CLOSED,
);
export type SaleTender = Static<typeof SaleTender>;

/** The sale document: kept whole in the ledger beside its rows (sales.document), sent to HQ as `sale.completed`. */
export const SaleCompleted = Type.Object(
  {
    saleId: Type.String(),
    receiptNo: Type.String({ description: 'store-till-number, e.g. 0042-01-000981' }),
    completedAt: Type.String(),
    staffId: Type.String(),
    currency: Type.String(),
    taxMode: StringEnum(['inclusive', 'exclusive'] as const),
    lines: Type.Array(SaleLine),
    subtotalMinor: Type.Integer(),
    discountMinor: Type.Integer(),
    taxMinor: Type.Integer(),
    totalMinor: Type.Integer(),
    tenders: Type.Array(SaleTender),
    changeMinor: Type.Integer(),
    roundingMinor: Type.Integer(),
    exchange: Nullable(Type.Object({ receiptNo: Type.String(), refundNo: Type.String() }, { ...CLOSED, description: 'The return this sale was an exchange for' })),
    clientId: Nullable(Type.String()),
  },
  CLOSED,
);
export type SaleCompleted = Static<typeof SaleCompleted>;

export const SaleRefunded = Type.Object(
  {
    refundNo: Type.String(),
    receiptNo: Type.String(),
    saleId: Type.String(),
    creditNote: Nullable(Type.String({ description: 'The credit note issued for what went back as store credit' })),
    currency: Type.String(),
    lines: Type.Array(Type.Object({ lineId: Type.String(), quantity: Type.Integer(), amount: Type.Integer(), tax: Type.Integer() }, CLOSED)),
    amount: Type.Integer(),
    tax: Type.Integer(),
    rounding: Type.Integer(),
    exchangeCredit: Type.Integer({ description: 'The part kept as credit towards an exchange’s new sale' }),
    tenders: Type.Array(
      Type.Object({ tenderId: Type.String(), kind: StringEnum(TENDER_KINDS), refundAs: StringEnum(['card', 'loyalty', 'store_credit', 'cash'] as const), amount: Type.Integer() }, CLOSED),
    ),
  },
  CLOSED,
);
export type SaleRefunded = Static<typeof SaleRefunded>;

const CartSnapshot = {
  cartId: Type.String(),
  stockNos: Type.Array(Type.String()),
  totalMinor: Type.Integer(),
  currency: Type.String(),
  tenders: Type.Integer({ description: 'How many payments were on it' }),
};
export const SaleVoided = Type.Object({ ...CartSnapshot, reason: Type.String() }, CLOSED);
export const SaleParked = Type.Object({ ...CartSnapshot, label: Type.String() }, CLOSED);
export const SaleResumed = Type.Object({ cartId: Type.String() }, CLOSED);

/** A manager's override on an open sale, with what was approved (a reserved piece's stockNo, the pricing approvals, the trade-in). */
export const SaleOverrideApproved = Type.Object(
  {
    cartId: Type.String(),
    approverId: Type.String(),
    reason: Type.String({ description: 'sale.discount_over_limit, sale.sell_reserved or sale.trade_in' }),
  },
  { additionalProperties: JsonValue },
);

/** Every card_payment.* event: the payment as it now is (the card only by brand and masked number). */
export const CardPaymentRecorded = CardPayment;
