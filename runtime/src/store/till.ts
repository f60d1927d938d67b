/** SQL for till sessions (drawer open → Z close) and the movements of money through them. */
import type { Db } from './db.ts';

export interface TillSession {
  id: string;
  openedAt: string;
  openedBy: string;
  currency: string;
  floatMinor: number;
}

export type MovementKind = 'sale' | 'change' | 'refund' | 'cash_in' | 'cash_out' | 'no_sale';

export interface Movement {
  id: string;
  sessionId: string;
  at: string;
  staffId: string | null;
  kind: MovementKind;
  tender: string;
  currency: string;
  /** Signed: money into the till is positive, out of it negative. */
  amount: number;
  reason: string | null;
  reference: string | null;
}

export function openTillSession(db: Db): TillSession | undefined {
  return db
    .prepare<[], TillSession>(
      'SELECT id, opened_at AS openedAt, opened_by AS openedBy, currency, float_minor AS floatMinor FROM till_sessions WHERE closed_at IS NULL',
    )
    .get();
}

export function insertTillSession(db: Db, session: TillSession): void {
  db.prepare('INSERT INTO till_sessions (id, opened_at, opened_by, currency, float_minor) VALUES (?, ?, ?, ?, ?)').run(
    session.id,
    session.openedAt,
    session.openedBy,
    session.currency,
    session.floatMinor,
  );
}

export function closeTillSession(db: Db, id: string, close: { at: string; by: string; zReport: string }): void {
  db.prepare('UPDATE till_sessions SET closed_at = ?, closed_by = ?, z_report = ? WHERE id = ?').run(close.at, close.by, close.zReport, id);
}

export function insertMovement(db: Db, movement: Movement): void {
  db.prepare(
    `INSERT INTO till_movements (id, session_id, at, staff_id, kind, tender, currency, amount_minor, reason, reference)
     VALUES (@id, @sessionId, @at, @staffId, @kind, @tender, @currency, @amount, @reason, @reference)`,
  ).run(movement);
}

/** Sums of one session's movements by kind, tender and currency. */
export function movementTotals(db: Db, sessionId: string): { kind: MovementKind; tender: string; currency: string; total: number; count: number }[] {
  return db
    .prepare<[string], { kind: MovementKind; tender: string; currency: string; total: number; count: number }>(
      `SELECT kind, tender, currency, SUM(amount_minor) AS total, COUNT(*) AS count FROM till_movements
       WHERE session_id = ? GROUP BY kind, tender, currency ORDER BY kind, tender, currency`,
    )
    .all(sessionId);
}
