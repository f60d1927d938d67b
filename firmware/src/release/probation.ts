/**
 * The candidate's health check on probation: does the new release do at least what the old one did?
 * Its API answers /healthz as the candidate's version with the ledger ok, the ledger file opens and
 * its audit chain verifies (so the migrations it ran left it whole), the devices that were `ok`
 * before the switch are `ok`, and the HQ link is online if it was.
 */
import Database from 'better-sqlite3';
import { verifyAuditLog } from '../../../runtime/src/store/audit-log.ts';
import { appliedMigrations } from '../../../runtime/src/store/ledger.ts';
import type { Health } from '../../../runtime/src/wire/api.ts';
import type { Candidate } from './state.ts';

/** Resolves with null when healthy, else with what is wrong. */
export async function probeCandidate(url: string, candidate: Candidate, ledgerPath: string): Promise<string | null> {
  let health: Health;
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return `/healthz answered ${response.status}`;
    health = (await response.json()) as Health;
  } catch (error) {
    return `/healthz did not answer: ${(error as Error).message}`;
  }
  if (health.version !== candidate.version) return `/healthz reports version ${health.version}`;
  if (!health.ledger.ok) return 'the ledger is not ok';
  const verdict = ledgerVerdict(ledgerPath);
  if (verdict) return verdict;
  const down = candidate.before.devicesOk.filter((name) => health.devices.find((device) => device.name === name)?.state !== 'ok');
  if (down.length > 0) return `devices not ok as before: ${down.join(', ')}`;
  if (candidate.before.hqOnline && health.hqLink.state !== 'online') return `the HQ link is ${health.hqLink.state}, it was online`;
  return null;
}

function ledgerVerdict(ledgerPath: string): string | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(ledgerPath, { readonly: true, fileMustExist: true });
    const verdict = verifyAuditLog(db);
    return verdict.ok ? null : `the audit chain breaks: ${JSON.stringify(verdict.break)}`;
  } catch (error) {
    return `the ledger does not open: ${(error as Error).message}`;
  } finally {
    db?.close();
  }
}

/** The migrations a ledger file holds (read-only; the file may be in use). */
export function ledgerMigrations(ledgerPath: string): number[] {
  const db = new Database(ledgerPath, { readonly: true, fileMustExist: true });
  try {
    return appliedMigrations(db);
  } finally {
    db.close();
  }
}
