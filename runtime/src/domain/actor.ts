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
