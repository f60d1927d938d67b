/**
 * Pieces shared by the event payload schemas (runtime/src/wire/events/): nullable values, any JSON
 * value, and the payload an erased client's events are rewritten to. Payloads describe what the
 * writers put in the outbox today, so every object is closed (`additionalProperties: false`) unless
 * its writer passes a shape through.
 */
import { Type, type TSchema, type TUnsafe } from 'typebox';
import type { Json } from '../../domain/canonical-json.ts';

export const CLOSED = { additionalProperties: false } as const;

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** Any JSON value the ledger can hash (domain/canonical-json.ts): integers only. */
export const JsonValue: TUnsafe<Json> = Type.Unsafe<Json>({ description: 'Any JSON value; numbers are integers' });

/**
 * What every event whose business key starts with `client:{clientId}` becomes when the client is
 * erased, sent or not (store/clients.ts eraseClientData): no personal data is left.
 */
export const ErasedClientEvent = Type.Object({ clientId: Type.String(), erased: Type.Literal(true) }, { ...CLOSED, description: 'The event after the client was erased' });
