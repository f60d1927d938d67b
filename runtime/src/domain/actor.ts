import type { Role } from './roles.ts';

/** A named person in the ledger: who did it, or who approved it. */
export interface StaffRef {
  staffId: string;
  name: string;
}

/**
 * Who a command acts for. `staff` is null for the appliance itself (demo seeding, HQ documents);
 * `approver` is the manager who approved an action above the actor's role, by PIN, on the spot.
 */
export interface Actor {
  staff: (StaffRef & { role: Role }) | null;
  approver: StaffRef | null;
}

export const SYSTEM_ACTOR: Actor = { staff: null, approver: null };

/**
 * The approval behind an action that only some data needs approved (a discount over the limit, a
 * reserved piece): who vouches for it, if anyone, and `use()`, called once the action relied on it
 * so a manager's single-use approval is spent only then.
 */
export interface Vouch {
  readonly approver: StaffRef | null;
  use(): void;
}

export const NO_VOUCH: Vouch = { approver: null, use: () => {} };
