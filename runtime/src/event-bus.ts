/**
 * The typed in-process bus. Events are past-tense facts: the devices' news (health, scans, tag
 * reads, weights, sweep counters), each committed ledger event and each thing the HQ link tells,
 * named and typed by the rules of facts.ts. Each listener is registered by an owner (a module) and
 * removed with `removeListeners(owner)` in its `stop()`; a listener that throws is logged and
 * never reaches the emitter or the other listeners.
 */
import type { Logger } from './logger.ts';
import type { DeviceHealth } from '../../drivers/health.ts';
import { factName, ledgerFacts, type LedgerFacts, type LinkFacts } from './facts.ts';
import type { CommitNotice } from './store/ledger.ts';
import type { EventDraft, StoredEventDraft } from './store/outbox.ts';
import type { BarcodeScan, SweepProgress, TagRead, WeightReading } from './wire/live.ts';

interface DeviceNews {
  /** A device's link or conditions changed (paper out, drawer left open, reader back). */
  deviceHealthChanged: DeviceHealth;
  barcodeScanned: BarcodeScan;
  tagRead: TagRead;
  weightChanged: WeightReading;
  /** An open sweep's counters moved (at most every few hundred ms while reads stream in). */
  sweepProgress: SweepProgress;
}

interface Commits {
  /** A ledger transaction committed: its audit entry and outbox events are durable (one per command, before its events' facts). */
  ledgerCommitted: { action: string; target: string; auditSeq: number; eventSeqs: number[] };
}

export type BusEvents = DeviceNews & Commits & LedgerFacts & LinkFacts;

type Listener<K extends keyof BusEvents> = (data: BusEvents[K]) => void;

export class EventBus {
  readonly #listeners = new Map<keyof BusEvents, { owner: object; listener: Listener<never> }[]>();
  readonly #log: Logger;

  constructor(log: Logger) {
    this.#log = log;
  }

  on<K extends keyof BusEvents>(owner: object, event: K, listener: Listener<K>): void {
    const list = this.#listeners.get(event) ?? [];
    list.push({ owner, listener: listener as Listener<never> });
    this.#listeners.set(event, list);
  }

  emit<K extends keyof BusEvents>(event: K, data: BusEvents[K]): void {
    for (const { owner, listener } of this.#listeners.get(event) ?? []) {
      try {
        (listener as Listener<K>)(data);
      } catch (error) {
        this.#log.error({ err: error, event, owner: owner.constructor.name }, 'event listener failed');
      }
    }
  }

  /** The appliance ledger's `onCommitted`: the commit, then each of its events as its fact. */
  readonly announce = (commit: CommitNotice<EventDraft>): void => {
    this.committed(commit);
    for (const fact of ledgerFacts(commit)) this.emit(factName(fact.type), fact);
  };

  /** Tells that a transaction committed, whatever its events (a ledger test's own types have no facts). */
  readonly committed = (commit: CommitNotice<StoredEventDraft>): void => {
    this.emit('ledgerCommitted', { action: commit.action, target: commit.target, auditSeq: commit.auditSeq, eventSeqs: commit.events.map((event) => event.seq) });
  };

  removeListeners(owner: object): void {
    for (const [event, list] of this.#listeners) {
      this.#listeners.set(
        event,
        list.filter((entry) => entry.owner !== owner),
      );
    }
  }
}
