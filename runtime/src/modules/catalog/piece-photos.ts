/**
 * A piece's photos: added by an audited command (the bytes to the photo library first, then the
 * ledger names them), read back by their SHA-256. What a photo is, is judged from its bytes:
 * their signature, then libvips reading the header and decoding the whole picture.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { headerRefusal, sniffPhotoType, uploadRefusal, type PhotoLimits, type PhotoType } from '../../domain/image-type.ts';
import type { Ledger } from '../../store/ledger.ts';
import { findPiece, findPieceByCode, insertPiecePhoto } from '../../store/pieces.ts';
import type { Piece } from '../../wire/catalog.ts';
import type { PhotoLibrary } from './photo-library.ts';
import { decodesWhole, readPhotoHeader } from './photo-decoder.ts';

/** Photos a piece may have. */
export const MAX_PHOTOS = 12;

export interface PiecePhotosContext {
  ledger: Ledger;
  now: () => Date;
  library: PhotoLibrary;
  limits: PhotoLimits;
}

export class PiecePhotos {
  readonly #ctx: PiecePhotosContext;

  constructor(ctx: PiecePhotosContext) {
    this.#ctx = ctx;
  }

  /**
   * Adds a photo (JPEG, PNG or WebP, of the type it was sent as: `declared`, null when the caller
   * drew it itself) after the piece's others; returns the piece's id. A refused photo, or one the
   * ledger could not record, leaves no file behind.
   */
  async add(idOrCode: string, bytes: Uint8Array, declared: string | null, actor: Actor): Promise<string> {
    const { limits } = this.#ctx;
    const contentType = sniffPhotoType(bytes);
    const refused = uploadRefusal(bytes.length, declared, contentType, limits);
    if (refused || !contentType) throw new LoupeError('LOUPE_E_CATALOG_PHOTO_INVALID', { reason: refused ?? 'not an image' });
    const unreadable = headerRefusal(contentType, await readPhotoHeader(bytes), limits) ?? ((await decodesWhole(bytes, limits)) ? null : `a truncated or damaged ${contentType}`);
    if (unreadable) throw new LoupeError('LOUPE_E_CATALOG_PHOTO_INVALID', { reason: unreadable });
    // Checked before the file is written, so a refused photo leaves no file behind; and again in the write.
    const room = (piece: Piece | undefined): Piece => {
      if (!piece) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id: idOrCode });
      if (piece.photos.length >= MAX_PHOTOS) throw new LoupeError('LOUPE_E_CATALOG_PHOTO_INVALID', { reason: `a piece has at most ${MAX_PHOTOS} photos` });
      return piece;
    };
    const db = this.#ctx.ledger.db;
    room(findPiece(db, idOrCode) ?? findPieceByCode(db, idOrCode));
    const { sha256, created } = this.#ctx.library.put(bytes);
    try {
      return this.#record(idOrCode, sha256, contentType, bytes.length, room, actor);
    } catch (error) {
      if (created) this.#ctx.library.remove(sha256);
      throw error;
    }
  }

  #record(idOrCode: string, sha256: string, contentType: PhotoType, size: number, room: (piece: Piece | undefined) => Piece, actor: Actor): string {
    return this.#ctx.ledger.write({ action: 'piece.photoAdded', actor, target: `piece:${idOrCode}` }, (db) => {
      const piece = room(findPiece(db, idOrCode) ?? findPieceByCode(db, idOrCode));
      const position = insertPiecePhoto(db, piece.id, { sha256, contentType, bytes: size, at: this.#ctx.now().toISOString() });
      const payload = { pieceId: piece.id, stockNo: piece.stockNo, position, sha256, contentType, bytes: size };
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
