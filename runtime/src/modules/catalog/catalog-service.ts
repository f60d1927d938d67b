/**
 * Catalog commands and queries: receive a piece into stock, change its price, look pieces up.
 * Cost is stripped from every answer unless the caller's role may see it.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Json } from '../../domain/canonical-json.ts';
import { pieceProblems } from '../../domain/piece.ts';
import type { Ledger } from '../../store/ledger.ts';
import { codeInUse, findPiece, findPieceByCode, insertPiece, searchPieces, updateRetail } from '../../store/pieces.ts';
import type { NewPiece, Piece, PieceQuery } from '../../wire/catalog.ts';

export interface CatalogServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  currency: string;
}

/** What the caller may see of a piece. */
export interface Viewer {
  seesCost: boolean;
}

export class CatalogService {
  readonly #ctx: CatalogServiceContext;

  constructor(ctx: CatalogServiceContext) {
    this.#ctx = ctx;
  }

  search(query: PieceQuery, viewer: Viewer): Piece[] {
    return searchPieces(this.#ctx.ledger.db, query).map((piece) => view(piece, viewer));
  }

  /** A piece by id, or by a code a scanner or clerk gave: stock number, barcode, EPC, certificate number. */
  get(idOrCode: string, viewer: Viewer): Piece {
    const db = this.#ctx.ledger.db;
    const piece = findPiece(db, idOrCode) ?? findPieceByCode(db, idOrCode);
    if (!piece) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id: idOrCode });
    return view(piece, viewer);
  }

  receive(input: NewPiece, actor: Actor): Piece {
    const problems = pieceProblems(input);
    if (problems.length > 0) throw new LoupeError('LOUPE_E_API_VALIDATION', { problems }, problems.map((p) => p.reason).join('; '));
    const id = this.#ctx.newId();
    const at = this.#ctx.now().toISOString();
    return this.#ctx.ledger.write({ action: 'piece.received', actor, target: `piece:${id}` }, (db) => {
      if (findPieceByCode(db, input.stockNo)) throw new LoupeError('LOUPE_E_CATALOG_STOCK_NO_TAKEN', { stockNo: input.stockNo });
      if (codeInUse(db, input)) throw new LoupeError('LOUPE_E_CATALOG_CODE_TAKEN', { barcode: input.barcode, epc: input.epc });
      for (const stone of input.stones) {
        if (stone.certificate && findPieceByCode(db, stone.certificate.reportNo)) {
          throw new LoupeError('LOUPE_E_CATALOG_CODE_TAKEN', { certificate: stone.certificate });
        }
      }
      insertPiece(db, id, input, { currency: this.#ctx.currency, at, newId: this.#ctx.newId });
      const piece = findPiece(db, id) as Piece;
      return {
        result: piece,
        after: snapshot(piece),
        events: [{ stream: 'stock', type: 'piece.received', schemaVersion: 1, businessKey: `piece:${piece.stockNo}`, payload: snapshot(piece) }],
      };
    }).result;
  }

  reprice(id: string, retailMinor: number, reason: string, actor: Actor, viewer: Viewer): Piece {
    return view(
      this.#ctx.ledger.write({ action: 'piece.repriced', actor, target: `piece:${id}`, reason }, (db) => {
        const before = findPiece(db, id);
        if (!before) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id });
        updateRetail(db, id, retailMinor, this.#ctx.now().toISOString());
        const after = findPiece(db, id) as Piece;
        const payload = { pieceId: id, stockNo: after.stockNo, fromMinor: before.retailMinor, toMinor: retailMinor, currency: after.currency, reason };
        return {
          result: after,
          before: { retailMinor: before.retailMinor },
          after: { retailMinor },
          events: [{ stream: 'stock', type: 'piece.repriced', schemaVersion: 1, payload }],
        };
      }).result,
      viewer,
    );
  }
}

function view(piece: Piece, viewer: Viewer): Piece {
  if (viewer.seesCost) return piece;
  const { costMinor: _hidden, ...rest } = piece;
  return rest;
}

function snapshot(piece: Piece): Json {
  return piece;
}
