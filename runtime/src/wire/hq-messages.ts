/**
 * The HQ link's operational messages: the appliance's presence, reported state, telemetry and
 * sync request; HQ's ack, sync answer, market data and its own presence. Business events travel
 * in the envelope (hq-envelope.ts), desired documents and commands have their own files.
 */
import { Type, type Static } from 'typebox';
import { METALS } from '../domain/piece.ts';
import { StringEnum } from './schema-kit.ts';
import { INSTRUMENT_PATTERN } from './hq-topics.ts';
import { Currency, DeviceId, Id, Timestamp, V1 } from './hq-envelope.ts';

// --- store → HQ

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

/** Retained on `loupe/v1/all/hq/status`: HQ ingest presence (its will says offline). */
export const HqStatus = Type.Object(
  { v: V1, online: Type.Boolean(), session: Type.String({ minLength: 1, maxLength: 64 }), at: Timestamp },
  { additionalProperties: false },
);
export type HqStatus = Static<typeof HqStatus>;
