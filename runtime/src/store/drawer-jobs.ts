/**
 * Drawer jobs: a kick of the cash drawer, queued in the same transaction as the cash sale, cash
 * refund or till movement it is for (so a rolled-back command never opens the drawer, and a
 * committed one always asks), then run by the devices module (queued → kicking → opened | failed).
 * Like print jobs, the state changes after the queueing are bookkeeping of a side effect, written
 * here directly, not as commands. The job id is the command's own (`sale:0042-01-000017`), so a
 * command queues its kick once.
 */
import type { Actor } from '../domain/actor.ts';
import type { Db } from './db.ts';

export type DrawerJobState = 'queued' | 'kicking' | 'opened' | 'failed';

export interface DrawerJobRow {
  id: string;
  staffId: string;
  staffName: string;
  why: string;
  state: DrawerJobState;
  attempts: number;
  createdAt: string;
}

const SELECT = 'SELECT id, staff_id AS staffId, staff_name AS staffName, why, state, attempts, created_at AS createdAt FROM drawer_jobs';

/**
 * Asks for the drawer, inside the command's transaction. The drawer names who opens it, so a
 * command without a member of staff (the system) queues nothing. False when the id was queued already.
 */
export function requestDrawer(db: Db, actor: Actor, job: { id: string; why: string; at: string }): boolean {
  if (!actor.staff) return false;
  return (
    db
      .prepare('INSERT OR IGNORE INTO drawer_jobs (id, staff_id, staff_name, why, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(job.id, actor.staff.staffId, actor.staff.name, job.why, job.at, job.at).changes === 1
  );
}

export function queuedDrawerJobs(db: Db): DrawerJobRow[] {
  return db.prepare<[], DrawerJobRow>(`${SELECT} WHERE state = 'queued' ORDER BY created_at, id`).all();
}

export function findDrawerJob(db: Db, id: string): DrawerJobRow | undefined {
  return db.prepare<[string], DrawerJobRow>(`${SELECT} WHERE id = ?`).get(id);
}

/** Claims a queued job for one kick and counts the attempt; false when it is not queued (taken, done or given up). */
export function claimDrawerJob(db: Db, id: string, at: string): boolean {
  return db.prepare("UPDATE drawer_jobs SET state = 'kicking', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = 'queued'").run(at, id).changes === 1;
}

/** Records how a kick ended: `opened`, `queued` again to retry, or `failed` for good. */
export function settleDrawerJob(db: Db, id: string, state: Exclude<DrawerJobState, 'kicking'>, at: string, error: string | null = null): void {
  db.prepare('UPDATE drawer_jobs SET state = ?, last_error = ?, updated_at = ? WHERE id = ?').run(state, error, at, id);
}

/** A kick that was under way when the appliance stopped is not repeated: it may have opened the drawer. */
export function failInterruptedDrawerJobs(db: Db, at: string): number {
  return db.prepare("UPDATE drawer_jobs SET state = 'failed', last_error = 'interrupted by a restart', updated_at = ? WHERE state = 'kicking'").run(at).changes;
}
