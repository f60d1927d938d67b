/**
 * Messages on the live WebSocket `/api/v1/live`. The client's first message is `hello` with its
 * session token (browsers cannot set headers on a WebSocket); until then it receives nothing.
 *
 * The screen imports this file as it is, so it imports nothing of the runtime but wire/: the bus
 * and the HQ link take their news types from here, and what they emit is what the socket carries.
 */
import { Type, type Static } from 'typebox';
import type { DesiredDoc } from './hq-topics.ts';
import type { SweepProgress as SweepProgressSchema } from './stock.ts';

export const LiveHello = Type.Object({ type: Type.Literal('hello'), token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type LiveHello = Static<typeof LiveHello>;

/**
 * A device's health as the socket carries it: the fields of `DeviceHealth` (drivers/health.ts),
 * which the browser cannot type-check (its clock is Node's). `api/live.ts` sends the drivers' value
 * as it is, so a state or condition the drivers add fails the type-check there until it is added here.
 */
export interface DeviceHealthNews {
  device: string;
  state: 'connected' | 'reconnecting' | 'unplugged' | 'failed';
  /** When `state` last changed (ms since the epoch). */
  since: number;
  lastError: { code: string; message: string; at: number } | null;
  conditions: ('paper-near-end' | 'paper-out' | 'cover-open' | 'offline' | 'drawer-open' | 'drawer-left-open' | 'battery-low')[];
}

/** An open sweep's counters (wire/stock.ts), as the bus and the socket carry them while reads stream in. */
export type SweepProgress = Static<typeof SweepProgressSchema>;

/** The outbox backlog alarm while it is raised (link/backlog-alarm.ts). */
export interface LinkAlarm {
  code: 'LOUPE_E_LINK_OUTBOX_BACKLOG';
  since: string;
  depth: number;
  ageSeconds: number;
}

/** What the HQ link tells the appliance about itself: online or offline, acks, documents applied, alarms. */
export type LinkEvent =
  | { type: 'online'; session: number }
  | { type: 'offline'; reason: string }
  | { type: 'acked'; upTo: number }
  | { type: 'documentApplied'; doc: DesiredDoc; version: number }
  | { type: 'rejected'; topic: string; code: string }
  | { type: 'alarm'; alarm: LinkAlarm | null }
  | { type: 'synced'; hwm: number }
  | { type: 'spot'; instrument: string; asOf: string };

/** A scanner's read. */
export interface BarcodeScan {
  scanner: string;
  code: string;
}

/** An RFID reader's read; `rssi` null when the reader does not report it. */
export interface TagRead {
  reader: string;
  epc: string;
  rssi: number | null;
}

/** The scale's reading; `micrograms` null when it showed no mass (overload, counting mode). */
export interface WeightReading {
  status: string;
  micrograms: number | null;
  shown: string;
}

/** Server → client. Each carries `type`; new kinds are added as the appliance learns to say more. */
export type LiveMessage =
  | { type: 'welcome'; staffId: string }
  | { type: 'refused'; code: string; message: string }
  | { type: 'ledgerCommitted'; action: string; target: string; auditSeq: number }
  | ({ type: 'deviceHealthChanged' } & DeviceHealthNews)
  | ({ type: 'barcodeScanned' } & BarcodeScan)
  | ({ type: 'tagRead' } & TagRead)
  | ({ type: 'weightChanged' } & WeightReading)
  | { type: 'hqLink'; event: LinkEvent }
  | ({ type: 'sweepProgress' } & SweepProgress);
