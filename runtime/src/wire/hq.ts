/**
 * The MQTT wire contract: every payload the appliance and HQ exchange, declared once (TypeBox) and
 * shared by the appliance, the reference HQ and docs/asyncapi.yaml. All payloads are UTF-8 JSON
 * with `v: 1`; money is integer minor units, rates are integers scaled by 1e8.
 *
 * `decodePayload()` is the one door in: bytes → JSON → schema, or a coded LoupeError that says
 * which fields are wrong. Nothing acts on a payload that has not come through it.
 */
import { Type, type Static, type TSchema } from 'typebox';
import type { ValidateFunction } from 'ajv';
import { bodyAjv } from './validate.ts';
import { LoupeError } from '../errors.ts';
import { METALS } from '../domain/piece.ts';
import { ROLES } from '../domain/roles.ts';
import { StringEnum } from './schema-kit.ts';
import { COMMAND_NAMES, DESIRED_DOCS, INSTRUMENT_PATTERN } from './hq-topics.ts';

const V1 = Type.Literal(1, { description: 'Payload format version' });
const Timestamp = Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 UTC time, e.g. 2026-11-24T10:15:03.120Z' });
const DeviceId = Type.String({ pattern: '^pos-[a-z0-9-]{3,32}$', description: 'Device id = certificate CN = MQTT client id' });
const Seq = Type.Integer({ minimum: 1, description: 'Per-device gapless event sequence number' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
const StockNo = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,23}$', description: 'Store stock number' });
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

export const CodedError = Type.Object(
  {
    code: Type.String({ pattern: '^LOUPE_E_' }),
    message: Type.String(),
    hint: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type CodedError = Static<typeof CodedError>;

// --- store → HQ

/** One outbox event, exactly as the ledger wrote it (hq-link-mqtt.md §4.4). */
export const EventEnvelope = Type.Object(
  {
    v: V1,
    type: Type.String({ minLength: 1, maxLength: 80, description: 'Event type, e.g. sale.completed' }),
    schemaVersion: Type.Integer({ minimum: 1 }),
    eventId: Type.String({ pattern: '^[0-9A-HJKMNP-TV-Z]{26}$', description: 'ULID' }),
    deviceId: DeviceId,
    storeId: Type.String({ pattern: '^[0-9]{4}$' }),
    seq: Seq,
    session: Type.Integer({ minimum: 0, description: 'Ledger session (process start) that wrote the event' }),
    occurredAt: Timestamp,
    clockSynced: Type.Boolean({ description: 'Whether the device clock was NTP-synchronized when it happened' }),
    bootId: Type.String({ minLength: 1, maxLength: 64 }),
    businessKey: Type.Union([Type.String({ minLength: 1, maxLength: 120 }), Type.Null()], { description: 'Second idempotency key, e.g. sale:0042-01-000981' }),
    payload: Type.Unknown({ description: 'Event body; its shape is fixed by type + schemaVersion' }),
  },
  { additionalProperties: false },
);
export type EventEnvelope = Static<typeof EventEnvelope>;

/** One MQTT message on `evt/{stream}`: consecutive outbox events of that stream, in seq order. */
export const EventBatch = Type.Object(
  {
    v: V1,
    firstSeq: Seq,
    lastSeq: Seq,
    batch: Type.Array(EventEnvelope, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);
export type EventBatch = Static<typeof EventBatch>;

/** Retained presence on `status`; the offline form is also the MQTT will. */
export const DeviceStatus = Type.Object(
  {
    v: V1,
    online: Type.Boolean(),
    session: Type.Integer({ minimum: 1, description: 'Connection counter: increments on every CONNECT; the will carries the same number' }),
    deviceId: DeviceId,
    at: Timestamp,
  },
  { additionalProperties: false },
);
export type DeviceStatus = Static<typeof DeviceStatus>;

const AppliedVersion = Type.Object({ version: Type.Integer({ minimum: 1 }), appliedAt: Timestamp }, { additionalProperties: false });
const Rejection = Type.Object(
  { topic: Type.String(), code: Type.String({ pattern: '^LOUPE_E_' }), at: Timestamp, version: Type.Optional(Type.Integer()) },
  { additionalProperties: false },
);

/** Retained reported state on `state`. */
export const DeviceState = Type.Object(
  {
    v: V1,
    deviceId: DeviceId,
    storeId: Type.String(),
    appVersion: Type.String(),
    session: Type.Integer({ minimum: 1 }),
    at: Timestamp,
    outbox: Type.Object(
      {
        depth: Type.Integer({ minimum: 0, description: 'Events not yet acknowledged by HQ' }),
        oldestAt: Type.Union([Timestamp, Type.Null()]),
        ageSeconds: Type.Integer({ minimum: 0 }),
        lastSeq: Type.Integer({ minimum: 0 }),
        ackedUpTo: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    alarm: Type.Union([
      Type.Object(
        { code: Type.String(), since: Timestamp, depth: Type.Integer(), ageSeconds: Type.Integer() },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    applied: Type.Record(Type.String(), AppliedVersion, { description: 'Desired documents applied, by doc' }),
    lastRejection: Type.Union([Rejection, Type.Null()], { description: 'The last message from HQ the device refused, and why' }),
  },
  { additionalProperties: false },
);
export type DeviceState = Static<typeof DeviceState>;

/**
 * One peripheral's health as the drivers track it (drivers/health.ts), with times as ISO strings.
 * Printer paper and the cash drawer show as conditions: paper-near-end, paper-out, cover-open,
 * drawer-open, drawer-left-open, offline, battery-low.
 */
export const DeviceHealthReport = Type.Object(
  {
    device: Type.String({ minLength: 1, maxLength: 80, description: 'The name the runtime gave the device, e.g. receipt-printer' }),
    state: Type.String({ minLength: 1, maxLength: 40, description: 'connected, reconnecting or failed' }),
    since: Timestamp,
    lastError: Type.Union([Type.Object({ code: Type.String(), message: Type.String(), at: Timestamp }, { additionalProperties: false }), Type.Null()]),
    conditions: Type.Array(Type.String({ pattern: '^[a-z][a-z-]*$' }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type DeviceHealthReport = Static<typeof DeviceHealthReport>;

export const SystemTelemetry = Type.Object(
  {
    v: V1,
    at: Timestamp,
    uptimeSeconds: Type.Integer({ minimum: 0 }),
    ledgerBytes: Type.Integer({ minimum: 0 }),
    diskFreeBytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    diskTotalBytes: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
    cpuTempMilliC: Type.Union([Type.Integer(), Type.Null()], { description: 'CPU temperature in thousandths of °C; null where the board has no sensor' }),
    outboxDepth: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type SystemTelemetry = Static<typeof SystemTelemetry>;

export const DevicesTelemetry = Type.Object(
  { v: V1, at: Timestamp, devices: Type.Array(DeviceHealthReport) },
  { additionalProperties: false },
);
export type DevicesTelemetry = Static<typeof DevicesTelemetry>;

/** `req/sync`, sent after every connect (with a response topic and correlation data). */
export const SyncRequest = Type.Object(
  {
    v: V1,
    reqId: Id,
    applied: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), { description: 'Applied version by desired doc' }),
    outbox: Type.Object({ lastSeq: Type.Integer({ minimum: 0 }), ackedUpTo: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type SyncRequest = Static<typeof SyncRequest>;

export const CommandReply = Type.Object(
  {
    v: V1,
    cmdId: Type.Union([Id, Type.Null()]),
    name: Type.String(),
    status: StringEnum(['done', 'rejected', 'failed'] as const),
    duplicate: Type.Boolean({ description: 'True when this command id was seen before; the command did not run again' }),
    at: Timestamp,
    result: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    error: Type.Optional(CodedError),
  },
  { additionalProperties: false },
);
export type CommandReply = Static<typeof CommandReply>;

// --- HQ → store

/** Cumulative application ack on `ack`: HQ has committed every event up to and including `upTo`. */
export const Ack = Type.Object({ v: V1, upTo: Type.Integer({ minimum: 0 }), at: Type.Optional(Timestamp) }, { additionalProperties: false });
export type Ack = Static<typeof Ack>;

export const SyncResponse = Type.Object(
  {
    v: V1,
    reqId: Id,
    hwm: Type.Integer({ minimum: 0, description: 'Highest contiguous seq HQ has committed: acts as an ack' }),
    desired: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), { description: 'Current version by desired doc' }),
    republished: Type.Array(Type.String(), { description: 'Docs HQ published again because the device was behind' }),
  },
  { additionalProperties: false },
);
export type SyncResponse = Static<typeof SyncResponse>;

export const PriceListBody = Type.Object(
  {
    currency: Currency,
    prices: Type.Array(Type.Object({ stockNo: StockNo, retailMinor: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), { maxItems: 200_000 }),
  },
  { additionalProperties: false },
);
export const FxBody = Type.Object(
  {
    base: Currency,
    rates: Type.Array(
      Type.Object(
        { quote: Currency, rateE8: Type.Integer({ minimum: 1, description: 'Units of quote per unit of base × 10^8' }), asOf: Timestamp },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export const StaffBody = Type.Object(
  {
    members: Type.Array(
      Type.Object(
        {
          id: Id,
          code: Type.String({ pattern: '^[0-9]{2,6}$' }),
          name: Type.String({ minLength: 1, maxLength: 60 }),
          role: StringEnum(ROLES),
          active: Type.Boolean(),
          pinHash: Type.Optional(Type.String({ pattern: '^scrypt\\$', maxLength: 200, description: 'PIN hash as the appliance stores it; absent: keep the PIN, or none for a new member' })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);
export const SettingsBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Settings HQ manages for this device: dotted keys under selling, compliance and clients, laid over the settings file (config/hq-settings.ts)',
});
export const ReservationsBody = Type.Object(
  {
    reservations: Type.Array(
      Type.Object(
        {
          id: Id,
          stockNo: StockNo,
          customerRef: Type.String({ minLength: 1, maxLength: 80, description: 'HQ’s reference of the client, never financial data' }),
          holdUntil: Timestamp,
        },
        { additionalProperties: false },
      ),
      { maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);

/** What clients looked at online (HQ's web shop), for the associate and the recommendations. Replaces the earlier list. */
export const InterestBody = Type.Object(
  {
    interest: Type.Array(
      Type.Object(
        {
          clientId: Id,
          stockNo: Type.Optional(StockNo),
          style: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'A style or collection by name' })),
          viewedAt: Timestamp,
        },
        { additionalProperties: false },
      ),
      { maxItems: 20000 },
    ),
  },
  { additionalProperties: false },
);

/**
 * A release HQ offers this till (canary ring first, then the rest: HQ decides which tills get the
 * document). The till downloads `url` over HTTPS with resume, verifies the bundle's signed manifest
 * against its own release key, and installs it at a quiet moment (firmware/src/release/).
 */
export const ReleaseBody = Type.Object(
  {
    version: Type.String({ pattern: '^\\d{1,6}\\.\\d{1,6}\\.\\d{1,6}$', description: 'The release version, e.g. 1.4.0' }),
    release: Type.Integer({ minimum: 1, description: 'The signed monotonic release number; a till never installs one not above its own' }),
    url: Type.String({ pattern: '^https://', maxLength: 2000, description: "Where HQ's release shelf serves the bundle, with Range" }),
    size: Type.Integer({ minimum: 1, description: 'The bundle size in bytes' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha256 of the whole bundle file' }),
    ring: Type.String({ minLength: 1, maxLength: 40, description: 'The rollout ring the till is in, e.g. canary or general' }),
  },
  { additionalProperties: false },
);

export const DESIRED_BODIES = {
  pricelist: PriceListBody,
  fx: FxBody,
  staff: StaffBody,
  settings: SettingsBody,
  reservations: ReservationsBody,
  interest: InterestBody,
  release: ReleaseBody,
} as const satisfies Record<(typeof DESIRED_DOCS)[number], TSchema>;

export type PriceListBody = Static<typeof PriceListBody>;
export type FxBody = Static<typeof FxBody>;
export type StaffBody = Static<typeof StaffBody>;
export type SettingsBody = Static<typeof SettingsBody>;
export type ReservationsBody = Static<typeof ReservationsBody>;
export type InterestBody = Static<typeof InterestBody>;
export type ReleaseBody = Static<typeof ReleaseBody>;

/** Retained on `desired/{doc}`: applied only when `version` is newer than the applied one. */
export const DesiredDocument = Type.Object(
  {
    v: V1,
    doc: StringEnum(DESIRED_DOCS),
    version: Type.Integer({ minimum: 1, description: 'Monotonic per device and doc, assigned by HQ' }),
    issuedAt: Timestamp,
    body: Type.Unknown({ description: 'Shape fixed by doc: PriceListBody, FxBody, StaffBody, SettingsBody, ReservationsBody, InterestBody, ReleaseBody' }),
  },
  { additionalProperties: false },
);
export type DesiredDocument = Static<typeof DesiredDocument>;

/** Retained on `loupe/v1/all/mkt/{instrument}`, with a message expiry. Prices per troy ounce. */
export const SpotQuote = Type.Object(
  {
    v: V1,
    instrument: Type.String({ pattern: INSTRUMENT_PATTERN }),
    metal: StringEnum(METALS),
    currency: Currency,
    unit: Type.Literal('ozt'),
    bidMinor: Type.Integer({ minimum: 1, description: 'Bid per troy ounce in minor units' }),
    askMinor: Type.Integer({ minimum: 1, description: 'Ask per troy ounce in minor units' }),
    asOf: Timestamp,
    source: Type.String({ minLength: 1, maxLength: 60 }),
  },
  { additionalProperties: false },
);
export type SpotQuote = Static<typeof SpotQuote>;

/** `cmd/{name}`: an operational action with an id; a repeated id never runs twice. */
export const Command = Type.Object(
  {
    v: V1,
    cmdId: Id,
    issuedAt: Timestamp,
    expiresAt: Type.Optional(Timestamp),
    args: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: false },
);
export type Command = Static<typeof Command>;

export const ResyncArgs = Type.Object({ fromSeq: Type.Optional(Seq) }, { additionalProperties: false });
export const UploadLogsArgs = Type.Object(
  { url: Type.String({ pattern: '^https?://', maxLength: 2000, description: 'Pre-signed URL the logs are PUT to' }) },
  { additionalProperties: false },
);
export const DrainArgs = Type.Object(
  { waitSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 600, description: 'How long to wait for HQ to acknowledge everything before answering (default 30)' })) },
  { additionalProperties: false },
);
export const COMMAND_ARGS = { resync: ResyncArgs, 'upload-logs': UploadLogsArgs, drain: DrainArgs } as const satisfies Record<
  (typeof COMMAND_NAMES)[number],
  TSchema
>;

/** Retained on `loupe/v1/all/hq/status`: HQ ingest presence (its will says offline). */
export const HqStatus = Type.Object(
  { v: V1, online: Type.Boolean(), session: Type.String({ minLength: 1, maxLength: 64 }), at: Timestamp },
  { additionalProperties: false },
);
export type HqStatus = Static<typeof HqStatus>;

/** Every named payload schema, for docs/asyncapi.yaml and its test. */
export const WIRE_SCHEMAS = {
  EventBatch,
  DeviceStatus,
  DeviceState,
  SystemTelemetry,
  DevicesTelemetry,
  SyncRequest,
  SyncResponse,
  CommandReply,
  Ack,
  DesiredDocument,
  SpotQuote,
  Command,
  HqStatus,
} as const;

// --- decoding

// The same Ajv set-up as the local API's bodies: values taken as sent, defaults filled.
const validators = new Map<TSchema, ValidateFunction>();
function validatorOf(schema: TSchema): ValidateFunction {
  let validator = validators.get(schema);
  if (!validator) {
    validator = bodyAjv.compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: LoupeError };

/** Bytes → JSON → checked against `schema`; a LOUPE_E_LINK_PAYLOAD_* error naming the fields otherwise. */
export function decodePayload<S extends TSchema>(schema: S, payload: Buffer | string, what: string): Decoded<Static<S>> {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      error: new LoupeError('LOUPE_E_LINK_PAYLOAD_MALFORMED', { what, reason: (error as Error).message }, `The ${what} message is not valid JSON.`),
    };
  }
  return checkValue(schema, json, what);
}

export function checkValue<S extends TSchema>(schema: S, value: unknown, what: string): Decoded<Static<S>> {
  const validator = validatorOf(schema);
  if (validator(value)) return { ok: true, value: value as Static<S> };
  const problems = (validator.errors ?? []).slice(0, 10).map((problem) => {
    const leaf = (problem.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ?? (problem.params as { additionalProperty?: string }).additionalProperty;
    return { field: `${problem.instancePath}${leaf ? `/${leaf}` : ''}` || '(message)', problem: problem.message ?? 'is not valid' };
  });
  const first = problems[0];
  return {
    ok: false,
    error: new LoupeError(
      'LOUPE_E_LINK_PAYLOAD_INVALID',
      { what, problems },
      `The ${what} message does not match its schema${first ? `: ${first.field} ${first.problem}` : ''}.`,
    ),
  };
}

export function codedError(error: LoupeError): CodedError {
  return { code: error.code, message: error.message, hint: error.hint, ...(error.details ? { details: error.details } : {}) };
}
