/**
 * Payloads of the `cash` stream: the till session (opened, money in and out, no-sale, the drawer,
 * the Z report) and large-cash compliance (the Form 8300 record when one is due, and its filing).
 */
import { Type } from 'typebox';
import { CASH_INSTRUMENTS } from '../../domain/cash-compliance.ts';
import { StringEnum } from '../schema-kit.ts';
import { Address, IDENTITY_DOCUMENTS } from '../clients.ts';
import { CLOSED, Nullable } from './event-parts.ts';

export const TillOpened = Type.Object(
  { id: Type.String(), openedAt: Type.String(), openedBy: Type.String(), currency: Type.String(), floatMinor: Type.Integer() },
  CLOSED,
);

/** `cash.cash_in`, `cash.cash_out`, `cash.no_sale`: one movement of the drawer, signed (into the till positive). */
export const CashMoved = Type.Object(
  {
    id: Type.String(),
    sessionId: Type.String(),
    at: Type.String(),
    staffId: Nullable(Type.String()),
    kind: StringEnum(['cash_in', 'cash_out', 'no_sale'] as const),
    tender: Type.String(),
    currency: Type.String(),
    amount: Type.Integer(),
    reason: Nullable(Type.String()),
    reference: Nullable(Type.String()),
  },
  CLOSED,
);

/** The drawer opened: `expected` is whether a command asked for it (false: the key or the release lever). */
export const DrawerOpened = Type.Object(
  { staffId: Nullable(Type.String()), why: Type.String(), expected: Type.Boolean(), at: Type.String() },
  CLOSED,
);
export const DrawerLeftOpen = Type.Object({ staffId: Nullable(Type.String()), why: Type.String(), openForMs: Type.Integer() }, CLOSED);
/** `cash.drawer_opened` and `cash.drawer_left_open` come from one writer (modules/devices/): either shape. */
export const DrawerEvent = Type.Union([DrawerOpened, DrawerLeftOpen]);

export const ZReport = Type.Object(
  {
    sessionId: Type.String(),
    openedAt: Type.String(),
    closedAt: Type.String(),
    float: Type.Integer(),
    tenders: Type.Array(Type.Object({ tender: Type.String(), currency: Type.String(), sales: Type.Integer(), refunds: Type.Integer(), net: Type.Integer() }, CLOSED)),
    cash: Type.Array(Type.Object({ currency: Type.String(), expected: Type.Integer(), counted: Type.Integer(), overShort: Type.Integer() }, CLOSED)),
    settled: Type.Array(Type.Object({ tender: Type.String(), expected: Type.Integer(), counted: Type.Integer(), overShort: Type.Integer() }, CLOSED)),
    noSales: Type.Integer(),
  },
  CLOSED,
);

const Form8300Client = Type.Object(
  {
    clientId: Type.String(),
    name: Type.Object({ given: Type.String(), family: Type.String() }, CLOSED),
    taxpayerId: Nullable(Type.String()),
    address: Nullable(Address),
    dateOfBirth: Type.String(),
    occupation: Nullable(Type.String()),
    identityDocument: Type.Object({ kind: StringEnum(IDENTITY_DOCUMENTS), issuer: Type.String(), number: Type.String() }, CLOSED),
    verifiedBy: Type.Object({ staffId: Type.String(), name: Type.String() }, CLOSED),
    verifiedAt: Type.String(),
  },
  CLOSED,
);

/** `compliance.form8300_due`: every field Form 8300 asks for, to file by `fileBy`. */
export const Form8300Due = Type.Object(
  {
    reportId: Type.String(),
    form: Type.String({ description: 'FinCEN/IRS Form 8300' }),
    fileBy: Type.String(),
    currency: Type.String(),
    client: Form8300Client,
    sale: Type.Object(
      {
        receiptNo: Type.String(),
        dateCashReceived: Type.String(),
        totalCashMinor: Type.Integer(),
        totalCash: Type.String({ description: 'The same amount as decimal text, as the form takes it' }),
        totalPriceMinor: Type.Integer(),
        cashByInstrument: Type.Object(Object.fromEntries(CASH_INSTRUMENTS.map((instrument) => [instrument, Type.Integer()])), CLOSED),
        kind: Type.String({ description: 'jewelry' }),
        description: Type.String(),
      },
      CLOSED,
    ),
    multiplePayments: Type.Boolean(),
    priorPayments: Type.Array(Type.Object({ paymentId: Type.String(), saleId: Type.String(), at: Type.String(), amountMinor: Type.Integer() }, CLOSED)),
    fields: Type.Array(Type.String({ description: 'The identity fields the form needed' })),
  },
  CLOSED,
);

export const Form8300Filed = Type.Object({ reportId: Type.String(), reference: Type.String({ description: 'The BSA E-Filing reference' }), filedAt: Type.String() }, CLOSED);
