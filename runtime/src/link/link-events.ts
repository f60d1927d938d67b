/**
 * What the HQ link tells the rest of the appliance (`HqLink.subscribe`, the bus's `hqLink…` facts,
 * the live socket's `hqLink` message): online and offline, HQ's acks, documents applied and
 * refused, the outbox backlog alarm, sync answers and spot quotes. Types only, so the bus and the
 * wire can name them without importing the link.
 */
import type { DesiredDoc } from '../wire/hq-topics.ts';

/** The outbox backlog alarm as raised (link/backlog-alarm.ts). */
export interface LinkAlarm {
  code: 'LOUPE_E_LINK_OUTBOX_BACKLOG';
  since: string;
  depth: number;
  ageSeconds: number;
}

export type LinkEvent =
  | { type: 'online'; session: number }
  | { type: 'offline'; reason: string }
  | { type: 'acked'; upTo: number }
  | { type: 'documentApplied'; doc: DesiredDoc; version: number }
  | { type: 'rejected'; topic: string; code: string }
  | { type: 'alarm'; alarm: LinkAlarm | null }
  | { type: 'synced'; hwm: number }
  | { type: 'spot'; instrument: string; asOf: string };
