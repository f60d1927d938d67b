/**
 * SQL that applies HQ's desired documents to the ledger: the price list, FX rates, the staff
 * roster and click-and-collect reservations. Each function runs inside the caller's
 * `Ledger.write()` transaction and throws a LoupeError to refuse the whole document: a document is
 * applied completely or not at all.
 */
import { LoupeError } from '../errors.ts';
import { canManageStaff, ROLES, type Role } from '../domain/roles.ts';
import type { FxBody, PriceListBody, ReservationsBody, StaffBody } from '../wire/hq-desired-documents.ts';
import { movePiece } from './pieces.ts';
import type { Db } from './db.ts';
import { countActiveWithRole, findStaffByCode, findStaffById, insertStaff, updateStaffPin, updateStaffProfile } from './staff.ts';

/** Marks a member HQ created without a PIN: no PIN matches it until a manager sets one at the till. */
export const NO_PIN_HASH = 'unset';

const MANAGING_ROLES = ROLES.filter(canManageStaff);
// Pieces that have left the store keep the price they left at.
const FROZEN_STATUSES = new Set(['sold', 'memo_returned', 'transferred']);

function refuse(reason: string, details: Record<string, unknown> = {}): never {
  throw new LoupeError('LOUPE_E_LINK_DOCUMENT_REJECTED', { reason, ...details }, `A document from HQ could not be applied: ${reason}.`);
}

export interface PriceListSummary {
  prices: number;
  changed: number;
  unchanged: number;
  unknown: number;
  frozen: number;
}

/** Replaces the stored price list and reprices the pieces in stock it names. */
export function applyPriceList(db: Db, version: number, body: PriceListBody, at: string): PriceListSummary {
  const findPiece = db.prepare<[string], { id: string; currency: string; retail_minor: number; status: string }>(
    'SELECT id, currency, retail_minor, status FROM pieces WHERE stock_no = ?',
  );
  const reprice = db.prepare('UPDATE pieces SET retail_minor = ?, updated_at = ? WHERE id = ?');
  const store = db.prepare('INSERT INTO price_list (stock_no, retail_minor, currency, version) VALUES (?, ?, ?, ?)');
  db.prepare('DELETE FROM price_list').run();
  const summary: PriceListSummary = { prices: body.prices.length, changed: 0, unchanged: 0, unknown: 0, frozen: 0 };
  const seen = new Set<string>();
  for (const price of body.prices) {
    if (seen.has(price.stockNo)) refuse(`stock number ${price.stockNo} is priced twice`, { stockNo: price.stockNo });
    seen.add(price.stockNo);
    store.run(price.stockNo, price.retailMinor, body.currency, version);
    const piece = findPiece.get(price.stockNo);
    if (!piece) summary.unknown += 1;
    else if (piece.currency !== body.currency) {
      refuse(`piece ${price.stockNo} is priced in ${piece.currency}, the price list in ${body.currency}`, { stockNo: price.stockNo });
    } else if (FROZEN_STATUSES.has(piece.status)) summary.frozen += 1;
    else if (piece.retail_minor === price.retailMinor) summary.unchanged += 1;
    else {
      reprice.run(price.retailMinor, at, piece.id);
      summary.changed += 1;
    }
  }
  return summary;
}

export interface FxRate {
  base: string;
  quote: string;
  rateE8: number;
  asOf: string;
}

export function applyFxRates(db: Db, version: number, body: FxBody): { base: string; rates: number } {
  db.prepare('DELETE FROM fx_rates').run();
  const insert = db.prepare('INSERT INTO fx_rates (base, quote, rate_e8, as_of, version) VALUES (?, ?, ?, ?, ?)');
  for (const rate of body.rates) {
    if (rate.quote === body.base) refuse(`an FX rate from ${body.base} to itself`);
    try {
      insert.run(body.base, rate.quote, rate.rateE8, rate.asOf, version);
    } catch {
      refuse(`the rate ${body.base}/${rate.quote} is listed twice`);
    }
  }
  return { base: body.base, rates: body.rates.length };
}

export function fxRates(db: Db): FxRate[] {
  return db
    .prepare<[], { base: string; quote: string; rate_e8: number; as_of: string }>('SELECT base, quote, rate_e8, as_of FROM fx_rates ORDER BY base, quote')
    .all()
    .map((row) => ({ base: row.base, quote: row.quote, rateE8: row.rate_e8, asOf: row.as_of }));
}

export interface StaffRosterSummary {
  members: number;
  added: number;
  updated: number;
  unchanged: number;
}

/** Adds and updates the members HQ manages; staff added at the till and not named by HQ are left alone. */
export function applyStaffRoster(db: Db, body: StaffBody, at: string): StaffRosterSummary {
  const summary: StaffRosterSummary = { members: body.members.length, added: 0, updated: 0, unchanged: 0 };
  for (const member of body.members) {
    const holder = findStaffByCode(db, member.code);
    if (holder && holder.id !== member.id) refuse(`staff number ${member.code} belongs to someone else at this store`, { code: member.code });
    const current = findStaffById(db, member.id);
    if (!current) {
      insertStaff(db, {
        id: member.id,
        code: member.code,
        name: member.name,
        role: member.role as Role,
        active: member.active,
        createdAt: at,
        updatedAt: at,
        pinHash: member.pinHash ?? NO_PIN_HASH,
      });
      summary.added += 1;
      continue;
    }
    if (current.code !== member.code) refuse(`staff member ${member.id} cannot change staff number`, { id: member.id });
    const samePin = member.pinHash === undefined || member.pinHash === current.pinHash;
    if (current.name === member.name && current.role === member.role && current.active === member.active && samePin) {
      summary.unchanged += 1;
      continue;
    }
    updateStaffProfile(db, member.id, { name: member.name, role: member.role as Role, active: member.active, updatedAt: at });
    if (!samePin && member.pinHash) updateStaffPin(db, member.id, member.pinHash, at);
    summary.updated += 1;
  }
  if (countActiveWithRole(db, MANAGING_ROLES) === 0) refuse('it would leave the store without an active manager or admin');
  return summary;
}

export interface ReservationConflict {
  id: string;
  stockNo: string;
  reason: string;
}

export interface ReservationsSummary {
  reservations: number;
  held: number;
  released: number;
  conflicts: ReservationConflict[];
}

/**
 * Makes the held click-and-collect reservations exactly the ones in the document: a piece in stock
 * becomes `reserved`, a piece whose reservation was dropped goes back in stock. A piece that is
 * not in stock (sold at the counter meanwhile, unknown) is recorded as a conflict for HQ.
 */
export function applyReservations(db: Db, version: number, body: ReservationsBody, at: string): ReservationsSummary {
  const wanted = new Map(body.reservations.map((reservation) => [reservation.id, reservation]));
  if (wanted.size !== body.reservations.length) refuse('a reservation id is listed twice');
  const previous = db
    .prepare<[], { id: string; piece_id: string | null; state: string }>('SELECT id, piece_id, state FROM reservations')
    .all();
  const pieceStatus = db.prepare<[string], { id: string; status: string }>('SELECT id, status FROM pieces WHERE stock_no = ?');
  const summary: ReservationsSummary = { reservations: wanted.size, held: 0, released: 0, conflicts: [] };

  const keptPieces = new Set<string>();
  for (const row of previous) {
    const next = wanted.get(row.id);
    if (next && row.state === 'held' && row.piece_id && pieceStatus.get(next.stockNo)?.id === row.piece_id) {
      keptPieces.add(row.piece_id);
      continue;
    }
    if (row.state === 'held' && row.piece_id) summary.released += movePiece(db, row.piece_id, 'release', at) ? 1 : 0;
  }
  db.prepare('DELETE FROM reservations').run();

  const insert = db.prepare(
    `INSERT INTO reservations (id, stock_no, piece_id, customer_ref, hold_until, state, conflict, version)
     VALUES (@id, @stockNo, @pieceId, @customerRef, @holdUntil, @state, @conflict, @version)`,
  );
  const holding = new Set<string>();
  for (const reservation of body.reservations) {
    const piece = pieceStatus.get(reservation.stockNo);
    let conflict: string | null = null;
    if (!piece) conflict = 'no piece with this stock number at this store';
    else if (holding.has(piece.id)) conflict = 'another reservation in this document holds the piece';
    else if (keptPieces.has(piece.id) && piece.status === 'reserved') conflict = null;
    else if (piece.status === 'in_stock') movePiece(db, piece.id, 'reserve', at);
    else conflict = `the piece is ${piece.status.replace('_', ' ')}`;
    if (conflict) summary.conflicts.push({ id: reservation.id, stockNo: reservation.stockNo, reason: conflict });
    else {
      summary.held += 1;
      holding.add((piece as { id: string }).id);
    }
    insert.run({
      ...reservation,
      pieceId: piece?.id ?? null,
      state: conflict ? 'conflict' : 'held',
      conflict,
      version,
    });
  }
  return summary;
}

export interface Reservation {
  id: string;
  stockNo: string;
  pieceId: string | null;
  customerRef: string;
  holdUntil: string;
  state: 'held' | 'conflict';
  conflict: string | null;
}

export function listReservations(db: Db): Reservation[] {
  return db
    .prepare<[], { id: string; stock_no: string; piece_id: string | null; customer_ref: string; hold_until: string; state: 'held' | 'conflict'; conflict: string | null }>(
      'SELECT * FROM reservations ORDER BY id',
    )
    .all()
    .map((row) => ({
      id: row.id,
      stockNo: row.stock_no,
      pieceId: row.piece_id,
      customerRef: row.customer_ref,
      holdUntil: row.hold_until,
      state: row.state,
      conflict: row.conflict,
    }));
}

export function storedPrice(db: Db, stockNo: string): { retailMinor: number; currency: string } | undefined {
  const row = db.prepare<[string], { retail_minor: number; currency: string }>('SELECT retail_minor, currency FROM price_list WHERE stock_no = ?').get(stockNo);
  return row && { retailMinor: row.retail_minor, currency: row.currency };
}
