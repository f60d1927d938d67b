/** Wire contract of the till: float, cash in/out, no-sale, X and Z reports. Money in minor units. */
import { Type } from 'typebox';
import { Text } from './schema-kit.ts';

export const OpenTill = Type.Object({ floatMinor: Type.Integer({ minimum: 0, description: 'The counted opening float' }) }, { additionalProperties: false });
export const CashMove = Type.Object({ amountMinor: Type.Integer({ minimum: 1 }), reason: Text(200) }, { additionalProperties: false });
export const NoSale = Type.Object({ reason: Text(200) }, { additionalProperties: false });
const Count = Type.Array(Type.Object({ denomination: Type.Integer({ minimum: 1 }), count: Type.Integer({ minimum: 0, maximum: 100_000 }) }, { additionalProperties: false }), { maxItems: 40 });
export const CloseTill = Type.Object(
  {
    counted: Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Count, { description: 'Cash counted per currency, by denomination in minor units' }),
    settled: Type.Record(Type.String(), Type.Integer(), { default: {}, description: 'Non-cash totals as settled (card batch), per tender' }),
  },
  { additionalProperties: false },
);
export const TillSessionView = Type.Object({ id: Type.String(), openedAt: Type.String(), openedBy: Type.String(), currency: Type.String(), floatMinor: Type.Integer() });
export const TillReportView = Type.Object({
  session: TillSessionView,
  tenders: Type.Array(Type.Object({ tender: Type.String(), currency: Type.String(), sales: Type.Integer(), refunds: Type.Integer(), net: Type.Integer() })),
  expectedCash: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer() })),
  noSales: Type.Integer(),
});
export const ZReportView = Type.Object({
  sessionId: Type.String(),
  openedAt: Type.String(),
  closedAt: Type.String(),
  float: Type.Integer(),
  cash: Type.Array(Type.Object({ currency: Type.String(), expected: Type.Integer(), counted: Type.Integer(), overShort: Type.Integer() })),
  settled: Type.Array(Type.Object({ tender: Type.String(), expected: Type.Integer(), counted: Type.Integer(), overShort: Type.Integer() })),
  noSales: Type.Integer(),
});
