/**
 * What docs/asyncapi.yaml describes, in one place: every named MQTT payload schema, and each
 * event type's payload schema from the event catalog, named by its type. The AsyncAPI test holds
 * the YAML to exactly these.
 */
import type { TSchema } from 'typebox';
import { EVENT_CONTRACTS } from './events/event-catalog.ts';
import { EventBatch } from './hq-envelope.ts';
import { Ack, DevicesTelemetry, DeviceState, DeviceStatus, HqStatus, SpotQuote, SyncRequest, SyncResponse, SystemTelemetry } from './hq-messages.ts';
import { DesiredDocument } from './hq-desired-documents.ts';
import { Command, CommandReply } from './hq-commands.ts';

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

/** Each event type's payload schema (components.schemas keyed by the type, e.g. `sale.completed`). */
export const EVENT_PAYLOAD_SCHEMAS: Record<string, TSchema> = Object.fromEntries(Object.entries(EVENT_CONTRACTS).map(([type, contract]) => [type, contract.payload]));
