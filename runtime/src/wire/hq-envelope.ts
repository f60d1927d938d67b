/**
 * The HQ link's envelope (hq-link-mqtt.md §4.4): the scalars every MQTT payload shares, the coded
 * error, and one outbox event as it travels in an `evt/{stream}` batch. All payloads are UTF-8
 * JSON with `v: 1`; money is integer minor units, rates are integers scaled by 1e8. An event's
 * payload is described by its type in the event catalog (wire/events/), not here.
 */
import { Type, type Static } from 'typebox';

export const V1 = Type.Literal(1, { description: 'Payload format version' });
export const Timestamp = Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 UTC time, e.g. 2026-11-24T10:15:03.120Z' });
export const DeviceId = Type.String({ pattern: '^pos-[a-z0-9-]{3,32}$', description: 'Device id = certificate CN = MQTT client id' });
export const Seq = Type.Integer({ minimum: 1, description: 'Per-device gapless event sequence number' });
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' });
export const StockNo = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,23}$', description: 'Store stock number' });
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._:-]+$' });

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
    payload: Type.Unknown({ description: 'Event body; its shape is fixed by type + schemaVersion: the event catalog (runtime/src/wire/events/), one schema per type' }),
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
