/**
 * Stock movements: each is ONE ledger command that moves the piece along its life
 * (domain/piece-status.ts, through `movePiece`), records the movement (who, from where to where,
 * to whom, until when, why) and tells HQ.
 *
 * Transfers between stores: the sending store's piece goes `in_transit` with a transfer id;
 * HQ hands the `transfer.sent` event (it carries the piece) to the receiving store, which takes it
 * in with `receiveTransfer`; HQ then tells the sender (`transferDelivered`: `transferred`). A
 * transfer that never left is cancelled back into stock. Receiving from a vendor is the catalog's
 * `receive` (memo terms on the piece); tagging is `Tagging`.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { ON_HAND, PIECE_MOVES, type CorrectionMove, type PieceMove, type PieceStatus } from '../../domain/piece-status.ts';
import { pieceProblems } from '../../domain/piece.ts';
import type { Db } from '../../store/db.ts';
import type { Change, Ledger } from '../../store/ledger.ts';
import { findPiece, findPieceByCode, insertPiece, movePiece } from '../../store/pieces.ts';
import { insertMovement, movementsOf, outstanding, setLocation, transferSent, type Movement } from '../../store/stock.ts';
import type { NewPiece, Piece } from '../../wire/catalog.ts';
import type { PieceMovementExtras } from '../../wire/events/stock-events.ts';
import { ledgerConflicts } from '../catalog/catalog-service.ts';

export const MOVEMENT_KINDS = [
  'piece.relocated',
  'memo.out',
  'memo.in',
  'piece.returned_to_vendor',
  'piece.marked_missing',
  'piece.marked_found',
  'stock.adjusted',
  'transfer.sent',
  'transfer.cancelled',
  'transfer.delivered',
  'transfer.received',
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export interface MovementsContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  storeId: string;
  currency: string;
}

interface MoveSpec {
  kind: MovementKind;
  move: PieceMove | null;
  location?: string;
  party?: string;
  dueBack?: string;
  transferId?: string;
  reason?: string;
  /** Statuses the movement is allowed from when it changes no status (a relocation). */
  from?: ReadonlySet<PieceStatus>;
  extra?: (piece: Piece) => PieceMovementExtras;
}

export class Movements {
  readonly #ctx: MovementsContext;

  constructor(ctx: MovementsContext) {
    this.#ctx = ctx;
  }

  relocate(pieceId: string, location: string, reason: string | undefined, actor: Actor): Movement {
    return this.#record(pieceId, { kind: 'piece.relocated', move: null, location, from: ON_HAND, ...opt({ reason }) }, actor);
  }

  memoOut(pieceId: string, terms: { party: string; dueBack: string; reason?: string }, actor: Actor): Movement {
    return this.#record(pieceId, { kind: 'memo.out', move: 'memoOut', party: terms.party, dueBack: terms.dueBack, ...opt({ reason: terms.reason }) }, actor);
  }

  memoIn(pieceId: string, location: string | undefined, actor: Actor): Movement {
    return this.#record(pieceId, { kind: 'memo.in', move: 'memoIn', ...opt({ location }) }, actor);
  }

  returnToVendor(pieceId: string, reason: string, actor: Actor): Movement {
    return this.#record(pieceId, { kind: 'piece.returned_to_vendor', move: 'returnToVendor', reason, extra: (piece) => ({ vendor: piece.memoVendor ?? piece.style?.vendor ?? null }) }, actor);
  }

  markMissing(pieceId: string, reason: string, sweepId: string | undefined, actor: Actor): Movement {
    return this.#record(pieceId, { kind: 'piece.marked_missing', move: 'markMissing', reason, extra: () => ({ sweepId: sweepId ?? null }) }, actor);
  }

  markFound(pieceId: string, location: string | undefined, actor: Actor): Movement {
    return this.#record(pieceId, { kind: 'piece.marked_found', move: 'markFound', ...opt({ location }) }, actor);
  }

  /** A manager's correction: a correction move and/or a new location, with the reason. */
  adjust(pieceId: string, change: { move?: CorrectionMove; location?: string; reason: string }, actor: Actor): Movement {
    if (!change.move && !change.location) throw new LoupeError('LOUPE_E_STOCK_ADJUSTMENT_EMPTY');
    return this.#record(pieceId, { kind: 'stock.adjusted', move: change.move ?? null, reason: change.reason, ...opt({ location: change.location }) }, actor);
  }

  sendTransfer(pieceId: string, toStore: string, reason: string | undefined, actor: Actor): Movement {
    if (toStore === this.#ctx.storeId) throw new LoupeError('LOUPE_E_STOCK_TRANSFER_SAME_STORE', { toStore });
    const transferId = this.#ctx.newId();
    return this.#record(pieceId, { kind: 'transfer.sent', move: 'transferOut', party: toStore, transferId, ...opt({ reason }), extra: (piece) => ({ toStore, piece: asNewPiece(piece) }) }, actor);
  }

  cancelTransfer(transferId: string, actor: Actor): Movement {
    const sent = this.#sent(transferId);
    return this.#record(sent.pieceId, { kind: 'transfer.cancelled', move: 'transferCancelled', transferId, location: sent.fromLocation }, actor);
  }

  /** HQ says the receiving store took the piece in: it is no longer this store's. */
  transferDelivered(transferId: string, actor: Actor): Movement {
    const sent = this.#sent(transferId);
    return this.#record(sent.pieceId, { kind: 'transfer.delivered', move: 'transferDelivered', transferId, party: sent.party ?? undefined }, actor);
  }

  /**
   * Takes in a piece another store sent (HQ hands over the sender's `transfer.sent`): a piece this
   * store knows from before (it was transferred away) comes back; a new one is added.
   */
  receiveTransfer(transfer: { transferId: string; fromStore: string; piece: NewPiece; location: string }, actor: Actor): Movement {
    const problems = pieceProblems(transfer.piece);
    if (problems.length > 0) throw new LoupeError('LOUPE_E_API_VALIDATION', { problems }, problems.map((p) => p.reason).join('; '));
    const piece = { ...transfer.piece, location: transfer.location };
    const known = findPieceByCode(this.#ctx.ledger.db, piece.stockNo);
    if (known && known.status !== 'transferred') throw new LoupeError('LOUPE_E_CATALOG_STOCK_NO_TAKEN', { stockNo: piece.stockNo, status: known.status });
    const spec: MoveSpec = { kind: 'transfer.received', move: known ? 'transferIn' : null, transferId: transfer.transferId, party: transfer.fromStore, location: transfer.location };
    if (known) return this.#record(known.id, spec, actor);
    const id = this.#ctx.newId();
    return this.#ctx.ledger.write({ action: spec.kind, actor, target: `piece:${id}` }, (db) => {
      const conflict = ledgerConflicts(db, piece)[0];
      if (conflict) throw new LoupeError(conflict.code, { [conflict.column]: conflict.value });
      insertPiece(db, id, piece, { currency: this.#ctx.currency, at: this.#ctx.now().toISOString(), newId: this.#ctx.newId });
      return this.#change(db, findPiece(db, id) as Piece, { ...spec, from: new Set<PieceStatus>(['in_stock']) }, actor, true);
    }).result;
  }

  history(pieceId: string): Movement[] {
    if (!findPiece(this.#ctx.ledger.db, pieceId)) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id: pieceId });
    return movementsOf(this.#ctx.ledger.db, pieceId);
  }

  /** Pieces sent to other stores and not yet received there. */
  inTransit() {
    return outstanding(this.#ctx.ledger.db, 'in_transit', ['transfer.sent']);
  }

  /** Pieces out on memo, with to whom and until when. */
  onMemo() {
    return outstanding(this.#ctx.ledger.db, 'memo_out', ['memo.out']);
  }

  #sent(transferId: string): Movement {
    const sent = transferSent(this.#ctx.ledger.db, transferId);
    if (!sent) throw new LoupeError('LOUPE_E_STOCK_TRANSFER_NOT_FOUND', { transferId });
    return sent;
  }

  #record(pieceId: string, spec: MoveSpec, actor: Actor): Movement {
    return this.#ctx.ledger.write({ action: spec.kind, actor, target: `piece:${pieceId}`, reason: spec.reason ?? null }, (db) => {
      const piece = findPiece(db, pieceId);
      if (!piece) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id: pieceId });
      return this.#change(db, piece, spec, actor, false);
    }).result;
  }

  /** Inside the write: the move, the location, the movement row and the HQ event. */
  #change(db: Db, piece: Piece, spec: MoveSpec, actor: Actor, isNew: boolean): Change<Movement> {
    const at = this.#ctx.now().toISOString();
    let toStatus: PieceStatus = piece.status;
    if (spec.move) {
      const moved = movePiece(db, piece.id, spec.move, at);
      if (!moved) throw new LoupeError('LOUPE_E_PIECE_MOVE_REFUSED', { stockNo: piece.stockNo, status: piece.status, move: spec.move, allowedFrom: [...PIECE_MOVES[spec.move].from] });
      toStatus = moved.to;
    } else if (spec.from && !spec.from.has(piece.status)) {
      throw new LoupeError('LOUPE_E_PIECE_MOVE_REFUSED', { stockNo: piece.stockNo, status: piece.status, allowedFrom: [...spec.from] });
    }
    const toLocation = spec.location ?? piece.location;
    if (toLocation !== piece.location) setLocation(db, piece.id, toLocation, at);
    const movement: Movement = {
      id: this.#ctx.newId(),
      kind: spec.kind,
      pieceId: piece.id,
      fromStatus: isNew ? 'in_transit' : piece.status,
      toStatus,
      fromLocation: isNew ? '' : piece.location,
      toLocation,
      party: spec.party ?? null,
      dueBack: spec.dueBack ?? null,
      transferId: spec.transferId ?? null,
      reason: spec.reason ?? null,
      at,
      staffId: actor.staff?.staffId ?? null,
      approverId: actor.approver?.staffId ?? null,
    };
    insertMovement(db, movement);
    const payload = { ...movement, stockNo: piece.stockNo, approver: actor.approver?.name ?? null, ...(spec.extra?.(piece) ?? {}) };
    return {
      result: movement,
      before: { status: movement.fromStatus, location: movement.fromLocation },
      after: { status: toStatus, location: toLocation, ...(movement.party ? { party: movement.party } : {}), ...(movement.dueBack ? { dueBack: movement.dueBack } : {}) },
      events: [{ stream: 'stock', type: spec.kind, schemaVersion: 1, businessKey: `piece:${piece.stockNo}`, payload }],
    };
  }
}

/** Only the keys whose value is given (the wire's optional fields). */
function opt<T extends Record<string, string | undefined>>(fields: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: string };
}

/** A piece as another store receives it: its description, codes, stones and terms, not this store's ids. */
export function asNewPiece(piece: Piece): NewPiece {
  const optional = <K extends string, V>(key: K, value: V | null | undefined) => (value === null || value === undefined ? {} : ({ [key]: value } as Record<K, V>));
  return {
    stockNo: piece.stockNo,
    description: piece.description,
    category: piece.category,
    metal: piece.metal,
    fineness: piece.fineness,
    stones: piece.stones,
    costMinor: piece.costMinor ?? 0,
    retailMinor: piece.retailMinor,
    location: piece.location,
    ownership: piece.ownership,
    ...optional('barcode', piece.barcode),
    ...optional('epc', piece.epc),
    ...optional('metalColour', piece.metalColour as NewPiece['metalColour'] | null),
    ...optional('metalWeightUg', piece.metalWeightUg),
    ...optional('totalWeightUg', piece.totalWeightUg),
    ...optional('memoVendor', piece.memoVendor),
    ...optional('memoDueBack', piece.memoDueBack),
    ...optional('style', piece.style),
  };
}
