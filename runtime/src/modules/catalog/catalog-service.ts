/**
 * Catalog commands and queries: receive a piece into stock, change its price, look pieces up.
 * Cost is stripped from every answer unless the caller's role may see it.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Json } from '../../domain/canonical-json.ts';
import { pieceProblems } from '../../domain/piece.ts';
import { exponentOf } from '../../domain/money.ts';
import type { Db } from '../../store/db.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { EventDraft } from '../../store/outbox.ts';
import { readCatalogCsv, type ImportProblem, type ImportRow } from './catalog-csv.ts';
import { createHash } from 'node:crypto';
import { codeInUse, findPiece, findPieceByCode, insertPiece, searchPieces, updateRetail } from '../../store/pieces.ts';
import type { NewPiece, Piece, PieceQuery } from '../../wire/catalog.ts';

export interface CatalogServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  currency: string;
}

export class CatalogService {
  readonly #ctx: CatalogServiceContext;

  constructor(ctx: CatalogServiceContext) {
    this.#ctx = ctx;
  }

  /** Whole pieces, cost included: what a caller may see of them is the API's to decide (domain/field-visibility.ts). */
  search(query: PieceQuery): Piece[] {
    return searchPieces(this.#ctx.ledger.db, query);
  }

  /** A piece by id, or by a code a scanner or clerk gave: stock number, barcode, EPC, certificate number. */
  get(idOrCode: string): Piece {
    const db = this.#ctx.ledger.db;
    const piece = findPiece(db, idOrCode) ?? findPieceByCode(db, idOrCode);
    if (!piece) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { id: idOrCode });
    return piece;
  }

  receive(input: NewPiece, actor: Actor): Piece {
    const problems = pieceProblems(input);
    if (problems.length > 0) throw new LoupeError('LOUPE_E_API_VALIDATION', { problems }, problems.map((p) => p.reason).join('; '));
    const id = this.#ctx.newId();
    return this.#ctx.ledger.write({ action: 'piece.received', actor, target: `piece:${id}` }, (db) => {
      const conflict = ledgerConflicts(db, input)[0];
      if (conflict) throw new LoupeError(conflict.code, { [conflict.column]: conflict.value });
      const piece = this.#insert(db, id, input);
      return { result: piece, after: snapshot(piece), events: [receivedEvent(piece)] };
    }).result;
  }

  /** Imports a catalog CSV export (see catalog-csv.ts for the columns). */
  importCsv(file: { name: string; text: string }, options: { skipInvalid: boolean }, actor: Actor): { imported: string[]; skipped: ImportProblem[] } {
    const { rows, problems } = readCatalogCsv(file.text, exponentOf(this.#ctx.currency));
    const sha256 = createHash('sha256').update(file.text).digest('hex');
    return this.importPieces({ name: file.name, sha256 }, rows, problems, options, actor);
  }

  /**
   * Receives many pieces in ONE transaction with one audit entry for the file: all of them, or, if
   * any row is wrong, none (unless `skipInvalid`, which imports the good rows and reports the rest).
   * `problems` are those found while reading the file; conflicts with the ledger are added here.
   */
  importPieces(
    file: { name: string; sha256: string },
    rows: ImportRow[],
    problems: ImportProblem[],
    options: { skipInvalid: boolean },
    actor: Actor,
  ): { imported: string[]; skipped: ImportProblem[] } {
    return this.#ctx.ledger.write({ action: 'catalog.imported', actor, target: `import:${file.sha256.slice(0, 16)}` }, (db) => {
      const all = [...problems];
      for (const { line, piece } of rows) {
        for (const conflict of ledgerConflicts(db, piece)) all.push({ line, column: conflict.column, reason: `"${conflict.value}" already belongs to a piece in stock` });
      }
      if (all.length > 0 && !options.skipInvalid) {
        throw new LoupeError('LOUPE_E_CATALOG_IMPORT_INVALID', { problems: all.slice(0, 200), count: all.length }, `${all.length} problem(s) in ${file.name}; nothing was imported`);
      }
      const badLines = new Set(all.map((problem) => problem.line));
      const pieces = rows.filter((row) => !badLines.has(row.line)).map((row) => this.#insert(db, this.#ctx.newId(), row.piece));
      const imported = pieces.map((piece) => piece.stockNo);
      return {
        result: { imported, skipped: all },
        after: { file: file.name, sha256: file.sha256, imported: imported.length, skipped: all.length, stockNos: imported },
        events: pieces.length > 0 ? pieces.map(receivedEvent) : [{ stream: 'stock', type: 'catalog.import_empty', schemaVersion: 1, payload: { file: file.name, skipped: all.length } }],
      };
    }).result;
  }

  #insert(db: Db, id: string, input: NewPiece): Piece {
    insertPiece(db, id, input, { currency: this.#ctx.currency, at: this.#ctx.now().toISOString(), newId: this.#ctx.newId });
    return findPiece(db, id) as Piece;
  }

  reprice(id: string, retailMinor: number, reason: string, actor: Actor): Piece {
    return this.#ctx.ledger.write({ action: 'piece.repriced', actor, target: `piece:${id}`, reason }, (db) => {
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
      }).result;
  }
}

/** Codes of a new piece that already name another piece: stock number, barcode, EPC, certificate. */
export function ledgerConflicts(db: Db, piece: NewPiece): { code: 'LOUPE_E_CATALOG_STOCK_NO_TAKEN' | 'LOUPE_E_CATALOG_CODE_TAKEN'; column: string; value: string }[] {
  const conflicts: ReturnType<typeof ledgerConflicts> = [];
  if (findPieceByCode(db, piece.stockNo)) conflicts.push({ code: 'LOUPE_E_CATALOG_STOCK_NO_TAKEN', column: 'stock_no', value: piece.stockNo });
  if (piece.barcode && codeInUse(db, { barcode: piece.barcode })) conflicts.push({ code: 'LOUPE_E_CATALOG_CODE_TAKEN', column: 'barcode', value: piece.barcode });
  if (piece.epc && codeInUse(db, { epc: piece.epc })) conflicts.push({ code: 'LOUPE_E_CATALOG_CODE_TAKEN', column: 'epc', value: piece.epc });
  for (const stone of piece.stones) {
    const reportNo = stone.certificate?.reportNo;
    if (reportNo && findPieceByCode(db, reportNo)) conflicts.push({ code: 'LOUPE_E_CATALOG_CODE_TAKEN', column: 'cert_no', value: reportNo });
  }
  return conflicts;
}

function receivedEvent(piece: Piece): EventDraft {
  return { stream: 'stock', type: 'piece.received', schemaVersion: 1, businessKey: `piece:${piece.stockNo}`, payload: piece };
}

function snapshot(piece: Piece): Json {
  return piece;
}
