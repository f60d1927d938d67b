/**
 * Commissioning: a piece's RFID hang tag is encoded at the counter encoder with the Loupe piece
 * tag (SGTIN-96: chain prefix, style number, piece number; docs/drivers.md), read back by the
 * driver, and only then bound to the piece in ONE ledger write. A failed or unverified write binds
 * nothing: the piece keeps the tag it had (or none). Re-tagging retires the old EPC, so a sweep
 * that still sees the old tag names it. A tag whose EPC belongs to another piece is refused
 * before anything is written to it.
 *
 * Piece numbers are store number × 10⁷ + a ledger counter, so two stores of the chain never
 * encode the same EPC. One tag is encoded at a time (the encoder has one pad).
 */
import { encodePieceTag, type TagEncoder } from '../../../../drivers/index.ts';
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { ON_HAND } from '../../domain/piece-status.ts';
import type { Ledger } from '../../store/ledger.ts';
import { findPiece } from '../../store/pieces.ts';
import { bindEpc, epcOwner, nextPieceNumber, pieceStyleId, tagStyleNumber } from '../../store/stock.ts';
import type { Piece } from '../../wire/catalog.ts';

const PIECE_NUMBERS_PER_STORE = 10_000_000;

export interface TaggingContext {
  ledger: Ledger;
  now: () => Date;
  encoder: () => TagEncoder | null;
  companyPrefix: string;
  storeId: string;
}

export interface Tagged {
  piece: Piece;
  epc: string;
  retiredEpc: string | null;
}

export class Tagging {
  readonly #ctx: TaggingContext;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(ctx: TaggingContext) {
    this.#ctx = ctx;
  }

  /** Encodes the tag on the pad for the piece and binds it. */
  tag(pieceId: string, actor: Actor): Promise<Tagged> {
    const run = this.#queue.then(() => this.#tag(pieceId, actor));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #tag(pieceId: string, actor: Actor): Promise<Tagged> {
    const { ledger, companyPrefix, storeId } = this.#ctx;
    const piece = findPiece(ledger.db, pieceId);
    if (!piece) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id: pieceId });
    if (!ON_HAND.has(piece.status)) throw new LoupeError('LOUPE_E_STOCK_NOT_TAGGABLE', { stockNo: piece.stockNo, status: piece.status });
    const encoder = this.#ctx.encoder();
    if (!encoder) throw new LoupeError('LOUPE_E_STOCK_NO_ENCODER');
    const onPad = await encoder.inventory();
    if (onPad.length === 0) throw new LoupeError('LOUPE_E_RFID_NO_TAG', { device: 'rfid-encoder' });
    if (onPad.length > 1) throw new LoupeError('LOUPE_E_RFID_MULTIPLE_TAGS', { device: 'rfid-encoder', tags: onPad.length });
    const currentEpc = (onPad[0] as { epc: string }).epc;
    this.#refuseOthersTag(currentEpc, piece);
    const styleId = pieceStyleId(ledger.db, pieceId);
    const style = tagStyleNumber(ledger.db, styleId);
    const pieceNumber = nextPieceNumber(ledger.db);
    if (pieceNumber >= PIECE_NUMBERS_PER_STORE) throw new LoupeError('LOUPE_E_RFID_EPC_INVALID', { reason: 'this store has used every piece number' });
    const epc = encodePieceTag({ companyPrefix, styleNumber: style.number, pieceNumber: BigInt(Number(storeId) * PIECE_NUMBERS_PER_STORE + pieceNumber) });
    await encoder.writeEpc({ newEpc: epc, currentEpc });
    const at = this.#ctx.now().toISOString();
    return ledger.write({ action: 'piece.tagged', actor, target: `piece:${pieceId}` }, (db) => {
      const owner = epcOwner(db, epc);
      if (owner && !owner.retired) throw new LoupeError('LOUPE_E_CATALOG_CODE_TAKEN', { epc });
      const retiredEpc = bindEpc(db, { pieceId, epc, styleId, styleNumber: style.number, pieceNumber, at });
      const tagged = findPiece(db, pieceId) as Piece;
      const payload = { pieceId, stockNo: tagged.stockNo, epc, retiredEpc, tagWasCarrying: currentEpc };
      return {
        result: { piece: tagged, epc, retiredEpc },
        before: { epc: piece.epc },
        after: { epc },
        events: [{ stream: 'stock', type: 'piece.tagged', schemaVersion: 1, businessKey: `piece:${tagged.stockNo}`, payload }],
      };
    }).result;
  }

  /** A tag carrying another piece's live EPC is that piece's tag: never overwrite it. */
  #refuseOthersTag(epc: string, piece: Piece): void {
    const owner = epcOwner(this.#ctx.ledger.db, epc);
    if (!owner || owner.retired || owner.pieceId === piece.id) return;
    const other = findPiece(this.#ctx.ledger.db, owner.pieceId);
    throw new LoupeError('LOUPE_E_STOCK_TAG_TAKEN', { epc, stockNo: other?.stockNo ?? null });
  }
}
