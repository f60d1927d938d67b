/**
 * Sign-in sessions and manager approvals, kept in memory: a restart signs everyone out.
 *
 * A session locks itself after `idleLockSeconds` without a request and ends after `sessionHours`.
 * Only a hash of each token is kept. An approval is a single-use token a manager's PIN creates for
 * one permission, one session and a short time; the approved action records both names.
 */
import { createHash, randomBytes } from 'node:crypto';
import { LoupeError } from '../../errors.ts';
import type { StaffRef } from '../../domain/actor.ts';
import type { Permission } from '../../domain/roles.ts';
import type { StaffMember } from '../../store/staff.ts';

export interface SessionPolicy {
  idleLockSeconds: number;
  sessionHours: number;
  approvalTtlSeconds: number;
}

export interface Session {
  id: string;
  staff: StaffMember;
  startedAt: Date;
  lastActiveAt: Date;
  locked: boolean;
}

interface Approval {
  sessionId: string;
  permission: Permission;
  approver: StaffRef;
  expiresAt: number;
}

export class SessionBook {
  readonly #sessions = new Map<string, Session>();
  readonly #approvals = new Map<string, Approval>();
  readonly #policy: SessionPolicy;
  readonly #now: () => Date;
  readonly #endListeners = new Set<(sessionId: string) => void>();

  constructor(policy: SessionPolicy, now: () => Date) {
    this.#policy = policy;
    this.#now = now;
  }

  open(staff: StaffMember): { token: string; session: Session } {
    const token = randomBytes(32).toString('base64url');
    const now = this.#now();
    const session: Session = { id: digest(token), staff, startedAt: now, lastActiveAt: now, locked: false };
    this.#sessions.set(session.id, session);
    return { token, session };
  }

  /** The session behind a token, locking it first if it sat idle too long. Does not count as activity. */
  find(token: string): Session {
    const session = this.#sessions.get(digest(token));
    const now = this.#now().getTime();
    if (!session || now - session.startedAt.getTime() > this.#policy.sessionHours * 3_600_000) {
      if (session) this.close(session);
      throw new LoupeError('LOUPE_E_AUTH_REQUIRED');
    }
    if (now - session.lastActiveAt.getTime() > this.#policy.idleLockSeconds * 1000) session.locked = true;
    return session;
  }

  /** The session behind a token for a request that does work: it must be unlocked, and it stays awake. */
  use(token: string): Session {
    const session = this.find(token);
    if (session.locked) throw new LoupeError('LOUPE_E_AUTH_SCREEN_LOCKED', { staffId: session.staff.id });
    session.lastActiveAt = this.#now();
    return session;
  }

  lock(session: Session): void {
    session.locked = true;
  }

  unlock(session: Session): void {
    session.locked = false;
    session.lastActiveAt = this.#now();
  }

  close(session: Session): void {
    this.#sessions.delete(session.id);
    for (const [id, approval] of this.#approvals) if (approval.sessionId === session.id) this.#approvals.delete(id);
    for (const listener of this.#endListeners) listener(session.id);
  }

  /** Calls `listener` with the id of each session that ends (signed out, expired, its staff changed); returns how to stop. */
  onEnd(listener: (sessionId: string) => void): () => void {
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  /** Whether a session is still open, ending it first if it outlived `sessionHours`. */
  isOpen(sessionId: string): boolean {
    const session = this.#sessions.get(sessionId);
    if (session && this.#now().getTime() - session.startedAt.getTime() > this.#policy.sessionHours * 3_600_000) this.close(session);
    return this.#sessions.has(sessionId);
  }

  /** Ends every session of one staff member (deactivated, role changed, PIN reset). */
  closeAllFor(staffId: string): void {
    for (const session of this.#sessions.values()) if (session.staff.id === staffId) this.close(session);
  }

  grantApproval(session: Session, permission: Permission, approver: StaffRef): { token: string; expiresAt: string } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.#now().getTime() + this.#policy.approvalTtlSeconds * 1000;
    this.#approvals.set(digest(token), { sessionId: session.id, permission, approver, expiresAt });
    return { token, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Checks an approval token without using it up. */
  peekApproval(token: string, session: Session, permission: Permission): StaffRef {
    const approval = this.#approvals.get(digest(token));
    if (!approval || approval.sessionId !== session.id || approval.permission !== permission || approval.expiresAt < this.#now().getTime()) {
      throw new LoupeError('LOUPE_E_AUTH_APPROVAL_INVALID', { permission });
    }
    return approval.approver;
  }

  /** Uses an approval up: it approves one action only. */
  consumeApproval(token: string, session: Session, permission: Permission): StaffRef {
    const approver = this.peekApproval(token, session, permission);
    this.#approvals.delete(digest(token));
    return approver;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
