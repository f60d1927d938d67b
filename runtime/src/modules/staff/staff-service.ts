/**
 * Staff commands and queries: add, edit, reset a PIN, and check a PIN with lock-out.
 * Every change goes through the ledger's write path with an audit entry and an `audit` event.
 *
 * No escalation: a person may give a role, or reset the PIN of someone holding one, only when their
 * own role holds every permission of it; adding, promoting or reactivating someone to a role that
 * manages staff also takes a second manager's or admin's approval (the actor's `approver`), so the
 * ledger names both. The appliance itself (HQ's staff document, the demo seed) is not a person and
 * is not held to this; the technician's CLI may add staff only while no one can manage staff.
 */
import { LoupeError } from '../../errors.ts';
import { SYSTEM_ACTOR, type Actor } from '../../domain/actor.ts';
import { checkPin } from '../../domain/pin-policy.ts';
import { randomBytes } from 'node:crypto';
import { afterRightPin, afterWrongPin, isLockedOut, type LockoutPolicy, type LockoutState } from '../../domain/lockout.ts';
import { canManageStaff, covers, needsSecondPerson, ROLE_PERMISSIONS, roleAllows, ROLES, type Role } from '../../domain/roles.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { EventDraft } from '../../store/outbox.ts';
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

/** How many unknown staff numbers keep a lock-out count in memory (the oldest is forgotten first). */
const STRANGERS_KEPT = 1_000;

export class StaffService {
  readonly #ctx: StaffServiceContext;
  /** Lock-out counts of unknown numbers, so they answer and lock out exactly like a known one. */
  readonly #strangers = new Map<string, LockoutState>();
  /** A hash of a random PIN at the configured cost: an unknown number costs one scrypt, like a known one. */
  #decoy: Promise<string> | undefined;

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
    assertMayGive(actor, input.role);
    if (needsSecondPerson(input.role)) assertSecondPerson(actor, input.role);
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

  /**
   * The technician's `loupe staff add` on the box: only while no active staff member can manage
   * staff (a new box, or one whose managers are all gone). Once someone can, staff are added by
   * them at the counter, and the command refuses.
   */
  async addFromConsole(input: NewStaff): Promise<StaffMember> {
    if (countActiveWithRole(this.#ctx.ledger.db, MANAGING_ROLES) > 0) throw new LoupeError('LOUPE_E_STAFF_CONSOLE_CLOSED');
    return this.add(input, SYSTEM_ACTOR);
  }

  update(id: string, patch: StaffPatch, actor: Actor): StaffMember {
    return this.#ctx.ledger.write({ action: 'staff.updated', actor, target: `staff:${id}` }, (db) => {
      const before = findStaffById(db, id);
      if (!before) throw new LoupeError('LOUPE_E_STAFF_NOT_FOUND', { id });
      const role = patch.role ?? before.role;
      if (patch.role !== undefined && patch.role !== before.role) {
        assertMayGive(actor, before.role);
        assertMayGive(actor, role);
      }
      const raised = (patch.role !== undefined && patch.role !== before.role) || (patch.active === true && !before.active);
      if (raised && needsSecondPerson(role)) assertSecondPerson(actor, role);
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
      assertMayGive(actor, staff.role);
      updateStaffPin(db, id, pinHash, this.#ctx.now().toISOString());
      return { result: undefined, events: [staffEvent('staff.pin_reset', staff)] };
    });
  }

  /**
   * Checks a staff number and PIN. A wrong PIN counts towards the lock-out (and is recorded); a
   * right one clears the count. Unknown numbers and inactive staff answer exactly like a wrong PIN
   * of a known one, `attemptsLeft` and lock-out included, after one scrypt at the same cost.
   */
  async verifyPin(code: string, pin: string): Promise<StaffMember> {
    const staff = findStaffByCode(this.#ctx.ledger.db, code);
    const usable = staff !== undefined && staff.active;
    const state = usable ? staff : (this.#strangers.get(code) ?? afterRightPin());
    if (isLockedOut(state, this.#ctx.now())) throw new LoupeError('LOUPE_E_AUTH_LOCKED_OUT', { lockedUntil: state.lockedUntil });
    const matches = await pinMatches(pin, usable ? staff.pinHash : await this.#decoyHash());
    if (!usable) this.#recordStrangerPin(code, state);
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

  #decoyHash(): Promise<string> {
    this.#decoy ??= hashPin(randomBytes(8).readBigUInt64BE().toString().slice(0, 8), this.#ctx.pinHashCost);
    return this.#decoy;
  }

  /** An unknown (or inactive) number: counted in memory only, answered like a wrong PIN of a known one. */
  #recordStrangerPin(code: string, state: LockoutState): never {
    const next = afterWrongPin(state, this.#ctx.lockout, this.#ctx.now());
    this.#strangers.delete(code);
    this.#strangers.set(code, next);
    if (this.#strangers.size > STRANGERS_KEPT) this.#strangers.delete(this.#strangers.keys().next().value as string);
    return this.#wrongPinAnswer(state, next);
  }

  #wrongPinAnswer(state: LockoutState, next: LockoutState): never {
    if (next.lockedUntil !== null && next.lockedUntil !== state.lockedUntil) throw new LoupeError('LOUPE_E_AUTH_LOCKED_OUT', { lockedUntil: next.lockedUntil });
    throw new LoupeError('LOUPE_E_AUTH_PIN_WRONG', { attemptsLeft: this.#ctx.lockout.attempts - next.failedAttempts });
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
    return this.#wrongPinAnswer(staff, next);
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

/** A person gives (or resets the PIN of) only a role whose every permission they hold themselves. */
function assertMayGive(actor: Actor, role: Role): void {
  if (!actor.staff || covers(actor.staff.role, role)) return;
  const missing = [...ROLE_PERMISSIONS[role]].filter((permission) => !roleAllows((actor.staff as { role: Role }).role, permission));
  throw new LoupeError('LOUPE_E_STAFF_ROLE_NOT_HELD', { role, missing });
}

function assertSecondPerson(actor: Actor, role: Role): void {
  if (!actor.staff) return;
  if (!actor.approver || actor.approver.staffId === actor.staff.staffId) throw new LoupeError('LOUPE_E_STAFF_SECOND_PERSON_REQUIRED', { role, permission: 'staff.manage' });
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

function staffEvent(type: 'staff.added' | 'staff.updated' | 'staff.pin_reset' | 'staff.signed_in', staff: StaffMember): EventDraft {
  return { stream: 'audit', type, schemaVersion: 1, payload: { staffId: staff.id, ...profile(staff) } };
}
