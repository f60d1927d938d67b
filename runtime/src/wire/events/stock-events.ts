/**
 * Payloads of the `stock` stream: pieces received, repriced, photographed and tagged, bulk stock,
 * RFID sweeps and their accuracy, signed daily counts, and every movement of a piece (memo,
 * transfers, corrections). Movements share one shape, `PieceMoved`; the catalog lists their kinds.
 */
import { Type, type Static } from 'typebox';
import { COUNT_KINDS } from '../../domain/daily-count.ts';
import { PIECE_STATUSES } from '../../domain/piece-status.ts';
import { UNEXPECTED_REASONS } from '../../domain/sweep-reconcile.ts';
import { PHOTO_TYPES } from '../../domain/image-type.ts';
import { StringEnum } from '../schema-kit.ts';
import { NewPiece, Piece } from '../catalog.ts';
import { BulkItem } from '../bulk.ts';
import { CLOSED, Nullable } from './event-parts.ts';

/** `piece.received`: the piece as the catalog now has it, cost included. */
export const PieceReceived = Piece;

export const PieceRepriced = Type.Object(
  { pieceId: Type.String(), stockNo: Type.String(), fromMinor: Type.Integer(), toMinor: Type.Integer(), currency: Type.String(), reason: Type.String() },
  CLOSED,
);

export const PiecePhotoAdded = Type.Object(
  { pieceId: Type.String(), stockNo: Type.String(), position: Type.Integer(), sha256: Type.String(), contentType: StringEnum(PHOTO_TYPES), bytes: Type.Integer() },
  CLOSED,
);

export const CatalogImportEmpty = Type.Object({ file: Type.String(), skipped: Type.Integer({ description: 'Rows refused' }) }, CLOSED);

export const PieceTagged = Type.Object(
  {
    pieceId: Type.String(),
    stockNo: Type.String(),
    epc: Type.String(),
    retiredEpc: Nullable(Type.String({ description: 'The EPC the piece carried before' })),
    tagWasCarrying: Type.String({ description: 'The EPC the tag answered with before it was written' }),
  },
  CLOSED,
);

/** `bulk.added`: the item as the catalog now has it. */
export const BulkAdded = BulkItem;

const BulkChange = { sku: Type.String(), delta: Type.Integer(), quantity: Type.Integer({ description: 'Units on hand after the change' }) };
export const BulkReceived = Type.Object({ ...BulkChange, reference: Nullable(Type.String()) }, CLOSED);
export const BulkCounted = Type.Object({ ...BulkChange, counted: Type.Integer(), onHandBefore: Type.Integer(), reason: Type.String() }, CLOSED);
/** `bulk.received` and `bulk.counted` come from one writer (modules/catalog/bulk-stock-service.ts): either shape. */
export const BulkQuantityChanged = Type.Union([BulkReceived, BulkCounted]);
/** What a receipt or a count adds to the quantity change. */
export type BulkChangeDetails = Omit<Static<typeof BulkReceived>, keyof typeof BulkChange> | Omit<Static<typeof BulkCounted>, keyof typeof BulkChange>;

// --- sweeps and counts (accuracy in basis points, 9950 = 99.50 %)

const Bp = Nullable(Type.Integer({ minimum: 0, maximum: 10_000, description: 'Basis points: 9950 = 99.50 %' }));

export const SweepStarted = Type.Object(
  {
    sweepId: Type.String(),
    scope: Nullable(Type.String()),
    readers: Type.Array(Type.String()),
    recountOf: Nullable(Type.String()),
    expected: Type.Integer({ description: 'Tagged pieces expected' }),
    startedBy: Nullable(Type.String({ description: 'The name of who started it' })),
  },
  CLOSED,
);

/** `sweep.cancelled` and `sweep.abandoned` (the appliance restarted during the count; its reads were in memory and are lost). */
export const SweepEnded = Type.Object({ sweepId: Type.String(), at: Type.String(), why: Type.String() }, CLOSED);

export const SweepFinished = Type.Object(
  {
    sweepId: Type.String(),
    scope: Nullable(Type.String()),
    startedAt: Type.String(),
    endedAt: Type.String(),
    reads: Type.Integer(),
    tags: Type.Integer(),
    counts: Type.Object(
      { expected: Type.Integer(), found: Type.Integer(), missing: Type.Integer(), away: Type.Integer(), untagged: Type.Integer(), changed: Type.Integer(), unexpected: Type.Integer() },
      CLOSED,
    ),
    accuracyBp: Bp,
    byLocation: Type.Array(Type.Object({ location: Type.String(), expected: Type.Integer(), found: Type.Integer(), accuracyBp: Bp }, CLOSED)),
    missing: Type.Array(Type.Object({ pieceId: Type.String(), stockNo: Type.String(), location: Type.String(), status: StringEnum(PIECE_STATUSES) }, CLOSED), { maxItems: 500 }),
    unexpected: Type.Array(Type.Object({ epc: Type.String(), reason: StringEnum(UNEXPECTED_REASONS), stockNo: Nullable(Type.String()) }, CLOSED), { maxItems: 500 }),
  },
  CLOSED,
);
export type SweepFinished = Static<typeof SweepFinished>;

const StaffName = Type.Object({ staffId: Type.String(), name: Type.String() }, CLOSED);
export const CountSigned = Type.Object(
  {
    id: Type.String(),
    kind: StringEnum(COUNT_KINDS),
    showcase: Type.String(),
    businessDate: Type.String(),
    sweepId: Nullable(Type.String()),
    expected: Type.Integer(),
    counted: Type.Integer(),
    discrepancy: Type.Object(
      { short: Type.Array(Type.String(), { maxItems: 500 }), over: Type.Array(Type.String(), { maxItems: 500 }), shortBy: Type.Integer(), overBy: Type.Integer() },
      CLOSED,
    ),
    countedBy: StaffName,
    managerNote: Nullable(Type.String()),
    approvedBy: Nullable(StaffName),
    signedAt: Type.String(),
  },
  CLOSED,
);

// --- movements

/** What a movement adds for some kinds only. */
export const PieceMovementExtras = {
  vendor: Type.Optional(Nullable(Type.String({ description: 'piece.returned_to_vendor: the memo vendor or the style’s vendor' }))),
  sweepId: Type.Optional(Nullable(Type.String({ description: 'piece.marked_missing: the sweep that missed it' }))),
  toStore: Type.Optional(Type.String({ description: 'transfer.sent: the receiving store' })),
  piece: Type.Optional(NewPiece),
};
const MovementExtras = Type.Object(PieceMovementExtras);
export type PieceMovementExtras = Static<typeof MovementExtras>;

/**
 * Every movement of a piece: who moved it from which status and place to which, to whom
 * (`party`: memo client, vendor, store), until when, and why. transfer.sent carries the piece as
 * the receiving store takes it in; for transfer.received `party` is the sending store.
 */
export const PieceMoved = Type.Object(
  {
    id: Type.String(),
    kind: Type.String({ description: 'The event type again: piece.relocated, memo.out…' }),
    pieceId: Type.String(),
    stockNo: Type.String(),
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
    approver: Nullable(Type.String({ description: 'The name of who vouched for it' })),
    ...PieceMovementExtras,
  },
  CLOSED,
);
