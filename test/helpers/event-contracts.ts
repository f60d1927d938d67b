/** The ledger's outbox checked against the event catalog (runtime/src/wire/events/): what would HQ refuse? */
import type Database from 'better-sqlite3';
import { checkEvent } from '../../runtime/src/wire/events/event-check.ts';

export interface OutboxEvent {
  seq: number;
  stream: string;
  type: string;
  schemaVersion: number;
  payload: unknown;
}

export function outboxEvents(db: Database.Database): OutboxEvent[] {
  return db
    .prepare<[], { seq: number; stream: string; body: string }>('SELECT seq, stream, body FROM outbox ORDER BY seq')
    .all()
    .map((row) => {
      const envelope = JSON.parse(row.body) as { type: string; schemaVersion: number; payload: unknown };
      return { seq: row.seq, stream: row.stream, type: envelope.type, schemaVersion: envelope.schemaVersion, payload: envelope.payload };
    });
}

/** One line per event that does not fit its contract: `seq type: problem; problem`. */
export function contractBreaches(events: readonly OutboxEvent[]): string[] {
  return events.flatMap((event) => {
    const verdict = checkEvent(event, event.stream);
    return verdict.ok ? [] : [`${event.seq} ${event.type}: ${verdict.problems.join('; ')}`];
  });
}
