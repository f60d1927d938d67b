/** SQL for styles, pieces and their stones. */
import { karatOf } from '../domain/piece.ts';
import type { PhotoType } from '../domain/image-type.ts';
import { PIECE_MOVES, type PieceMove, type PieceStatus } from '../domain/piece-status.ts';
import type { NewPiece, Piece, PieceQuery } from '../wire/catalog.ts';
import type { Db } from './db.ts';

interface PieceRow {
  id: string;
  stock_no: string;
  barcode: string | null;
  epc: string | null;
  description: string;
  category: Piece['category'];
  metal: Piece['metal'];
  fineness: number;
  metal_colour: string | null;
  metal_weight_ug: number | null;
  total_weight_ug: number | null;
  cost_minor: number;
  retail_minor: number;
  currency: string;
  location: string;
  ownership: Piece['ownership'];
  memo_vendor: string | null;
  memo_due_back: string | null;
  status: PieceStatus;
  updated_at: string;
  s_vendor: string | null;
  s_vendor_style_no: string | null;
  s_name: string | null;
  s_designer: string | null;
  s_collection: string | null;
}

interface StoneRow {
  type: string;
  count: number;
  weight_ug: number;
  colour: string | null;
  clarity: Piece['stones'][number]['clarity'] | null;
  cut: string | null;
  cert_lab: NonNullable<Piece['stones'][number]['certificate']>['lab'] | null;
  cert_report_no: string | null;
}

const SELECT_PIECE = `SELECT p.*, s.vendor AS s_vendor, s.vendor_style_no AS s_vendor_style_no, s.name AS s_name,
  s.designer AS s_designer, s.collection AS s_collection FROM pieces p LEFT JOIN styles s ON s.id = p.style_id`;

function stonesOf(db: Db, pieceId: string): Piece['stones'] {
  return db
    .prepare<[string], StoneRow>('SELECT * FROM piece_stones WHERE piece_id = ? ORDER BY position')
    .all(pieceId)
    .map((row) => ({
      type: row.type,
      count: row.count,
      weightUg: row.weight_ug,
      ...(row.colour ? { colour: row.colour } : {}),
      ...(row.clarity ? { clarity: row.clarity } : {}),
      ...(row.cut ? { cut: row.cut } : {}),
      ...(row.cert_lab && row.cert_report_no ? { certificate: { lab: row.cert_lab, reportNo: row.cert_report_no } } : {}),
    }));
}

function photosOf(db: Db, pieceId: string): Piece['photos'] {
  return db
    .prepare<[string], { sha256: string; content_type: PhotoType }>('SELECT sha256, content_type FROM piece_photos WHERE piece_id = ? ORDER BY position')
    .all(pieceId)
    .map((row) => ({ sha256: row.sha256, contentType: row.content_type }));
}

/** Adds a photo after the piece's others; returns its position. */
export function insertPiecePhoto(db: Db, pieceId: string, photo: { sha256: string; contentType: PhotoType; bytes: number; at: string }): number {
  const position = db.prepare<[string], { next: number }>('SELECT COALESCE(MAX(position) + 1, 0) AS next FROM piece_photos WHERE piece_id = ?').get(pieceId)?.next ?? 0;
  db.prepare('INSERT INTO piece_photos (piece_id, position, sha256, content_type, bytes, added_at) VALUES (?, ?, ?, ?, ?, ?)').run(pieceId, position, photo.sha256, photo.contentType, photo.bytes, photo.at);
  return position;
}

function toPiece(db: Db, row: PieceRow): Piece {
  return {
    id: row.id,
    stockNo: row.stock_no,
    barcode: row.barcode,
    epc: row.epc,
    description: row.description,
    category: row.category,
    metal: row.metal,
    fineness: row.fineness,
    karat: row.metal === 'gold' ? karatOf(row.fineness) : null,
    metalColour: row.metal_colour,
    metalWeightUg: row.metal_weight_ug,
    totalWeightUg: row.total_weight_ug,
    stones: stonesOf(db, row.id),
    photos: photosOf(db, row.id),
    costMinor: row.cost_minor,
    retailMinor: row.retail_minor,
    currency: row.currency,
    location: row.location,
    ownership: row.ownership,
    memoVendor: row.memo_vendor,
    memoDueBack: row.memo_due_back,
    status: row.status,
    style:
      row.s_vendor && row.s_vendor_style_no && row.s_name
        ? {
            vendor: row.s_vendor,
            vendorStyleNo: row.s_vendor_style_no,
            name: row.s_name,
            ...(row.s_designer ? { designer: row.s_designer } : {}),
            ...(row.s_collection ? { collection: row.s_collection } : {}),
          }
        : null,
    updatedAt: row.updated_at,
  };
}

export function findPiece(db: Db, id: string): Piece | undefined {
  const row = db.prepare<[string], PieceRow>(`${SELECT_PIECE} WHERE p.id = ?`).get(id);
  return row && toPiece(db, row);
}

/** The piece a scanned or typed code names: stock number, barcode, EPC or certificate report number. */
export function findPieceByCode(db: Db, code: string): Piece | undefined {
  const row = db
    .prepare<[string, string, string, string], PieceRow>(
      `${SELECT_PIECE} WHERE p.stock_no = ? OR p.barcode = ? OR p.epc = ?
        OR p.id IN (SELECT piece_id FROM piece_stones WHERE cert_report_no = ?) LIMIT 1`,
    )
    .get(code, code, code, code);
  return row && toPiece(db, row);
}

export function searchPieces(db: Db, query: PieceQuery): Piece[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(`(p.stock_no = ? OR p.barcode = ? OR p.epc = ? OR p.description LIKE ? ESCAPE '\\' OR s.collection LIKE ? ESCAPE '\\'
      OR p.id IN (SELECT piece_id FROM piece_stones WHERE cert_report_no = ?))`);
    params.push(query.q, query.q, query.q, like, like, query.q);
  }
  const equal: [string, string | number | undefined][] = [
    ['p.status', query.status],
    ['p.category', query.category],
    ['p.metal', query.metal],
    ['p.fineness', query.fineness],
    ['s.collection', query.collection],
  ];
  for (const [column, value] of equal) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  if (query.stone) {
    where.push('p.id IN (SELECT piece_id FROM piece_stones WHERE type = ?)');
    params.push(query.stone.toLowerCase());
  }
  if (query.location) {
    where.push("p.location LIKE ? ESCAPE '\\'");
    params.push(`${query.location.replace(/[%_\\]/g, (c) => `\\${c}`)}%`);
  }
  if (query.minPriceMinor !== undefined) {
    where.push('p.retail_minor >= ?');
    params.push(query.minPriceMinor);
  }
  if (query.maxPriceMinor !== undefined) {
    where.push('p.retail_minor <= ?');
    params.push(query.maxPriceMinor);
  }
  const sql = `${SELECT_PIECE} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.stock_no LIMIT ? OFFSET ?`;
  return db
    .prepare<(string | number)[], PieceRow>(sql)
    .all(...params, query.limit, query.offset)
    .map((row) => toPiece(db, row));
}

export function codeInUse(db: Db, piece: Pick<NewPiece, 'barcode' | 'epc'>): boolean {
  const taken = db
    .prepare<[string | null, string | null], { n: number }>('SELECT COUNT(*) AS n FROM pieces WHERE barcode = ? OR epc = ?')
    .get(piece.barcode ?? null, piece.epc ?? null);
  return (taken?.n ?? 0) > 0;
}

function styleIdFor(db: Db, style: NonNullable<NewPiece['style']>, newId: () => string): string {
  const found = db
    .prepare<[string, string], { id: string }>('SELECT id FROM styles WHERE vendor = ? AND vendor_style_no = ?')
    .get(style.vendor, style.vendorStyleNo);
  if (found) return found.id;
  const id = newId();
  db.prepare('INSERT INTO styles (id, vendor, vendor_style_no, name, designer, collection, category) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    id,
    style.vendor,
    style.vendorStyleNo,
    style.name,
    style.designer ?? null,
    style.collection ?? null,
    'jewelry',
  );
  return id;
}

export function insertPiece(db: Db, id: string, piece: NewPiece, extra: { currency: string; at: string; newId: () => string }): void {
  const styleId = piece.style ? styleIdFor(db, piece.style, extra.newId) : null;
  db.prepare(
    `INSERT INTO pieces (id, stock_no, style_id, barcode, epc, description, category, metal, fineness, metal_colour, metal_weight_ug,
       total_weight_ug, cost_minor, retail_minor, currency, location, ownership, memo_vendor, memo_due_back, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in_stock', ?, ?)`,
  ).run(
    id,
    piece.stockNo,
    styleId,
    piece.barcode ?? null,
    piece.epc ?? null,
    piece.description,
    piece.category,
    piece.metal,
    piece.fineness,
    piece.metalColour ?? null,
    piece.metalWeightUg ?? null,
    piece.totalWeightUg ?? null,
    piece.costMinor,
    piece.retailMinor,
    extra.currency,
    piece.location,
    piece.ownership,
    piece.memoVendor ?? null,
    piece.memoDueBack ?? null,
    extra.at,
    extra.at,
  );
  const insertStone = db.prepare(
    `INSERT INTO piece_stones (piece_id, position, type, count, weight_ug, colour, clarity, cut, cert_lab, cert_report_no)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  piece.stones.forEach((stone, position) =>
    insertStone.run(
      id,
      position,
      stone.type,
      stone.count,
      stone.weightUg,
      stone.colour ?? null,
      stone.clarity ?? null,
      stone.cut ?? null,
      stone.certificate?.lab ?? null,
      stone.certificate?.reportNo ?? null,
    ),
  );
}

export function updateRetail(db: Db, id: string, retailMinor: number, at: string): void {
  db.prepare('UPDATE pieces SET retail_minor = ?, updated_at = ? WHERE id = ?').run(retailMinor, at, id);
}

/**
 * Moves a piece along its life (domain/piece-status.ts) inside the caller's write. The status is
 * checked in the UPDATE itself, so of two writers racing for one piece only the first moves it.
 * Returns the status it left, or null when the piece is not in a status the move starts from (or
 * not in `expected`, the status the caller saw when it decided).
 */
export function movePiece(db: Db, pieceId: string, move: PieceMove, at: string, expected?: PieceStatus): { from: PieceStatus; to: PieceStatus } | null {
  const rule = PIECE_MOVES[move];
  const from = db.prepare<[string], { status: PieceStatus }>('SELECT status FROM pieces WHERE id = ?').get(pieceId)?.status;
  if (!from || !(rule.from as readonly PieceStatus[]).includes(from) || (expected && from !== expected)) return null;
  db.prepare('UPDATE pieces SET status = ?, updated_at = ? WHERE id = ? AND status = ?').run(rule.to, at, pieceId, from);
  return { from, to: rule.to };
}
