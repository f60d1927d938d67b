/**
 * Staff commands and queries: add, edit, reset a PIN, and check a PIN with lock-out.
 * Every change goes through the ledger's write path with an audit entry and an `audit` event.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { checkPin } from '../../domain/pin-policy.ts';
import { afterRightPin, afterWrongPin, isLockedOut, type LockoutPolicy } from '../../domain/lockout.ts';
import { canManageStaff, ROLES, type Role } from '../../domain/roles.ts';
import type { Ledger } from '../../store/ledger.ts';
import {
  countActiveWithRole,
  findStaffByCode,
  findStaffById,
  insertStaff,
  listStaff,
  updateLockout,
  updateStaffPin,
  updateStaffProfile,
  type StaffCredentials,
  type StaffMember,
} from '../../store/staff.ts';
import { hashPin, pinMatches } from './pin-hash.ts';

export interface StaffServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  pinHashCost: number;
  lockout: LockoutPolicy;
}

export interface NewStaff {
  code: string;
  name: string;
  role: Role;
  pin: string;
}

export interface StaffPatch {
  name?: string;
  role?: Role;
  active?: boolean;
}

const MANAGING_ROLES = ROLES.filter(canManageStaff);

// Compared against when the staff number is unknown, so a wrong number costs as long as a wrong PIN.
const DECOY_HASH = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export class StaffService {
  readonly #ctx: StaffServiceContext;

  constructor(ctx: StaffServiceContext) {
    this.#ctx = ctx;
  }

  list(): StaffMember[] {
    return listStaff(this.#ctx.ledger.db);
  }

  get(id: string): StaffMember {
    const staff = findStaffById(this.#ctx.ledger.db, id);
    if (!staff) throw new LoupeError('LOUPE_E_STAFF_NOT_FOUND', { id });
    return publicView(staff);
  }

  async add(input: NewStaff, actor: Actor): Promise<StaffMember> {
    assertStrongPin(input.pin);
    const pinHash = await hashPin(input.pin, this.#ctx.pinHashCost);
    const at = this.#ctx.now().toISOString();
    const staff: StaffMember = { id: this.#ctx.newId(), code: input.code, name: input.name, role: input.role, active: true, createdAt: at, updatedAt: at };
    return this.#ctx.ledger.write({ action: 'staff.added', actor, target: `staff:${staff.id}` }, (db) => {
      if (findStaffByCode(db, input.code)) throw new LoupeError('LOUPE_E_STAFF_CODE_TAKEN', { code: input.code });
      insertStaff(db, { ...staff, pinHash });
      return { result: staff, after: profile(staff), events: [staffEvent('staff.added', staff)] };
    }).result;
  }

  update(id: string, patch: StaffPatch, actor: Actor): StaffMember {
    return this.#ctx.ledger.write({ action: 'staff.updated', actor, target: `staff:${id}` }, (db) => {
      const before = findStaffById(db, id);
      if (!before) throw new LoupeError('LOUPE_E_STAFF_NOT_FOUND', { id });
      const after: StaffMember = {
        ...publicView(before),
        name: patch.name ?? before.name,
        role: patch.role ?? before.role,
        active: patch.active ?? before.active,
        updatedAt: this.#ctx.now().toISOString(),
      };
      updateStaffProfile(db, id, after);
      if (countActiveWithRole(db, MANAGING_ROLES) === 0) throw new LoupeError('LOUPE_E_STAFF_LAST_ADMIN', { id });
      return { result: after, before: profile(before), after: profile(after), events: [staffEvent('staff.updated', after)] };
    }).result;
  }

  async resetPin(id: string, pin: string, actor: Actor): Promise<void> {
    assertStrongPin(pin);
    const pinHash = await hashPin(pin, this.#ctx.pinHashCost);
    this.#ctx.ledger.write({ action: 'staff.pinReset', actor, target: `staff:${id}` }, (db) => {
      const staff = findStaffById(db, id);
      if (!staff) throw new LoupeError('LOUPE_E_STAFF_NOT_FOUND', { id });
      updateStaffPin(db, id, pinHash, this.#ctx.now().toISOString());
      return { result: undefined, events: [staffEvent('staff.pin_reset', staff)] };
    });
  }

  /**
   * Checks a staff number and PIN. A wrong PIN counts towards the lock-out (and is recorded); a
   * right one clears the count. Unknown numbers and inactive staff answer exactly like a wrong PIN.
   */
  async verifyPin(code: string, pin: string): Promise<StaffMember> {
    const staff = findStaffByCode(this.#ctx.ledger.db, code);
    const usable = staff !== undefined && staff.active;
    if (usable && isLockedOut(staff, this.#ctx.now())) {
      throw new LoupeError('LOUPE_E_AUTH_LOCKED_OUT', { lockedUntil: staff.lockedUntil });
    }
    const matches = await pinMatches(pin, usable ? staff.pinHash : DECOY_HASH);
    if (!usable) throw new LoupeError('LOUPE_E_AUTH_PIN_WRONG');
    if (!matches) this.#recordWrongPin(staff);
    else if (staff.failedAttempts > 0 || staff.lockouts > 0) this.#recordRightPin(staff);
    return publicView(staff);
  }

  /** Records a sign-in: a security fact HQ keeps (who used which till, when). */
  recordSignIn(staff: StaffMember): void {
    const actor: Actor = { staff: { staffId: staff.id, name: staff.name, role: staff.role }, approver: null };
    this.#ctx.ledger.write({ action: 'staff.signedIn', actor, target: `staff:${staff.id}` }, () => ({
      result: undefined,
      events: [staffEvent('staff.signed_in', staff)],
    }));
  }

  #recordWrongPin(staff: StaffCredentials): never {
    const next = afterWrongPin(staff, this.#ctx.lockout, this.#ctx.now());
    const lockedOut = next.lockedUntil !== null && next.lockedUntil !== staff.lockedUntil;
    const action = lockedOut ? 'staff.lockedOut' : 'staff.pinRejected';
    this.#ctx.ledger.write({ action, actor: selfActor(staff), target: `staff:${staff.id}` }, (db) => {
      updateLockout(db, staff.id, next);
      return {
        result: undefined,
        before: lockoutView(staff),
        after: lockoutView(next),
        events: [{ stream: 'audit', type: lockedOut ? 'staff.locked_out' : 'staff.pin_rejected', schemaVersion: 1, payload: { staffId: staff.id, ...lockoutView(next) } }],
      };
    });
    if (lockedOut) throw new LoupeError('LOUPE_E_AUTH_LOCKED_OUT', { lockedUntil: next.lockedUntil });
    throw new LoupeError('LOUPE_E_AUTH_PIN_WRONG', { attemptsLeft: this.#ctx.lockout.attempts - next.failedAttempts });
  }

  #recordRightPin(staff: StaffCredentials): void {
    const next = afterRightPin();
    this.#ctx.ledger.write({ action: 'staff.pinAccepted', actor: selfActor(staff), target: `staff:${staff.id}` }, (db) => {
      updateLockout(db, staff.id, next);
      return {
        result: undefined,
        before: lockoutView(staff),
        after: lockoutView(next),
        events: [{ stream: 'audit', type: 'staff.pin_accepted', schemaVersion: 1, payload: { staffId: staff.id } }],
      };
    });
  }
}

function assertStrongPin(pin: string): void {
  const verdict = checkPin(pin);
  if (!verdict.ok) throw new LoupeError('LOUPE_E_STAFF_PIN_WEAK', { reason: verdict.reason });
}

function publicView(staff: StaffMember): StaffMember {
  const { id, code, name, role, active, createdAt, updatedAt } = staff;
  return { id, code, name, role, active, createdAt, updatedAt };
}

function profile(staff: StaffMember) {
  return { code: staff.code, name: staff.name, role: staff.role, active: staff.active };
}

function lockoutView(state: { failedAttempts: number; lockouts: number; lockedUntil: string | null }) {
  return { failedAttempts: state.failedAttempts, lockouts: state.lockouts, lockedUntil: state.lockedUntil };
}

function selfActor(staff: StaffMember): Actor {
  return { staff: { staffId: staff.id, name: staff.name, role: staff.role }, approver: null };
}

function staffEvent(type: string, staff: StaffMember) {
  return { stream: 'audit' as const, type, schemaVersion: 1, payload: { staffId: staff.id, ...profile(staff) } };
}
