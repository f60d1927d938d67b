/** The technician's commands beside `start`: audit verify, staff add, backup, restore. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { backupFileName, BACKUP_DIR, LEDGER_FILE } from '../../runtime/src/app.ts';
import { loadSettings } from '../../runtime/src/config/settings.ts';
import { SYSTEM_ACTOR } from '../../runtime/src/domain/actor.ts';
import { createUlidFactory } from '../../runtime/src/domain/ulid.ts';
import { ROLES, type Role } from '../../runtime/src/domain/roles.ts';
import { LoupeError } from '../../runtime/src/errors.ts';
import { StaffService } from '../../runtime/src/modules/staff/staff-service.ts';
import { CatalogService } from '../../runtime/src/modules/catalog/catalog-service.ts';
import type { ImportProblem } from '../../runtime/src/modules/catalog/catalog-csv.ts';
import type { Settings } from '../../runtime/src/config/settings-schema.ts';
import { verifyAuditLog } from '../../runtime/src/store/audit-log.ts';
import { backupLedgerFile, checkBackup, restoreBackup } from '../../runtime/src/store/backup.ts';
import { Ledger } from '../../runtime/src/store/ledger.ts';
import { randomBytes } from 'node:crypto';
import { linuxPlatform } from './platform.ts';
import { PID_FILE } from './start.ts';
import Database from 'better-sqlite3';

function ledgerPath(dataDir: string): string {
  return join(dataDir, LEDGER_FILE);
}

function requireLedger(dataDir: string): string {
  const path = ledgerPath(dataDir);
  if (!existsSync(path)) throw new LoupeError('LOUPE_E_LEDGER_NOT_FOUND', { path }, `There is no ledger at ${path}.`);
  return path;
}

export async function auditVerify(dataDir: string): Promise<number> {
  const db = new Database(requireLedger(dataDir), { readonly: true, fileMustExist: true });
  try {
    const verdict = verifyAuditLog(db);
    if (verdict.ok) {
      process.stdout.write(`OK: ${verdict.entries} audit entries, chain head ${verdict.headHash}\n`);
      return 0;
    }
    process.stdout.write(`BROKEN: entry #${verdict.break.seq} was ${verdict.break.kind} (${verdict.entries} entries read)\n`);
    return 3;
  } finally {
    db.close();
  }
}

async function readPin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('PIN (not shown): ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line.trim();
  }
  return '';
}

/** Opens the ledger for a technician's command, as the appliance itself would (same identity, migrations). */
async function withLedger<T>(dataDir: string, use: (ctx: { ledger: Ledger; settings: Settings; now: () => Date; newId: () => string }) => Promise<T>): Promise<T> {
  const settings = await loadSettings(dataDir);
  const platform = linuxPlatform();
  const now = () => new Date();
  const newId = createUlidFactory({ now: () => Date.now(), randomBytes: (size) => randomBytes(size) });
  const ledger = Ledger.open({
    path: ledgerPath(dataDir),
    identity: { deviceId: settings.device.id, storeId: settings.store.id, bootId: platform.bootId, clockSynced: platform.clockSynced },
    now,
    newId,
  });
  try {
    return await use({ ledger, settings, now, newId });
  } finally {
    ledger.close();
  }
}

export async function staffAdd(dataDir: string, input: { code?: string | undefined; name?: string | undefined; role?: string | undefined }): Promise<number> {
  const { code, name, role } = input;
  if (!code || !name || !role || !(ROLES as readonly string[]).includes(role)) {
    throw new LoupeError('LOUPE_E_API_VALIDATION', { allowedRoles: ROLES }, `staff add needs --code, --name and --role (one of ${ROLES.join(', ')})`);
  }
  const pin = await readPin();
  return withLedger(dataDir, async ({ ledger, settings, now, newId }) => {
    const staff = new StaffService({ ledger, now, newId, pinHashCost: settings.security.pinHashCost, lockout: settings.security.lockout });
    const added = await staff.addFromConsole({ code, name, role: role as Role, pin });
    process.stdout.write(`added ${added.name} (${added.role}) as staff number ${added.code}\n`);
    return 0;
  });
}

export async function catalogImport(dataDir: string, file: string, skipInvalid: boolean): Promise<number> {
  const text = readFileSync(file, 'utf8');
  return withLedger(dataDir, async ({ ledger, settings, now, newId }) => {
    const catalog = new CatalogService({ ledger, now, newId, currency: settings.store.currency });
    try {
      const { imported, skipped } = catalog.importCsv({ name: basename(file), text }, { skipInvalid }, SYSTEM_ACTOR);
      for (const problem of skipped) process.stderr.write(`skipped line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}: ${problem.reason}\n`);
      process.stdout.write(`imported ${imported.length} piece${imported.length === 1 ? '' : 's'} from ${basename(file)}${skipped.length ? `; ${skipped.length} problem(s) skipped` : ''}\n`);
      return 0;
    } catch (error) {
      if (!(error instanceof LoupeError) || error.code !== 'LOUPE_E_CATALOG_IMPORT_INVALID') throw error;
      for (const problem of (error.details?.problems ?? []) as ImportProblem[]) {
        process.stderr.write(`line ${problem.line}${problem.column ? `, column ${problem.column}` : ''}: ${problem.reason}\n`);
      }
      process.stderr.write(`loupe: ${error.code}: ${error.message}\n  ${error.hint}\n`);
      return 1;
    }
  });
}

export async function backup(dataDir: string, to: string | undefined): Promise<number> {
  const settings = await loadSettings(dataDir);
  const destination = to ?? join(dataDir, BACKUP_DIR, backupFileName(settings, new Date().toISOString()));
  const { sizeBytes } = await backupLedgerFile(requireLedger(dataDir), destination);
  const verdict = checkBackup(destination);
  process.stdout.write(`backed up to ${resolve(destination)} (${sizeBytes} bytes, ${verdict.entries} audit entries verified)\n`);
  return 0;
}

/** The pid of the appliance running on this data folder, if one is. */
export function runningPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, PID_FILE), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

export async function restore(dataDir: string, file: string): Promise<number> {
  const pid = runningPid(dataDir);
  if (pid !== null) throw new LoupeError('LOUPE_E_LEDGER_IN_USE', { pid });
  const { replaced } = restoreBackup(file, ledgerPath(dataDir), new Date());
  process.stdout.write(`restored ${resolve(file)}${replaced ? `; the ledger it replaced is kept as ${replaced}` : ''}\n`);
  return 0;
}
