/**
 * A piece's photos: added by an audited command (the bytes to the photo library first, then the
 * ledger names them), read back by their SHA-256. What a photo is, is judged from its bytes.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { sniffPhotoType } from '../../domain/image-type.ts';
import type { Ledger } from '../../store/ledger.ts';
import { findPiece, findPieceByCode, insertPiecePhoto } from '../../store/pieces.ts';
import type { Piece } from '../../wire/catalog.ts';
import type { PhotoLibrary } from './photo-library.ts';

/** Photos a piece may have. */
export const MAX_PHOTOS = 12;

export interface PiecePhotosContext {
  ledger: Ledger;
  now: () => Date;
  library: PhotoLibrary;
}

export class PiecePhotos {
  readonly #ctx: PiecePhotosContext;

  constructor(ctx: PiecePhotosContext) {
    this.#ctx = ctx;
  }

  /** Adds a photo (JPEG, PNG or WebP) after the piece's others; returns the piece's id. */
  add(idOrCode: string, bytes: Uint8Array, actor: Actor): string {
    const contentType = sniffPhotoType(bytes);
    if (!contentType) throw new LoupeError('LOUPE_E_CATALOG_PHOTO_INVALID', { reason: 'not a JPEG, PNG or WebP image' });
    // Checked before the file is written, so a refused photo leaves no file behind; and again in the write.
    const room = (piece: Piece | undefined): Piece => {
      if (!piece) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id: idOrCode });
      if (piece.photos.length >= MAX_PHOTOS) throw new LoupeError('LOUPE_E_CATALOG_PHOTO_INVALID', { reason: `a piece has at most ${MAX_PHOTOS} photos` });
      return piece;
    };
    const db = this.#ctx.ledger.db;
    room(findPiece(db, idOrCode) ?? findPieceByCode(db, idOrCode));
    const sha256 = this.#ctx.library.put(bytes);
    return this.#ctx.ledger.write({ action: 'piece.photoAdded', actor, target: `piece:${idOrCode}` }, (db) => {
      const piece = room(findPiece(db, idOrCode) ?? findPieceByCode(db, idOrCode));
      const position = insertPiecePhoto(db, piece.id, { sha256, contentType, bytes: bytes.length, at: this.#ctx.now().toISOString() });
      const payload = { pieceId: piece.id, stockNo: piece.stockNo, position, sha256, contentType, bytes: bytes.length };
      return { result: piece.id, after: payload, events: [{ stream: 'stock', type: 'piece.photo_added', schemaVersion: 1, payload }] };
    }).result;
  }

  /** A photo of the piece, by its SHA-256. */
  get(idOrCode: string, sha256: string): { contentType: string; bytes: Buffer } {
    const db = this.#ctx.ledger.db;
    const piece: Piece | undefined = findPiece(db, idOrCode) ?? findPieceByCode(db, idOrCode);
    if (!piece) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id: idOrCode });
    const listed = piece.photos.find((photo) => photo.sha256 === sha256);
    const bytes = listed ? this.#ctx.library.read(sha256) : null;
    if (!listed || !bytes) throw new LoupeError('LOUPE_E_CATALOG_PHOTO_NOT_FOUND', { stockNo: piece.stockNo, sha256 });
    return { contentType: listed.contentType, bytes };
  }
}
