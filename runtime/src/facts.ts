/**
 * The facts the bus carries about the ledger and the HQ link, named by one rule each, derived
 * from the types they come from so that renaming an event type renames its fact and breaks every
 * listener's type-check:
 *
 * - each committed event becomes the fact named after its type in camelCase (event catalog,
 *   wire/events/): `sale.completed` → `saleCompleted`, `cash.z_report` → `cashZReport`,
 *   `hq.document_applied` → `hqDocumentApplied`; its data is the event as written, with its
 *   outbox `seq` and its command's audit entry and target;
 * - each thing the HQ link tells becomes `hqLink` + its type: `online` → `hqLinkOnline`,
 *   `documentApplied` → `hqLinkDocumentApplied`; its data is the link's event as it is.
 */
import type { CommitNotice } from './store/ledger.ts';
import type { EventDraft } from './store/outbox.ts';
import type { EventType } from './wire/events/event-catalog.ts';
import type { LinkEvent } from './wire/live.ts';

type Dotless<S extends string> = S extends `${infer Area}.${infer Name}` ? `${Area}_${Name}` : S;
type Camel<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** The fact an event type becomes: `sale.completed` → `saleCompleted`. */
export type FactName<T extends EventType> = Camel<Dotless<T>>;

/** A committed event, as its fact carries it. */
export type LedgerFact<T extends EventType> = Extract<EventDraft, { type: T }> & {
  /** Its outbox seq (gapless per device). */
  seq: number;
  /** The audit entry of the command that wrote it. */
  auditSeq: number;
  /** The command's target: `sale:…`, `till:…`, `hq-document:settings`. */
  target: string;
};

export type LedgerFacts = { [T in EventType as FactName<T>]: LedgerFact<T> };

/** The name of an event type's fact, by the rule of `FactName`. */
export function factName<T extends EventType>(type: T): FactName<T>;
export function factName(type: string): string {
  return type.replace(/[._](.)/g, (_separator, next: string) => next.toUpperCase());
}

/** The facts a commit becomes, in the order its events were written. */
export function ledgerFacts(commit: CommitNotice<EventDraft>): LedgerFacts[keyof LedgerFacts][] {
  return commit.events.map((event) => ({ ...event, auditSeq: commit.auditSeq, target: commit.target }));
}

export type LinkFactName<T extends LinkEvent['type']> = `hqLink${Capitalize<T>}`;

export type LinkFacts = { [E in LinkEvent as LinkFactName<E['type']>]: E };

/** Every link event type's fact (the table is checked against the rule, so it cannot drift). */
export const LINK_FACTS: { readonly [T in LinkEvent['type']]: LinkFactName<T> } = {
  online: 'hqLinkOnline',
  offline: 'hqLinkOffline',
  acked: 'hqLinkAcked',
  documentApplied: 'hqLinkDocumentApplied',
  rejected: 'hqLinkRejected',
  alarm: 'hqLinkAlarm',
  synced: 'hqLinkSynced',
  spot: 'hqLinkSpot',
};
