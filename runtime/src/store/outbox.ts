/**
 * The outbox: HQ events written in the same transaction as the state they describe, each with a
 * per-device gapless `seq` and a ULID `eventId`, in the envelope of hq-link-mqtt.md §4.4.
 * The relay (HQ link) publishes them in seq order and retires them only on HQ's ack.
 */
import { canonicalJson, type Json } from '../domain/canonical-json.ts';
import { nextCounter } from './audit-log.ts';
import type { Db } from './db.ts';
import type { Stream } from '../wire/hq-topics.ts';
import type { EventPayload, EventSchemaVersion, EventStream, EventType } from '../wire/events/event-catalog.ts';


/**
 * Any event as the outbox stores it: what a command gives, the ledger adds the envelope. Commands
 * of the runtime write `EventDraft`s; only tests of the ledger itself write other types.
 */
export interface StoredEventDraft {
  stream: Stream;
  type: string;
  schemaVersion: number;
  businessKey?: string;
  payload: Json;
}

/**
 * An event as a command describes it, checked against the event catalog (wire/events/): the type
 * decides the stream, the schema version and the payload's shape, all at once.
 */
export type EventDraft = {
  [T in EventType]: { stream: EventStream<T>; type: T; schemaVersion: EventSchemaVersion<T>; businessKey?: string; payload: EventPayload<T> };
}[EventType];

/** What every envelope says about the appliance that wrote it. */
export interface EnvelopeIdentity {
  deviceId: string;
  storeId: string;
  bootId: string;
  session: number;
  clockSynced: () => boolean;
}

export interface Envelope {
  v: 1;
  type: string;
  schemaVersion: number;
  eventId: string;
  deviceId: string;
  storeId: string;
  seq: number;
  session: number;
  occurredAt: string;
  clockSynced: boolean;
  bootId: string;
  businessKey: string | null;
  payload: Json;
}

export function appendEvent(db: Db, identity: EnvelopeIdentity, draft: StoredEventDraft, at: Date, eventId: string): number {
  const seq = nextCounter(db, 'outbox.seq');
  const envelope: Envelope = {
    v: 1,
    type: draft.type,
    schemaVersion: draft.schemaVersion,
    eventId,
    deviceId: identity.deviceId,
    storeId: identity.storeId,
    seq,
    session: identity.session,
    occurredAt: at.toISOString(),
    clockSynced: identity.clockSynced(),
    bootId: identity.bootId,
    businessKey: draft.businessKey ?? null,
    payload: draft.payload,
  };
  db.prepare(
    'INSERT INTO outbox (seq, event_id, stream, type, business_key, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, eventId, draft.stream, draft.type, draft.businessKey ?? null, canonicalJson(envelope as unknown as Json), envelope.occurredAt);
  return seq;
}

export interface OutboxStats {
  /** Events HQ has not yet acknowledged. */
  depth: number;
  /** When the oldest of them was written, or null. */
  oldestAt: string | null;
  lastSeq: number;
}

export function outboxStats(db: Db): OutboxStats {
  const row = db
    .prepare<[], { depth: number; oldest: string | null }>("SELECT COUNT(*) AS depth, MIN(created_at) AS oldest FROM outbox WHERE state <> 'acked'")
    .get();
  const last = db.prepare<[], { value: number }>("SELECT value FROM counters WHERE name = 'outbox.seq'").get();
  return { depth: row?.depth ?? 0, oldestAt: row?.oldest ?? null, lastSeq: last?.value ?? 0 };
}
