/** Wire contract of the till: float, cash in/out, no-sale, X and Z reports. Money in minor units. */
import { Type } from 'typebox';
import { Money, Quantity, Text } from './schema-kit.ts';

export const OpenTill = Type.Object({ floatMinor: Money({ description: 'The counted opening float' }) }, { additionalProperties: false });
export const CashMove = Type.Object({ amountMinor: Money({ minimum: 1 }), reason: Text(200) }, { additionalProperties: false });
export const NoSale = Type.Object({ reason: Text(200) }, { additionalProperties: false });
const Count = Type.Array(Type.Object({ denomination: Money({ minimum: 1 }), count: Quantity(100_000) }, { additionalProperties: false }), { maxItems: 40 });
/**
 * The count is keyed by the drawer's currencies and the settled totals by the session's tenders;
 * which keys fit is the till's to say (domain/drawer-count.ts countMismatch), so a key that does not
 * ("usd", "USD ", "zz") is refused as a count that cannot be used, not dropped from the sums.
 */
export const CloseTill = Type.Object(
  {
    counted: Type.Record(Type.String(), Count, { maxProperties: 20, description: 'Cash counted per currency of the drawer (ISO 4217), by denomination in minor units' }),
    settled: Type.Record(Type.String(), Money(), { default: {}, maxProperties: 20, description: 'Non-cash totals as settled (card batch), per tender the session took' }),
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
