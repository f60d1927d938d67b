/** Wire contract of what the touchscreen needs beyond the selling API: the store's face and the cash rates. */
import { Type, type Static } from 'typebox';

export const StoreFace = Type.Object({
  id: Type.String(),
  name: Type.String(),
  locale: Type.String({ description: 'BCP 47 locale amounts and dates are shown in' }),
  currency: Type.String({ description: 'ISO 4217 code of the store currency' }),
  timeZone: Type.String(),
});
export type StoreFace = Static<typeof StoreFace>;

export const CashRate = Type.Object({
  currency: Type.String({ description: 'The foreign currency a client may pay cash in' }),
  numerator: Type.Integer({ description: 'Store currency per unit of the foreign one = numerator / denominator (exact)' }),
  denominator: Type.Integer(),
  asOf: Type.String(),
});
export type CashRate = Static<typeof CashRate>;
