/**
 * The typed in-process bus. Events are past-tense facts. Each listener is registered by an owner
 * (a module) and removed with `removeListeners(owner)` in its `stop()`; a listener that throws is
 * logged and never reaches the emitter or the other listeners.
 */
import type { Logger } from './logger.ts';
import type { DeviceHealth } from '../../drivers/health.ts';
import type { CommitNotice } from './store/ledger.ts';
import type { BarcodeScan, LinkEvent, SweepProgress, TagRead, WeightReading } from './wire/live.ts';

export interface BusEvents {
  /** A ledger transaction committed: its audit entry and outbox events are durable. */
  ledgerCommitted: { action: string; target: string; auditSeq: number; eventSeqs: number[] };
  /** A device's link or conditions changed (paper out, drawer left open, reader back). */
  deviceHealthChanged: DeviceHealth;
  barcodeScanned: BarcodeScan;
  tagRead: TagRead;
  weightChanged: WeightReading;
  /** The HQ link went online or offline, HQ acknowledged events, a document was applied, an alarm rose or fell. */
  hqLinkChanged: LinkEvent;
  /** An open sweep's counters moved (at most every few hundred ms while reads stream in). */
  sweepProgress: SweepProgress;
}

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

  /** The ledger's `onCommitted`: tells the bus's listeners what was committed. */
  readonly announce = (commit: CommitNotice): void => {
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
