/**
 * Payloads of the `audit` stream, and of the HQ link's own events: staff (added, changed, signing
 * in, wrong PINs and lock-outs), desired documents applied and commands received from HQ, the
 * outbox backlog alarm, ledger backups, and how a release update ended.
 */
import { Type } from 'typebox';
import { ROLES } from '../../domain/roles.ts';
import { StringEnum } from '../schema-kit.ts';
import { DESIRED_DOCS } from '../hq-topics.ts';
import { CLOSED, JsonValue, Nullable } from './event-parts.ts';

/** staff.added, staff.updated, staff.pin_reset, staff.signed_in: the member as they now are (never the PIN). */
export const StaffProfile = Type.Object(
  { staffId: Type.String(), code: Type.String(), name: Type.String(), role: StringEnum(ROLES), active: Type.Boolean() },
  CLOSED,
);

export const StaffPinAccepted = Type.Object({ staffId: Type.String() }, CLOSED);

/** staff.pin_rejected and staff.locked_out: the lock-out counters after the wrong PIN. */
export const StaffLockout = Type.Object(
  { staffId: Type.String(), failedAttempts: Type.Integer(), lockouts: Type.Integer(), lockedUntil: Nullable(Type.String()) },
  CLOSED,
);

/** A desired document applied; `summary` depends on the doc (prices changed, rates, members added…). */
export const HqDocumentApplied = Type.Object(
  {
    doc: StringEnum(DESIRED_DOCS),
    version: Type.Integer({ minimum: 1 }),
    issuedAt: Type.String(),
    digest: Type.String({ description: 'sha256 of the body as applied' }),
    summary: JsonValue,
  },
  CLOSED,
);

export const HqCommandReceived = Type.Object({ cmdId: Type.String(), name: Type.String() }, CLOSED);

/** hq.link_alarm_raised and hq.link_alarm_cleared: the outbox backlog and its age. */
export const HqLinkAlarm = Type.Object(
  { code: Type.Literal('LOUPE_E_LINK_OUTBOX_BACKLOG'), depth: Type.Integer({ minimum: 0 }), ageSeconds: Type.Integer({ minimum: 0 }) },
  CLOSED,
);

export const SystemBackedUp = Type.Object(
  { file: Type.String(), sizeBytes: Type.Integer(), auditHead: Type.String({ description: 'The audit chain head hash the copy ends with' }) },
  CLOSED,
);

/** release.committed, release.rolled_back, release.abandoned (firmware/src/release/report.ts). */
export const ReleaseOutcome = Type.Object(
  { version: Type.String(), release: Type.Integer(), at: Type.String(), reason: Nullable(Type.String()), ledgerRestored: Type.Boolean() },
  CLOSED,
);
