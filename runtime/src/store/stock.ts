/** SQL for stock control: tag numbers and retired EPCs, sweeps and their accuracy, daily counts, movements. */
import type { CountedPiece, LocationAccuracy, Reconciliation } from '../domain/sweep-reconcile.ts';
import type { PieceStatus } from '../domain/piece-status.ts';
import { counterValue, nextCounter } from './audit-log.ts';
import type { Db } from './db.ts';

// --- tags

const SELECT_COUNTED = 'SELECT id AS pieceId, stock_no AS stockNo, description, epc, status, location FROM pieces';

/** Every piece as a count sees it: read once when a sweep begins. */
export function countedPieces(db: Db): CountedPiece[] {
  return db.prepare<[], CountedPiece>(SELECT_COUNTED).all();
}

/**
 * Pieces written at or after `since` (ISO time): what changed while a sweep was open. Every write
 * to `pieces` sets `updated_at` from the ledger's clock, which is what makes this complete.
 */
export function piecesChangedSince(db: Db, since: string): CountedPiece[] {
  return db.prepare<[string], CountedPiece>(`${SELECT_COUNTED} WHERE updated_at >= ?`).all(since);
}

export function retiredEpcs(db: Db): Map<string, string> {
  const rows = db.prepare<[], { epc: string; piece_id: string }>('SELECT epc, piece_id FROM retired_epcs').all();
  return new Map(rows.map((row) => [row.epc, row.piece_id]));
}

/** Who an EPC names: the piece carrying it now, or the piece it was retired from. */
export function epcOwner(db: Db, epc: string): { pieceId: string; retired: boolean } | null {
  const active = db.prepare<[string], { id: string }>('SELECT id FROM pieces WHERE epc = ?').get(epc);
  if (active) return { pieceId: active.id, retired: false };
  const retired = db.prepare<[string], { piece_id: string }>('SELECT piece_id FROM retired_epcs WHERE epc = ?').get(epc);
  return retired ? { pieceId: retired.piece_id, retired: true } : null;
}

/** The style number a piece's tag carries: 0 for a piece without a style, else its style's (the next free one if new). */
export function tagStyleNumber(db: Db, styleId: string | null): { number: number; isNew: boolean } {
  if (styleId === null) return { number: 0, isNew: false };
  const known = db.prepare<[string], { number: number }>('SELECT number FROM tag_style_numbers WHERE style_key = ?').get(styleId);
  if (known) return { number: known.number, isNew: false };
  const top = db.prepare<[], { top: number | null }>('SELECT MAX(number) AS top FROM tag_style_numbers').get()?.top ?? 0;
  return { number: top + 1, isNew: true };
}

export function pieceStyleId(db: Db, pieceId: string): string | null {
  return db.prepare<[string], { style_id: string | null }>('SELECT style_id FROM pieces WHERE id = ?').get(pieceId)?.style_id ?? null;
}

/** The piece number the next tag will carry (not taken until `takePieceNumber`). */
export function nextPieceNumber(db: Db): number {
  return counterValue(db, 'rfid.piece_number') + 1;
}

/**
 * Binds `epc` to the piece inside the caller's write: takes the piece number and the style
 * number, retires the EPC the piece carried before. Returns the retired EPC.
 */
export function bindEpc(db: Db, bind: { pieceId: string; epc: string; styleId: string | null; styleNumber: number; pieceNumber: number; at: string }): string | null {
  if (nextCounter(db, 'rfid.piece_number') !== bind.pieceNumber) throw new Error('tag piece number taken by another write');
  if (bind.styleId !== null) db.prepare('INSERT OR IGNORE INTO tag_style_numbers (style_key, number) VALUES (?, ?)').run(bind.styleId, bind.styleNumber);
  const previous = db.prepare<[string], { epc: string | null }>('SELECT epc FROM pieces WHERE id = ?').get(bind.pieceId)?.epc ?? null;
  if (previous) db.prepare('INSERT OR REPLACE INTO retired_epcs (epc, piece_id, retired_at) VALUES (?, ?, ?)').run(previous, bind.pieceId, bind.at);
  db.prepare('UPDATE pieces SET epc = ?, updated_at = ? WHERE id = ?').run(bind.epc, bind.at, bind.pieceId);
  return previous;
}

// --- sweeps

export interface SweepRow {
  id: string;
  scope: string | null;
  readers: string[];
  recountOf: string | null;
  state: 'open' | 'finished' | 'cancelled' | 'abandoned';
  startedAt: string;
  startedBy: string | null;
  endedAt: string | null;
  expected: number | null;
  found: number | null;
  missing: number | null;
  unexpected: number | null;
  accuracyBp: number | null;
}

interface SweepDbRow {
  id: string;
  scope: string | null;
  readers: string;
  recount_of: string | null;
  state: SweepRow['state'];
  started_at: string;
  started_by: string | null;
  ended_at: string | null;
  expected: number | null;
  found: number | null;
  missing: number | null;
  unexpected: number | null;
  accuracy_bp: number | null;
  result: string | null;
}

const toSweep = (row: SweepDbRow): SweepRow => ({
  id: row.id,
  scope: row.scope,
  readers: JSON.parse(row.readers) as string[],
  recountOf: row.recount_of,
  state: row.state,
  startedAt: row.started_at,
  startedBy: row.started_by,
  endedAt: row.ended_at,
  expected: row.expected,
  found: row.found,
  missing: row.missing,
  unexpected: row.unexpected,
  accuracyBp: row.accuracy_bp,
});

export function insertSweep(db: Db, sweep: { id: string; scope: string | null; readers: string[]; recountOf: string | null; startedAt: string; startedBy: string | null; expected: number }): void {
  db.prepare("INSERT INTO sweeps (id, scope, readers, recount_of, state, started_at, started_by, expected) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)").run(
    sweep.id,
    sweep.scope,
    JSON.stringify(sweep.readers),
    sweep.recountOf,
    sweep.startedAt,
    sweep.startedBy,
    sweep.expected,
  );
}

export function findSweep(db: Db, id: string): { sweep: SweepRow; result: Reconciliation | null } | undefined {
  const row = db.prepare<[string], SweepDbRow>('SELECT * FROM sweeps WHERE id = ?').get(id);
  return row && { sweep: toSweep(row), result: row.result ? (JSON.parse(row.result) as Reconciliation) : null };
}

export function listSweeps(db: Db, limit: number): SweepRow[] {
  return db.prepare<[number], SweepDbRow>('SELECT * FROM sweeps ORDER BY started_at DESC, id DESC LIMIT ?').all(limit).map(toSweep);
}

export function openSweepIds(db: Db): string[] {
  return db.prepare<[], { id: string }>("SELECT id FROM sweeps WHERE state = 'open'").all().map((row) => row.id);
}

/** Ends an open sweep without a result (cancelled by staff, or abandoned at a restart). Returns false when it was not open. */
export function endSweep(db: Db, id: string, state: 'cancelled' | 'abandoned', at: string): boolean {
  return db.prepare("UPDATE sweeps SET state = ?, ended_at = ? WHERE id = ? AND state = 'open'").run(state, at, id).changes === 1;
}

export function finishSweep(db: Db, id: string, result: Reconciliation, at: string): boolean {
  const done = db
    .prepare("UPDATE sweeps SET state = 'finished', ended_at = ?, expected = ?, found = ?, missing = ?, unexpected = ?, accuracy_bp = ?, result = ? WHERE id = ? AND state = 'open'")
    .run(at, result.overall.expected, result.found.length, result.missing.length, result.unexpected.length, result.overall.accuracyBp, JSON.stringify(result), id);
  if (done.changes !== 1) return false;
  const insert = db.prepare('INSERT INTO sweep_locations (sweep_id, location, expected, found, accuracy_bp, ended_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const location of result.byLocation) insert.run(id, location.location, location.expected, location.found, location.accuracyBp, at);
  return true;
}

export interface AccuracyPoint extends LocationAccuracy {
  sweepId: string;
  endedAt: string;
}

/** Accuracy of finished sweeps (recounts left out), newest first: overall (location omitted) or of one location. */
export function accuracyHistory(db: Db, location: string | undefined, limit: number): AccuracyPoint[] {
  if (location !== undefined) {
    return db
      .prepare<[string, number], AccuracyPoint>(
        `SELECT l.sweep_id AS sweepId, l.ended_at AS endedAt, l.location, l.expected, l.found, l.accuracy_bp AS accuracyBp
         FROM sweep_locations l JOIN sweeps s ON s.id = l.sweep_id WHERE l.location = ? AND s.recount_of IS NULL ORDER BY l.ended_at DESC LIMIT ?`,
      )
      .all(location, limit);
  }
  return db
    .prepare<[number], AccuracyPoint>(
      "SELECT id AS sweepId, ended_at AS endedAt, COALESCE(scope, '') AS location, expected, found, accuracy_bp AS accuracyBp FROM sweeps WHERE state = 'finished' AND recount_of IS NULL ORDER BY ended_at DESC LIMIT ?",
    )
    .all(limit);
}

// --- daily counts

export interface DailyCountRow {
  id: string;
  kind: 'opening' | 'closing';
  showcase: string;
  businessDate: string;
  sweepId: string | null;
  expected: number;
  counted: number;
  discrepancy: { short: string[]; over: string[]; shortBy: number; overBy: number };
  countedBy: { staffId: string; name: string };
  managerNote: string | null;
  approvedBy: { staffId: string; name: string } | null;
  signedAt: string;
}

export function insertDailyCount(db: Db, count: DailyCountRow): void {
  db.prepare(
    `INSERT INTO daily_counts (id, kind, showcase, business_date, sweep_id, expected, counted, discrepancy, counted_by, manager_note, approved_by, signed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    count.id,
    count.kind,
    count.showcase,
    count.businessDate,
    count.sweepId,
    count.expected,
    count.counted,
    JSON.stringify(count.discrepancy),
    JSON.stringify(count.countedBy),
    count.managerNote,
    count.approvedBy ? JSON.stringify(count.approvedBy) : null,
    count.signedAt,
  );
}

export function dailyCountTaken(db: Db, businessDate: string, showcase: string, kind: string): boolean {
  return db.prepare('SELECT 1 FROM daily_counts WHERE business_date = ? AND showcase = ? AND kind = ?').get(businessDate, showcase, kind) !== undefined;
}

export function listDailyCounts(db: Db, businessDate: string): DailyCountRow[] {
  const rows = db
    .prepare<[string], Record<string, string | number | null>>('SELECT * FROM daily_counts WHERE business_date = ? ORDER BY signed_at')
    .all(businessDate);
  return rows.map((row) => ({
    id: row.id as string,
    kind: row.kind as DailyCountRow['kind'],
    showcase: row.showcase as string,
    businessDate: row.business_date as string,
    sweepId: row.sweep_id as string | null,
    expected: row.expected as number,
    counted: row.counted as number,
    discrepancy: JSON.parse(row.discrepancy as string) as DailyCountRow['discrepancy'],
    countedBy: JSON.parse(row.counted_by as string) as DailyCountRow['countedBy'],
    managerNote: row.manager_note as string | null,
    approvedBy: row.approved_by ? (JSON.parse(row.approved_by as string) as DailyCountRow['approvedBy']) : null,
    signedAt: row.signed_at as string,
  }));
}

// --- movements

export interface Movement {
  id: string;
  kind: string;
  pieceId: string;
  fromStatus: PieceStatus;
  toStatus: PieceStatus;
  fromLocation: string;
  toLocation: string;
  party: string | null;
  dueBack: string | null;
  transferId: string | null;
  reason: string | null;
  at: string;
  staffId: string | null;
  approverId: string | null;
}

export function insertMovement(db: Db, movement: Movement): void {
  db.prepare(
    `INSERT INTO stock_movements (id, kind, piece_id, from_status, to_status, from_location, to_location, party, due_back, transfer_id, reason, at, staff_id, approver_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    movement.id,
    movement.kind,
    movement.pieceId,
    movement.fromStatus,
    movement.toStatus,
    movement.fromLocation,
    movement.toLocation,
    movement.party,
    movement.dueBack,
    movement.transferId,
    movement.reason,
    movement.at,
    movement.staffId,
    movement.approverId,
  );
}

const SELECT_MOVEMENT = `SELECT id, kind, piece_id AS pieceId, from_status AS fromStatus, to_status AS toStatus, from_location AS fromLocation,
  to_location AS toLocation, party, due_back AS dueBack, transfer_id AS transferId, reason, at, staff_id AS staffId, approver_id AS approverId
  FROM stock_movements`;

export function movementsOf(db: Db, pieceId: string): Movement[] {
  return db.prepare<[string], Movement>(`${SELECT_MOVEMENT} WHERE piece_id = ? ORDER BY at, rowid`).all(pieceId);
}

/** The movement that sent a transfer, by transfer id. */
export function transferSent(db: Db, transferId: string): Movement | undefined {
  return db.prepare<[string], Movement>(`${SELECT_MOVEMENT} WHERE transfer_id = ? AND kind = 'transfer.sent'`).get(transferId);
}

/** The latest movement of the given kinds for each piece now in `status`: what is in transit, what is out on memo. */
export function outstanding(db: Db, status: PieceStatus, kinds: string[]): (Movement & { stockNo: string; description: string })[] {
  return db
    .prepare<(string | number)[], Movement & { stockNo: string; description: string }>(
      `SELECT m.*, p.stock_no AS stockNo, p.description FROM (${SELECT_MOVEMENT}) m JOIN pieces p ON p.id = m.pieceId
       WHERE p.status = ? AND m.kind IN (${kinds.map(() => '?').join(', ')})
         AND m.at = (SELECT MAX(at) FROM stock_movements WHERE piece_id = m.pieceId AND kind IN (${kinds.map(() => '?').join(', ')}))
       ORDER BY m.at`,
    )
    .all(status, ...kinds, ...kinds);
}

export function setLocation(db: Db, pieceId: string, location: string, at: string): void {
  db.prepare('UPDATE pieces SET location = ?, updated_at = ? WHERE id = ?').run(location, at, pieceId);
}
