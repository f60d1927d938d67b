/** Wire contract for stock control: tags, sweeps and accuracy, daily counts, movements. */
import { Type, type Static } from 'typebox';
import { COUNT_KINDS } from '../domain/daily-count.ts';
import { CORRECTION_MOVES, PIECE_STATUSES } from '../domain/piece-status.ts';
import { UNEXPECTED_REASONS } from '../domain/sweep-reconcile.ts';
import { NewPiece, Piece } from './catalog.ts';
import { PageLimit, Quantity, StringEnum, Text } from './schema-kit.ts';

const Location = Text(40, { description: 'Showcase or tray path, e.g. "Case 3" or "Case 3 / Tray B"' });
const Reason = Text(200);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Bp = Nullable(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Basis points: 9950 = 99.50 %' }));

export const Tagged = Type.Object({ piece: Piece, epc: Type.String(), retiredEpc: Nullable(Type.String()) });

// --- sweeps

export const SweepStart = Type.Object(
  {
    scope: Type.Optional(Location),
    readers: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { minItems: 1, maxItems: 8, uniqueItems: true, default: ['rfid-handheld'], description: 'The handhelds whose reads count for this sweep' }),
    recountOf: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Recount only the pieces this finished sweep missed' })),
  },
  { additionalProperties: false },
);
export type SweepStart = Static<typeof SweepStart>;

export const SweepRow = Type.Object({
  id: Type.String(),
  scope: Nullable(Type.String()),
  readers: Type.Array(Type.String()),
  recountOf: Nullable(Type.String()),
  state: StringEnum(['open', 'finished', 'cancelled', 'abandoned'] as const),
  startedAt: Type.String(),
  startedBy: Nullable(Type.String()),
  endedAt: Nullable(Type.String()),
  expected: Nullable(Type.Integer()),
  found: Nullable(Type.Integer()),
  missing: Nullable(Type.Integer()),
  unexpected: Nullable(Type.Integer()),
  accuracyBp: Bp,
});

export const SweepProgress = Type.Object({
  sweepId: Type.String(),
  reads: Type.Integer(),
  tags: Type.Integer(),
  found: Type.Integer(),
  expected: Type.Integer(),
  unexpected: Type.Integer(),
  byLocation: Type.Array(Type.Object({ location: Type.String(), found: Type.Integer(), expected: Type.Integer() })),
});

const PieceLine = Type.Object({
  pieceId: Type.String(),
  stockNo: Type.String(),
  description: Type.String(),
  epc: Nullable(Type.String()),
  location: Type.String(),
  status: StringEnum(PIECE_STATUSES),
});

const LocationAccuracy = Type.Object({ location: Type.String(), expected: Type.Integer(), found: Type.Integer(), accuracyBp: Bp });

export const Reconciliation = Type.Object({
  found: Type.Array(PieceLine),
  missing: Type.Array(PieceLine, { description: 'In stock here, tagged, not seen: photo, description and last known location come from the piece' }),
  away: Type.Array(PieceLine, { description: 'In repair, on memo, in transit, reserved or on layaway: listed apart, not missing' }),
  untagged: Type.Array(PieceLine, { description: 'In stock here without a tag: look for them by eye' }),
  changed: Type.Array(PieceLine, { description: 'Moved while the sweep was open (sold, sent, received)' }),
  unexpected: Type.Array(
    Type.Object({
      epc: Type.String(),
      reason: StringEnum(UNEXPECTED_REASONS),
      piece: Nullable(PieceLine),
      reads: Type.Integer(),
      bestRssi: Nullable(Type.Number()),
      readers: Type.Array(Type.String()),
    }),
  ),
  ignoredTags: Type.Integer(),
  byLocation: Type.Array(LocationAccuracy),
  overall: LocationAccuracy,
});

export const SweepView = Type.Object({ sweep: SweepRow, progress: Nullable(SweepProgress), result: Nullable(Reconciliation) });

export const SweepList = Type.Object({ limit: PageLimit(200, 50) }, { additionalProperties: false });

export const AccuracyQuery = Type.Object(
  { location: Type.Optional(Location), limit: PageLimit(365, 30) },
  { additionalProperties: false },
);
export const AccuracyPoint = Type.Object({ sweepId: Type.String(), endedAt: Type.String(), location: Type.String(), expected: Type.Integer(), found: Type.Integer(), accuracyBp: Bp });

// --- daily counts

export const CountSign = Type.Object(
  {
    kind: StringEnum(COUNT_KINDS),
    showcase: Location,
    sweepId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'A finished sweep of exactly this showcase (RFID count)' })),
    counted: Type.Optional(Quantity(100_000, { description: 'Pieces counted by hand' })),
    managerNote: Type.Optional(Text(500, { description: 'Needed when the count does not match; with a manager’s approval (X-Loupe-Approval)' })),
  },
  { additionalProperties: false },
);
export type CountSign = Static<typeof CountSign>;

const StaffName = Type.Object({ staffId: Type.String(), name: Type.String() });
export const DailyCount = Type.Object({
  id: Type.String(),
  kind: StringEnum(COUNT_KINDS),
  showcase: Type.String(),
  businessDate: Type.String(),
  sweepId: Nullable(Type.String()),
  expected: Type.Integer(),
  counted: Type.Integer(),
  discrepancy: Type.Object({ short: Type.Array(Type.String()), over: Type.Array(Type.String()), shortBy: Type.Integer(), overBy: Type.Integer() }),
  countedBy: StaffName,
  managerNote: Nullable(Type.String()),
  approvedBy: Nullable(StaffName),
  signedAt: Type.String(),
});
export const CountsQuery = Type.Object({ date: Type.Optional(Type.String({ format: 'date', description: 'Business day, YYYY-MM-DD; today by default' })) }, { additionalProperties: false });

// --- movements

export const Movement = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  pieceId: Type.String(),
  fromStatus: StringEnum(PIECE_STATUSES),
  toStatus: StringEnum(PIECE_STATUSES),
  fromLocation: Type.String(),
  toLocation: Type.String(),
  party: Nullable(Type.String()),
  dueBack: Nullable(Type.String()),
  transferId: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  at: Type.String(),
  staffId: Nullable(Type.String()),
  approverId: Nullable(Type.String()),
});
export const OutstandingMovement = Type.Intersect([Movement, Type.Object({ stockNo: Type.String(), description: Type.String() })]);

export const Relocate = Type.Object({ location: Location, reason: Type.Optional(Reason) }, { additionalProperties: false });
export const MemoOut = Type.Object(
  { party: Text(80, { description: 'Client or dealer the piece goes to on approval' }), dueBack: Type.String({ format: 'date' }), reason: Type.Optional(Reason) },
  { additionalProperties: false },
);
export const BackInStock = Type.Object({ location: Type.Optional(Location) }, { additionalProperties: false });
export const WithReason = Type.Object({ reason: Reason }, { additionalProperties: false });
export const MarkMissing = Type.Object({ reason: Reason, sweepId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) }, { additionalProperties: false });
export const Adjust = Type.Object(
  { move: Type.Optional(StringEnum(CORRECTION_MOVES, { description: 'A correction: never a sale, return, reservation, layaway or transfer' })), location: Type.Optional(Location), reason: Reason },
  { additionalProperties: false },
);
const StoreId = Type.String({ pattern: '^[0-9]{4}$' });
export const TransferSend = Type.Object({ pieceId: Type.String({ minLength: 1, maxLength: 64 }), toStore: StoreId, reason: Type.Optional(Reason) }, { additionalProperties: false });
export const TransferReceive = Type.Object(
  {
    transferId: Type.String({ minLength: 1, maxLength: 64 }),
    fromStore: StoreId,
    piece: NewPiece,
    location: Location,
  },
  { additionalProperties: false, description: 'The piece of the sending store’s transfer.sent event, as HQ hands it over' },
);
