/**
 * Ledger backups with SQLite's online backup API (consistent while the appliance writes), and
 * restores that refuse a file which fails SQLite's integrity check or the audit chain.
 */
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { LoupeError } from '../errors.ts';
import type { ChainVerdict } from '../domain/audit-chain.ts';
import { verifyAuditLog } from './audit-log.ts';

export async function backupDatabase(source: Database.Database, destination: string): Promise<{ sizeBytes: number }> {
  await source.backup(destination);
  return { sizeBytes: statSync(destination).size };
}

/** Backs up a ledger file that this process does not hold open (the CLI, while the appliance runs or not). */
export async function backupLedgerFile(ledgerPath: string, destination: string): Promise<{ sizeBytes: number }> {
  const db = new Database(ledgerPath, { readonly: true, fileMustExist: true });
  try {
    return await backupDatabase(db, destination);
  } finally {
    db.close();
  }
}

/** Opens a backup read-only and checks it: SQLite integrity, then the audit chain. */
export function checkBackup(file: string): ChainVerdict & { ok: true } {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new LoupeError('LOUPE_E_LEDGER_BACKUP_INVALID', { file, integrity: String(integrity) });
    const verdict = verifyAuditLog(db);
    if (!verdict.ok) throw new LoupeError('LOUPE_E_LEDGER_BACKUP_INVALID', { file, audit: verdict.break });
    return verdict;
  } catch (error) {
    if (error instanceof LoupeError) throw error;
    throw new LoupeError('LOUPE_E_LEDGER_BACKUP_INVALID', { file, reason: (error as Error).message });
  } finally {
    db?.close();
  }
}

/**
 * Puts a checked backup in place of the ledger. The ledger it replaces is kept beside it as
 * `<ledger>.replaced-<time>`; its WAL files go with it so nothing of it mixes into the restored file.
 */
export function restoreBackup(file: string, ledgerPath: string, at: Date): { replaced: string | null } {
  checkBackup(file);
  let replaced: string | null = null;
  if (existsSync(ledgerPath)) {
    replaced = `${ledgerPath}.replaced-${at.toISOString().replace(/[:.]/g, '')}`;
    renameSync(ledgerPath, replaced);
    for (const suffix of ['-wal', '-shm']) if (existsSync(ledgerPath + suffix)) renameSync(ledgerPath + suffix, replaced + suffix);
  }
  copyFileSync(file, ledgerPath);
  for (const suffix of ['-wal', '-shm']) rmSync(ledgerPath + suffix, { force: true });
  return { replaced };
}
