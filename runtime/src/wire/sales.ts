/** Wire contract of selling: carts, discounts, tenders, completion, parking. Money in minor units. */
import { Type, type Static } from 'typebox';
import { TENDER_KINDS } from '../domain/tenders.ts';
import { METALS } from '../domain/piece.ts';
import { STORED_VALUE_KINDS } from '../domain/stored-value.ts';
import { Money, Quantity, StringEnum, Text } from './schema-kit.ts';

export const CartParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });
export const CartLineParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 64 }), lineId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export const AddLine = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 64, description: 'Stock no., barcode, EPC or certificate no. of a piece, or item no./barcode of bulk stock, as scanned' }),
    quantity: Quantity(999, { minimum: 1, default: 1, description: 'Units of a bulk item; a piece is always 1' }),
  },
  { additionalProperties: false },
);
export const LineQuantity = Type.Object({ quantity: Quantity(999, { minimum: 1 }) }, { additionalProperties: false });
export const DiscountBody = Type.Object(
  {
    discount: Type.Union([
      Type.Object({ kind: Type.Literal('amount'), minor: Money({ minimum: 1 }) }, { additionalProperties: false }),
      Type.Object({ kind: Type.Literal('percent'), bps: Type.Integer({ minimum: 1, maximum: 10_000, description: '1000 = 10 %' }) }, { additionalProperties: false }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);
/** What the client traded in, as the clerk appraised it; needed with a trade_in tender. */
export const TradeIn = Type.Object(
  {
    description: Text(120, { description: 'e.g. "14k yellow gold wedding band, worn"' }),
    metal: Type.Optional(StringEnum(METALS)),
    fineness: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    weightUg: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000_000, description: 'Weighed on the counter scale, in micrograms' })),
  },
  { additionalProperties: false },
);
export type TradeIn = Static<typeof TradeIn>;

export const TenderBody = Type.Object(
  {
    kind: StringEnum(TENDER_KINDS),
    amountMinor: Money({ minimum: 1 }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Card authorization, gift card or credit note number' })),
    tradeIn: Type.Optional(TradeIn),
  },
  { additionalProperties: false },
);
export const ExchangeBody = Type.Object(
  {
    receiptNo: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{6}$', description: 'The receipt of the pieces coming back' }),
    lines: Type.Array(Type.Object({ lineId: Type.String({ minLength: 1, maxLength: 64 }), quantity: Quantity(999, { minimum: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
  },
  { additionalProperties: false },
);
export const CardBody = Type.Object({ amountMinor: Money({ minimum: 1, description: 'The part of the sale to pay by card' }) }, { additionalProperties: false });
export const VoidBody = Type.Object({ reason: Text(200) }, { additionalProperties: false });
export const ParkBody = Type.Object({ label: Text(80, { description: 'Who or what the sale is waiting for' }) }, { additionalProperties: false });

const Line = Type.Object({
  lineId: Type.String(),
  kind: StringEnum(['piece', 'bulk', 'gift_card'] as const, { description: 'A serialized piece, units of a bulk item, or a gift card being sold' }),
  stockNo: Type.String({ description: 'Stock no. of the piece, or item no. of the bulk item' }),
  description: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  unitMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  taxMinor: Type.Integer(),
  totalMinor: Type.Integer(),
});
export const CartView = Type.Object({
  id: Type.String(),
  currency: Type.String(),
  lines: Type.Array(Line),
  subtotalMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  taxMinor: Type.Integer(),
  totalMinor: Type.Integer(),
  paidMinor: Type.Integer(),
  remainingMinor: Type.Integer(),
  changeMinor: Type.Integer(),
  tenders: Type.Array(Type.Object({ kind: Type.String(), tenderedMinor: Type.Integer(), currency: Type.String(), appliedMinor: Type.Integer(), rate: Type.Union([Type.String(), Type.Null()]) })),
  approver: Type.Union([Type.String(), Type.Null()]),
  clientId: Type.Union([Type.String(), Type.Null()], { description: 'The client the sale is for' }),
  droppedStockNos: Type.Optional(Type.Array(Type.String())),
});
export const Completed = Type.Object({ receiptNo: Type.String(), saleId: Type.String(), sale: CartView });
export const Parked = Type.Object({ id: Type.String(), parkedAt: Type.String(), staffId: Type.String(), label: Type.String() });

export const ReceiptParams = Type.Object({ receiptNo: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{6}$', description: 'As printed and in the receipt barcode: store-till-number' }) }, { additionalProperties: false });
export const RefundBody = Type.Object(
  { lines: Type.Array(Type.Object({ lineId: Type.String({ minLength: 1, maxLength: 64 }), quantity: Quantity(999, { minimum: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }) },
  { additionalProperties: false },
);
export const ReceiptLookup = Type.Object({
  receiptNo: Type.String(),
  completedAt: Type.String(),
  totalMinor: Type.Integer(),
  currency: Type.String(),
  lines: Type.Array(
    Type.Object({
      lineId: Type.String(),
      stockNo: Type.String(),
      description: Type.String(),
      totalMinor: Type.Integer(),
      returnableQuantity: Type.Integer(),
      refundMinor: Type.Integer(),
      refusal: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export const RefundDone = Type.Object({
  refundNo: Type.String(),
  amountMinor: Type.Integer(),
  tenders: Type.Array(Type.Object({ kind: Type.String(), refundAs: Type.String(), amountMinor: Type.Integer() })),
});

export const GiftCardBody = Type.Object({ amountMinor: Money({ minimum: 100, maximum: 10_000_000, description: 'The card’s value' }) }, { additionalProperties: false });
export const BalanceParams = Type.Object({ number: Type.String({ pattern: '^[0-9]{16}$', description: 'Gift card (6…) or credit note (7…) number, 16 digits' }) }, { additionalProperties: false });
export const Balance = Type.Object({ number: Type.String(), kind: StringEnum(STORED_VALUE_KINDS), currency: Type.String(), balanceMinor: Type.Integer(), issuedAt: Type.String() });
