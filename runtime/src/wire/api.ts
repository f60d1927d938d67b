/** Wire contract of the local API outside the catalog: errors, sessions, staff, audit, health. */
import { Type, type Static } from 'typebox';
import { PERMISSIONS, ROLES } from '../domain/roles.ts';
import { PageLimit, SeqCursor, StringEnum, Text } from './schema-kit.ts';

export const ErrorReply = Type.Object({
  error: Type.Object({
    code: Type.String({ pattern: '^LOUPE_E_' }),
    message: Type.String(),
    hint: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
export type ErrorReply = Static<typeof ErrorReply>;

export const RoleName = StringEnum(ROLES);
export const PermissionName = StringEnum(Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]);

export const StaffCode = Type.String({ pattern: '^[0-9]{2,6}$', description: 'Staff number, 2 to 6 digits' });
export const Pin = Type.String({ pattern: '^[0-9]{4,8}$', description: '4 to 8 digits' });
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const StaffMember = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  role: RoleName,
  active: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const NewStaff = Type.Object({ code: StaffCode, name: Text(60), role: RoleName, pin: Pin }, { additionalProperties: false });
export const StaffPatch = Type.Object(
  { name: Type.Optional(Text(60)), role: Type.Optional(RoleName), active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
export const PinReset = Type.Object({ pin: Pin }, { additionalProperties: false });

export const SignIn = Type.Object({ code: StaffCode, pin: Pin }, { additionalProperties: false });
export const Unlock = Type.Object({ pin: Pin }, { additionalProperties: false });
export const PinChange = Type.Object({ currentPin: Pin, newPin: Pin }, { additionalProperties: false });
export const SessionView = Type.Object({
  staff: StaffMember,
  permissions: Type.Array(PermissionName),
  startedAt: Type.String(),
  locked: Type.Boolean(),
  idleLockSeconds: Type.Integer(),
});
export const SignedIn = Type.Object({ token: Type.String(), session: SessionView });

export const ApprovalRequest = Type.Object({ code: StaffCode, pin: Pin, permission: PermissionName }, { additionalProperties: false });
export const ApprovalGranted = Type.Object({
  approvalToken: Type.String({ description: 'Send as the X-Loupe-Approval header with the approved request' }),
  approver: Type.Object({ staffId: Type.String(), name: Type.String() }),
  permission: PermissionName,
  expiresAt: Type.String(),
});

export const AuditEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  deviceId: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  approverId: Type.Union([Type.String(), Type.Null()]),
  approverName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.String(),
  reason: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  hash: Type.String(),
});
export const AuditQuery = Type.Object(
  {
    afterSeq: SeqCursor,
    limit: PageLimit(500, 100),
    target: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  },
  { additionalProperties: false },
);
export const AuditVerdict = Type.Object({
  ok: Type.Boolean(),
  entries: Type.Integer(),
  headHash: Type.Optional(Type.String()),
  break: Type.Optional(Type.Object({ kind: StringEnum(['edited', 'deleted', 'reordered'] as const), seq: Type.Integer() })),
});

export const Health = Type.Object({
  status: StringEnum(['ok', 'degraded'] as const),
  version: Type.String(),
  uptimeSeconds: Type.Integer(),
  store: Type.Object({ id: Type.String(), name: Type.String() }),
  deviceId: Type.String(),
  ledger: Type.Object({ ok: Type.Boolean(), sizeBytes: Type.Integer(), migrations: Type.Array(Type.Integer()) }),
  devices: Type.Array(Type.Object({ name: Type.String(), state: Type.String(), lastError: Type.Union([Type.String(), Type.Null()]), conditions: Type.Array(Type.String()) })),
  hqLink: Type.Object({
    state: Type.String({ description: 'not-configured, connecting, online, offline or stopped' }),
    broker: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    onlineSince: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    reconnectAttempts: Type.Optional(Type.Integer()),
    lastSyncAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    outbox: Type.Optional(Type.Object({ depth: Type.Integer(), ageSeconds: Type.Number(), ackedUpTo: Type.Integer(), unackedEvents: Type.Integer() })),
    alarm: Type.Optional(Type.Unknown()),
    market: Type.Optional(Type.Array(Type.Object({ instrument: Type.String(), ageSeconds: Type.Number(), stale: Type.Boolean() }))),
  }),
  outbox: Type.Object({ depth: Type.Integer(), oldestAt: Type.Union([Type.String(), Type.Null()]), lastSeq: Type.Integer() }),
});
export type Health = Static<typeof Health>;

export const BackupMade = Type.Object({ file: Type.String(), sizeBytes: Type.Integer(), at: Type.String() });

/** Enrollment with HQ (GET /api/v1/provisioning): the sign-in screen shows the pairing code while the box waits. */
export const ProvisioningStatus = Type.Object({
  state: Type.Union([Type.Literal('not-configured'), Type.Literal('starting'), Type.Literal('waiting'), Type.Literal('unreachable'), Type.Literal('enrolled')]),
  deviceId: Type.String(),
  storeId: Type.Optional(Type.String()),
  pairingCode: Type.Optional(Type.String({ description: 'Give this code to HQ; it is on the printed slip too' })),
  expiresAt: Type.Optional(Type.String()),
  error: Type.Optional(Type.Union([Type.Null(), Type.Object({ code: Type.String(), message: Type.String() })])),
});
export type ProvisioningStatus = Static<typeof ProvisioningStatus>;

/** The scrypt hash of HQ's one-time first-manager code (runtime/src/wire/first-manager-code.ts makes and checks it). */
export interface FirstManagerCodeHash {
  salt: string;
  hash: string;
}

/** What the API asks of enrollment (firmware's first boot): its state, and the first-manager code's hash once enrolled. */
export interface ProvisioningPort {
  status(): ProvisioningStatus;
  firstManagerCode(): FirstManagerCodeHash | null;
}
