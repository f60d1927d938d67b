/**
 * SQL of the client book: profiles (every personal field in one JSON document), identity for
 * large cash, tiers, appointments, cash payments and Form 8300 records, the points ledger, and
 * the erasure of a client's personal data from the ledger file itself.
 */
import { canonicalJson, type Json } from '../domain/canonical-json.ts';
import type { PointsEntry, PointsKind } from '../domain/loyalty.ts';
import type { Tier } from '../domain/tiers.ts';
import type { InterestBody } from '../wire/hq-desired-documents.ts';
import type { Db } from './db.ts';

export interface ClientRow {
  id: string;
  createdAt: string;
  updatedAt: string;
  profile: string;
  identity: string | null;
  tier: Tier;
  state: 'active' | 'merged' | 'erased';
  mergedInto: string | null;
}

const CLIENT_COLUMNS = 'id, created_at AS createdAt, updated_at AS updatedAt, profile, identity, tier, state, merged_into AS mergedInto';

export function insertClient(db: Db, client: { id: string; at: string; profile: string }): void {
  db.prepare("INSERT INTO clients (id, created_at, updated_at, profile, tier) VALUES (?, ?, ?, ?, 'new')").run(client.id, client.at, client.at, client.profile);
}

export function findClient(db: Db, id: string): ClientRow | undefined {
  return db.prepare<[string], ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE id = ?`).get(id);
}

export function activeClients(db: Db): ClientRow[] {
  return db.prepare<[], ClientRow>(`SELECT ${CLIENT_COLUMNS} FROM clients WHERE state = 'active'`).all();
}

export function updateClientProfile(db: Db, id: string, profile: string, at: string): void {
  db.prepare('UPDATE clients SET profile = ?, updated_at = ? WHERE id = ?').run(profile, at, id);
}

export function updateClientIdentity(db: Db, id: string, identity: string, at: string): void {
  db.prepare('UPDATE clients SET identity = ?, updated_at = ? WHERE id = ?').run(identity, at, id);
}

export function updateClientTier(db: Db, id: string, tier: Tier): void {
  db.prepare('UPDATE clients SET tier = ? WHERE id = ?').run(tier, id);
}

/** The clients merged into `id`, at any depth, with `id` itself first. */
export function clientAndMerged(db: Db, id: string): string[] {
  return db
    .prepare<[string], { id: string }>(
      `WITH RECURSIVE tree(id) AS (SELECT ? UNION SELECT c.id FROM clients c JOIN tree ON c.merged_into = tree.id) SELECT id FROM tree`,
    )
    .all(id)
    .map((row) => row.id);
}

// --- sales of a client

export function attachSaleToClient(db: Db, saleId: string, clientId: string): void {
  db.prepare('UPDATE sales SET client_id = ? WHERE id = ?').run(clientId, saleId);
}

export function clientOfSale(db: Db, saleId: string): string | null {
  return db.prepare<[string], { clientId: string | null }>('SELECT client_id AS clientId FROM sales WHERE id = ?').get(saleId)?.clientId ?? null;
}

export interface ClientSaleRow {
  saleId: string;
  receiptNo: string;
  at: string;
  totalMinor: number;
  refundedMinor: number;
  document: string;
}

/** The client's sales, newest first, each with what has been refunded of it. */
export function clientSales(db: Db, clientId: string): ClientSaleRow[] {
  return db
    .prepare<[string], ClientSaleRow>(
      `SELECT s.id AS saleId, s.receipt_no AS receiptNo, s.completed_at AS at, s.total_minor AS totalMinor,
         COALESCE((SELECT SUM(r.amount_minor) FROM refunds r WHERE r.sale_id = s.id), 0) AS refundedMinor, s.document
       FROM sales s WHERE s.client_id = ? ORDER BY s.completed_at DESC`,
    )
    .all(clientId);
}

/** Net spend per client in [from, to): the rising-clients list compares two windows. */
export function netSpendByClient(db: Db, from: string, to: string): Map<string, number> {
  const rows = db
    .prepare<[string, string], { clientId: string; net: number }>(
      `SELECT s.client_id AS clientId, SUM(s.total_minor - COALESCE((SELECT SUM(r.amount_minor) FROM refunds r WHERE r.sale_id = s.id), 0)) AS net
       FROM sales s WHERE s.client_id IS NOT NULL AND s.completed_at >= ? AND s.completed_at < ? GROUP BY s.client_id`,
    )
    .all(from, to);
  return new Map(rows.map((row) => [row.clientId, row.net]));
}

export interface ClientRefundRow {
  refundNo: string;
  receiptNo: string;
  at: string;
  amountMinor: number;
}

export function clientRefunds(db: Db, clientId: string): ClientRefundRow[] {
  return db
    .prepare<[string], ClientRefundRow>(
      `SELECT r.refund_no AS refundNo, s.receipt_no AS receiptNo, r.refunded_at AS at, r.amount_minor AS amountMinor
       FROM refunds r JOIN sales s ON s.id = r.sale_id WHERE s.client_id = ? ORDER BY r.refunded_at DESC`,
    )
    .all(clientId);
}

// --- pieces, for recommendations and the wish list

export interface PieceTraitsRow {
  stockNo: string;
  description: string;
  category: string;
  metal: string;
  metalColour: string | null;
  collection: string | null;
  designer: string | null;
  styleName: string | null;
  stones: string | null;
  retailMinor: number;
  status: string;
}

/** The stones' types cost a lookup per piece: only when someone will read them. */
const traits = (withStones: boolean) => `SELECT p.stock_no AS stockNo, p.description, p.category, p.metal, p.metal_colour AS metalColour, s.collection, s.designer,
  s.name AS styleName, ${withStones ? '(SELECT group_concat(st.type) FROM piece_stones st WHERE st.piece_id = p.id)' : 'NULL'} AS stones,
  p.retail_minor AS retailMinor, p.status FROM pieces p LEFT JOIN styles s ON s.id = p.style_id`;
const TRAITS = traits(true);

export function piecesByStockNo(db: Db, stockNos: readonly string[]): PieceTraitsRow[] {
  if (stockNos.length === 0) return [];
  return db.prepare<string[], PieceTraitsRow>(`${TRAITS} WHERE p.stock_no IN (${stockNos.map(() => '?').join(',')})`).all(...stockNos);
}

/**
 * Pieces in stock within the budget that share a collection, designer or metal with what the
 * client bought or likes, lowest stock number first; stone types only when `withStones`.
 */
export function inStockCandidates(db: Db, hints: { collections: string[]; designers: string[]; metals: string[]; budget: { minMinor: number; maxMinor: number } | null; withStones: boolean }): PieceTraitsRow[] {
  const list = (values: string[]) => (values.length === 0 ? "('')" : `(${values.map(() => '?').join(',')})`);
  const budget = hints.budget ?? { minMinor: 0, maxMinor: Number.MAX_SAFE_INTEGER };
  return db
    .prepare<(string | number)[], PieceTraitsRow>(
      `${traits(hints.withStones)} WHERE p.status = 'in_stock' AND p.retail_minor BETWEEN ? AND ?
        AND (s.collection IN ${list(hints.collections)} OR s.designer IN ${list(hints.designers)} OR p.metal IN ${list(hints.metals)})
        ORDER BY p.stock_no LIMIT 2000`,
    )
    .all(budget.minMinor, budget.maxMinor, ...hints.collections, ...hints.designers, ...hints.metals);
}

/** In-stock pieces of a style or collection by name (a wish-list entry "Aurora Solitaire", a style viewed online). */
export function inStockOfStyle(db: Db, name: string): PieceTraitsRow[] {
  return db.prepare<[string, string], PieceTraitsRow>(`${TRAITS} WHERE p.status = 'in_stock' AND (s.name = ? COLLATE NOCASE OR s.collection = ? COLLATE NOCASE) LIMIT 5`).all(name, name);
}

// --- online interest (HQ's `interest` desired document)

/** Replaces the online interest with HQ's list; entries of clients this store does not know are counted, not kept. */
export function applyOnlineInterest(db: Db, body: InterestBody): { entries: number; clients: number; unknownClients: number } {
  db.prepare('DELETE FROM client_online_interest').run();
  const known = db.prepare<[string], { id: string }>("SELECT id FROM clients WHERE id = ? AND state = 'active'");
  const insert = db.prepare('INSERT INTO client_online_interest (client_id, stock_no, style, viewed_at) VALUES (?, ?, ?, ?)');
  const clients = new Set<string>();
  const unknown = new Set<string>();
  let entries = 0;
  for (const entry of body.interest) {
    if (!known.get(entry.clientId)) {
      unknown.add(entry.clientId);
      continue;
    }
    clients.add(entry.clientId);
    insert.run(entry.clientId, entry.stockNo ?? null, entry.style ?? null, new Date(entry.viewedAt).toISOString());
    entries += 1;
  }
  return { entries, clients: clients.size, unknownClients: unknown.size };
}

export interface InterestRow {
  stockNo: string | null;
  style: string | null;
  viewedAt: string;
}

export function onlineInterest(db: Db, clientId: string): InterestRow[] {
  return db
    .prepare<[string], InterestRow>('SELECT stock_no AS stockNo, style, viewed_at AS viewedAt FROM client_online_interest WHERE client_id = ? ORDER BY viewed_at DESC LIMIT 50')
    .all(clientId);
}

// --- appointments

export interface AppointmentRow {
  id: string;
  clientId: string;
  at: string;
  staffId: string;
  staffName: string;
  purpose: string;
  pieces: string;
}

export function insertAppointment(db: Db, appointment: { id: string; clientId: string; at: string; staffId: string; purpose: string; pieces: string; createdAt: string }): void {
  db.prepare('INSERT INTO client_appointments (id, client_id, at, staff_id, purpose, pieces, created_at) VALUES (@id, @clientId, @at, @staffId, @purpose, @pieces, @createdAt)').run(appointment);
}

const APPOINTMENTS = `SELECT a.id, a.client_id AS clientId, a.at, a.staff_id AS staffId, st.name AS staffName, a.purpose, a.pieces
  FROM client_appointments a JOIN staff st ON st.id = a.staff_id`;

export function clientAppointments(db: Db, clientId: string): AppointmentRow[] {
  return db.prepare<[string], AppointmentRow>(`${APPOINTMENTS} WHERE a.client_id = ? ORDER BY a.at DESC`).all(clientId);
}

export function appointmentsBetween(db: Db, from: string, to: string): AppointmentRow[] {
  return db.prepare<[string, string], AppointmentRow>(`${APPOINTMENTS} WHERE a.at >= ? AND a.at < ? ORDER BY a.at`).all(from, to);
}

// --- large cash

export interface CashPaymentRow {
  id: string;
  at: string;
  amountMinor: number;
  currency: string;
  instrument: string;
  saleId: string;
  reportedIn: string | null;
}

export function insertCashPayment(
  db: Db,
  payment: { id: string; clientId: string; saleId: string; at: string; amountMinor: number; currency: string; instrument: string; tenderedMinor: number; tenderedCurrency: string; rate: string | null },
): void {
  db.prepare(
    `INSERT INTO client_cash_payments (id, client_id, sale_id, at, amount_minor, currency, instrument, tendered_minor, tendered_currency, rate)
     VALUES (@id, @clientId, @saleId, @at, @amountMinor, @currency, @instrument, @tenderedMinor, @tenderedCurrency, @rate)`,
  ).run(payment);
}

/** Cash of the client at or after `since` (and any stamped later than now: a clock that went back). */
export function cashPaymentsSince(db: Db, clientIds: readonly string[], since: string): CashPaymentRow[] {
  return db
    .prepare<string[], CashPaymentRow>(
      `SELECT id, at, amount_minor AS amountMinor, currency, instrument, sale_id AS saleId, reported_in AS reportedIn FROM client_cash_payments
       WHERE client_id IN (${clientIds.map(() => '?').join(',')}) AND at >= ? ORDER BY at`,
    )
    .all(...clientIds, since);
}

export function markCashReported(db: Db, paymentIds: readonly string[], reportId: string): void {
  const mark = db.prepare('UPDATE client_cash_payments SET reported_in = ? WHERE id = ?');
  for (const id of paymentIds) mark.run(reportId, id);
}

export interface Form8300Row {
  id: string;
  clientId: string;
  saleId: string;
  createdAt: string;
  fileBy: string;
  totalCashMinor: number;
  currency: string;
  record: string;
  filedAt: string | null;
  filingReference: string | null;
}

export function insertForm8300(db: Db, report: Omit<Form8300Row, 'filedAt' | 'filingReference'>): void {
  db.prepare(
    `INSERT INTO form_8300_reports (id, client_id, sale_id, created_at, file_by, total_cash_minor, currency, record)
     VALUES (@id, @clientId, @saleId, @createdAt, @fileBy, @totalCashMinor, @currency, @record)`,
  ).run(report);
}

const FORM_8300 = `SELECT id, client_id AS clientId, sale_id AS saleId, created_at AS createdAt, file_by AS fileBy, total_cash_minor AS totalCashMinor,
  currency, record, filed_at AS filedAt, filing_reference AS filingReference FROM form_8300_reports`;

export function listForm8300(db: Db): Form8300Row[] {
  return db.prepare<[], Form8300Row>(`${FORM_8300} ORDER BY filed_at IS NOT NULL, file_by`).all();
}

export function findForm8300(db: Db, id: string): Form8300Row | undefined {
  return db.prepare<[string], Form8300Row>(`${FORM_8300} WHERE id = ?`).get(id);
}

export function markForm8300Filed(db: Db, id: string, filed: { at: string; by: string; reference: string }): void {
  db.prepare('UPDATE form_8300_reports SET filed_at = ?, filed_by = ?, filing_reference = ? WHERE id = ?').run(filed.at, filed.by, filed.reference, id);
}

/** Large-cash records of the clients written at or after `since` (still to be kept). */
export function form8300Since(db: Db, clientIds: readonly string[], since: string): number {
  return (
    db
      .prepare<string[], { n: number }>(`SELECT COUNT(*) AS n FROM form_8300_reports WHERE client_id IN (${clientIds.map(() => '?').join(',')}) AND created_at >= ?`)
      .get(...clientIds, since)?.n ?? 0
  );
}

// --- loyalty points

export function insertPoints(db: Db, entry: { id: string; clientId: string; at: string; kind: PointsKind; points: number; saleId: string | null; multiplierPct: number | null }): void {
  db.prepare('INSERT INTO client_points (id, client_id, at, kind, points, sale_id, multiplier_pct) VALUES (@id, @clientId, @at, @kind, @points, @saleId, @multiplierPct)').run(entry);
}

export function clientPoints(db: Db, clientId: string): PointsEntry[] {
  return db.prepare<[string], PointsEntry>('SELECT at, kind, points FROM client_points WHERE client_id = ? ORDER BY at, rowid').all(clientId);
}

/** What a sale has earned so far (earned less reversed) and the multiplier it earned at. */
export function salePoints(db: Db, saleId: string): { points: number; multiplierPct: number | null } {
  const row = db
    .prepare<[string], { points: number | null; multiplierPct: number | null }>(
      "SELECT SUM(points) AS points, MAX(multiplier_pct) AS multiplierPct FROM client_points WHERE sale_id = ? AND kind IN ('earn', 'reverse')",
    )
    .get(saleId);
  return { points: row?.points ?? 0, multiplierPct: row?.multiplierPct ?? null };
}

// --- merge and erasure

/** Moves every history row of `from` to `into`: sales, cash, Form 8300 records, points, appointments, online interest. */
export function moveClientHistory(db: Db, from: string, into: string): void {
  for (const table of ['client_cash_payments', 'form_8300_reports', 'client_points', 'client_appointments', 'client_online_interest']) {
    db.prepare(`UPDATE ${table} SET client_id = ? WHERE client_id = ?`).run(into, from);
  }
  db.prepare('UPDATE sales SET client_id = ? WHERE client_id = ?').run(into, from);
}

export function markClientMerged(db: Db, from: string, into: string, at: string): void {
  db.prepare("UPDATE clients SET state = 'merged', merged_into = ?, profile = '{}', identity = NULL, updated_at = ? WHERE id = ?").run(into, at, from);
}

/**
 * Removes the personal data of `clientIds` (a client and those merged into it) from every table:
 * the profile and identity blanked, appointments deleted, sales kept but no longer linked, the
 * snapshots of their audit entries blanked (the chain keeps the digests), and the payload of
 * every outbox event about them replaced by `{clientId, erased: true}`, sent or not.
 */
export function eraseClientData(db: Db, clientIds: readonly string[], at: string): { auditSnapshots: number; outboxEvents: number } {
  let auditSnapshots = 0;
  let outboxEvents = 0;
  const events = db.prepare<[string, string], { seq: number; body: string }>("SELECT seq, body FROM outbox WHERE business_key = ? OR business_key LIKE ? ESCAPE '\\'");
  const rewrite = db.prepare('UPDATE outbox SET body = ? WHERE seq = ?');
  for (const id of clientIds) {
    db.prepare("UPDATE clients SET profile = '{}', identity = NULL, state = 'erased', updated_at = ? WHERE id = ?").run(at, id);
    db.prepare('DELETE FROM client_appointments WHERE client_id = ?').run(id);
    db.prepare('DELETE FROM client_online_interest WHERE client_id = ?').run(id);
    db.prepare('UPDATE sales SET client_id = NULL WHERE client_id = ?').run(id);
    auditSnapshots += db.prepare('UPDATE audit_log SET before_json = NULL, after_json = NULL WHERE target = ? AND (before_json IS NOT NULL OR after_json IS NOT NULL)').run(`client:${id}`).changes;
    for (const event of events.all(`client:${id}`, `client:${id}:%`)) {
      const envelope = JSON.parse(event.body) as Record<string, Json>;
      rewrite.run(canonicalJson({ ...envelope, payload: { clientId: id, erased: true } }), event.seq);
      outboxEvents += 1;
    }
  }
  return { auditSnapshots, outboxEvents };
}

/**
 * After an erasure: rewrites the file without free pages or free space inside pages (VACUUM), so
 * the erased bytes are nowhere in it, and empties the WAL, which still holds the old pages.
 * Blocks the ledger for as long as the copy takes (about a second for a year of a busy store).
 */
export function purgeErasedBytes(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
