/** Wire contract of card payments as the ledger keeps them (modules/payments/): the counter's list of open and recovered payments. */
import { Type, type Static } from 'typebox';
import { StringEnum } from './schema-kit.ts';

export const CARD_PAYMENT_STATES = ['requested', 'approved', 'unknown', 'declined', 'cancelled', 'captured', 'reversed'] as const;

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const CardPayment = Type.Object({
  id: Type.String(),
  serviceId: Type.String({ description: 'The nexo ServiceID of the payment request' }),
  transactionId: Type.String({ description: 'Our nexo SaleTransactionID' }),
  purpose: StringEnum(['sale'] as const),
  purposeRef: Type.String({ description: 'For a sale: the cart' }),
  amountMinor: Type.Integer(),
  currency: Type.String(),
  state: StringEnum(CARD_PAYMENT_STATES, { description: 'requested, approved and unknown are open: the terminal may hold money no completed sale took' }),
  requestedAt: Type.String(),
  staffId: Nullable(Type.String()),
  terminalRef: Nullable(Type.String({ description: 'The terminal’s POI transaction id' })),
  terminalAt: Nullable(Type.String({ description: 'The terminal’s time stamp of that id' })),
  approvalCode: Nullable(Type.String()),
  maskedPan: Nullable(Type.String()),
  brand: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  settledRef: Nullable(Type.String({ description: 'The receipt no. that captured it' })),
  settledAt: Nullable(Type.String()),
  note: Nullable(Type.String()),
  recovered: Type.Boolean({ description: 'Settled after a restart (reversed, or found declined), not at the counter: tell the client, take the card again' }),
});
export type CardPayment = Static<typeof CardPayment>;

export const CardPaymentQuery = Type.Object(
  {
    show: Type.Optional(StringEnum(['all', 'open', 'recovered'] as const, { default: 'all', description: 'open: not yet captured by a sale or reversed; recovered: settled by this start after the appliance stopped with them open' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
