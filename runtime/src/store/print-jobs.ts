/**
 * Print jobs: queued in the same transaction as the sale, refund or till close they print, then moved along by the
 * receipt runner (queued → printing → printed | uncertain). These state changes are bookkeeping of
 * a side effect, like the outbox's delivery state: they are written here directly, not as commands.
 * The table is also the printer's journal, so a job id never prints twice as an original, across
 * restarts too.
 */
import type { Db } from './db.ts';

export type PrintJobState = 'queued' | 'printing' | 'printed' | 'uncertain';

export type PrintJobKind = 'receipt' | 'gift' | 'refund' | 'till_report';

/**
 * `receipt`: the page as printed (JSON). Receipts and gift receipts are rendered from their sale
 * when they print; refund slips and till reports are rendered when they are queued.
 */
export interface PrintJobRow {
  id: string;
  kind: PrintJobKind;
  saleId: string | null;
  state: PrintJobState;
  receipt: string | null;
  copies: number;
}

const SELECT = 'SELECT id, kind, sale_id AS saleId, state, receipt, copies FROM print_jobs';

export type NewPrintJob =
  | { id: string; kind: 'receipt' | 'gift'; saleId: string; at: string }
  | { id: string; kind: 'refund'; refundId: string; page: string; at: string }
  | { id: string; kind: 'till_report'; tillId: string; page: string; at: string };

export function enqueuePrintJob(db: Db, job: NewPrintJob): boolean {
  return (
    db
      .prepare('INSERT OR IGNORE INTO print_jobs (id, kind, sale_id, refund_id, till_id, receipt, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(
        job.id,
        job.kind,
        job.kind === 'receipt' || job.kind === 'gift' ? job.saleId : null,
        job.kind === 'refund' ? job.refundId : null,
        job.kind === 'till_report' ? job.tillId : null,
        job.kind === 'refund' || job.kind === 'till_report' ? job.page : null,
        job.at,
        job.at,
      ).changes === 1
  );
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
