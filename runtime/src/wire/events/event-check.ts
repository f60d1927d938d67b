/**
 * Checking a recorded event against the event catalog: its type is known, its schemaVersion and
 * stream are the catalog's, its payload fits the schema. HQ's ingest and the contract tests ask
 * here; the appliance's writers are held to the same schemas by the type-checker instead.
 */
import type { ValidateFunction } from 'ajv';
import { eventAjv } from '../validate.ts';
import { EVENT_CONTRACTS, isEventType } from './event-catalog.ts';

export type EventVerdict = { ok: true } | { ok: false; problems: string[] };

const validators = new Map<string, ValidateFunction>();

/** Whether `event` is what the catalog says an event of its type is; `stream` is checked when given. */
export function checkEvent(event: { type: string; schemaVersion: number; payload: unknown }, stream?: string): EventVerdict {
  if (!isEventType(event.type)) return { ok: false, problems: [`${event.type} is not in the event catalog`] };
  const contract = EVENT_CONTRACTS[event.type];
  const problems: string[] = [];
  if (event.schemaVersion !== contract.schemaVersion) problems.push(`schemaVersion ${event.schemaVersion}, the catalog has ${contract.schemaVersion}`);
  if (stream !== undefined && !contract.streams.some((known) => known === stream)) problems.push(`on stream ${stream}, the catalog has ${contract.streams.join(', ')}`);
  let validate = validators.get(event.type);
  if (!validate) {
    validate = eventAjv.compile(contract.payload);
    validators.set(event.type, validate);
  }
  if (!validate(event.payload)) {
    for (const error of (validate.errors ?? []).slice(0, 10)) problems.push(`payload${error.instancePath} ${error.message ?? 'is not valid'}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`);
  }
  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}
