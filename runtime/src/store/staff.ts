/** SQL for the staff table. PIN hashes are read only by the sign-in path and never leave this module's callers. */
import type { Role } from '../domain/roles.ts';
import type { LockoutState } from '../domain/lockout.ts';
import type { Db } from './db.ts';

export interface StaffMember {
  id: string;
  code: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface StaffCredentials extends StaffMember, LockoutState {
  pinHash: string;
}

interface StaffRow {
  id: string;
  code: string;
  name: string;
  role: Role;
  pin_hash: string;
  active: 0 | 1;
  failed_attempts: number;
  lockouts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

function member(row: StaffRow): StaffMember {
  return { id: row.id, code: row.code, name: row.name, role: row.role, active: row.active === 1, createdAt: row.created_at, updatedAt: row.updated_at };
}

function credentials(row: StaffRow): StaffCredentials {
  return { ...member(row), pinHash: row.pin_hash, failedAttempts: row.failed_attempts, lockouts: row.lockouts, lockedUntil: row.locked_until };
}

export function findStaffByCode(db: Db, code: string): StaffCredentials | undefined {
  const row = db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE code = ?').get(code);
  return row && credentials(row);
}

export function findStaffById(db: Db, id: string): StaffCredentials | undefined {
  const row = db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?').get(id);
  return row && credentials(row);
}

export function listStaff(db: Db): StaffMember[] {
  return db.prepare<[], StaffRow>('SELECT * FROM staff ORDER BY active DESC, name').all().map(member);
}

export function countActiveWithRole(db: Db, roles: readonly Role[]): number {
  const marks = roles.map(() => '?').join(',');
  return db.prepare<Role[], { n: number }>(`SELECT COUNT(*) AS n FROM staff WHERE active = 1 AND role IN (${marks})`).get(...roles)?.n ?? 0;
}

export function insertStaff(db: Db, staff: StaffMember & { pinHash: string }): void {
  db.prepare(
    `INSERT INTO staff (id, code, name, role, pin_hash, active, created_at, updated_at)
     VALUES (@id, @code, @name, @role, @pinHash, @active, @createdAt, @updatedAt)`,
  ).run({ ...staff, active: staff.active ? 1 : 0 });
}

export function updateStaffProfile(db: Db, id: string, change: { name: string; role: Role; active: boolean; updatedAt: string }): void {
  db.prepare('UPDATE staff SET name = ?, role = ?, active = ?, updated_at = ? WHERE id = ?').run(
    change.name,
    change.role,
    change.active ? 1 : 0,
    change.updatedAt,
    id,
  );
}

export function updateStaffPin(db: Db, id: string, pinHash: string, updatedAt: string): void {
  db.prepare('UPDATE staff SET pin_hash = ?, failed_attempts = 0, lockouts = 0, locked_until = NULL, updated_at = ? WHERE id = ?').run(
    pinHash,
    updatedAt,
    id,
  );
}

export function updateLockout(db: Db, id: string, state: LockoutState): void {
  db.prepare('UPDATE staff SET failed_attempts = ?, lockouts = ?, locked_until = ? WHERE id = ?').run(
    state.failedAttempts,
    state.lockouts,
    state.lockedUntil,
    id,
  );
}
