/**
 * Print jobs: queued in the same transaction as the sale they print, then moved along by the
 * receipt runner (queued → printing → printed | uncertain). These state changes are bookkeeping of
 * a side effect, like the outbox's delivery state: they are written here directly, not as commands.
 * The table is also the printer's journal, so a job id never prints twice as an original, across
 * restarts too.
 */
import type { Db } from './ledger.ts';

export type PrintJobState = 'queued' | 'printing' | 'printed' | 'uncertain';

export interface PrintJobRow {
  id: string;
  saleId: string;
  kind: 'receipt' | 'gift';
  state: PrintJobState;
  receipt: string | null;
  copies: number;
}

const SELECT = 'SELECT id, sale_id AS saleId, kind, state, receipt, copies FROM print_jobs';

export function enqueuePrintJob(db: Db, job: { id: string; saleId: string; kind: 'receipt' | 'gift'; at: string }): boolean {
  return db.prepare('INSERT OR IGNORE INTO print_jobs (id, sale_id, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(job.id, job.saleId, job.kind, job.at, job.at).changes === 1;
}

export function queuedPrintJobs(db: Db): PrintJobRow[] {
  return db.prepare<[], PrintJobRow>(`${SELECT} WHERE state = 'queued' ORDER BY created_at, id`).all();
}

export function findPrintJob(db: Db, id: string): PrintJobRow | undefined {
  return db.prepare<[string], PrintJobRow>(`${SELECT} WHERE id = ?`).get(id);
}

/** Claims a queued job for printing; false when it is printing, printed or uncertain already. */
export function claimPrintJob(db: Db, id: string, receipt: string, at: string): boolean {
  return db.prepare("UPDATE print_jobs SET state = 'printing', receipt = ?, updated_at = ? WHERE id = ? AND state = 'queued'").run(receipt, at, id).changes === 1;
}

export function settlePrintJob(db: Db, id: string, state: PrintJobState, at: string): void {
  db.prepare('UPDATE print_jobs SET state = ?, updated_at = ? WHERE id = ?').run(state, at, id);
}

export function countCopy(db: Db, id: string, at: string): void {
  db.prepare('UPDATE print_jobs SET copies = copies + 1, updated_at = ? WHERE id = ?').run(at, id);
}
