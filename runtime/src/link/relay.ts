/**
 * The outbox relay: publishes outbox events to HQ in seq order and retires them only on HQ's
 * cumulative application ack (hq-link-mqtt.md §4.5).
 *
 * - Each batch holds pending events of one stream (the topic is `evt/{stream}`) in seq order,
 *   starting with the stream of the lowest pending seq: at most `batchMaxEvents` events /
 *   `batchMaxBytes` bytes, published QoS 1.
 * - At most `window` batches wait for their PUBACK, and at most `maxUnackedEvents` events wait for
 *   HQ's ack: a pipelined window, bounded at both ends, so an outage backlog drains at broker
 *   speed without flooding a broker whose HQ consumer is away.
 * - A PUBACK only moves rows to `published`; an `ack {upTo}` moves them to `acked`. Rows that HQ
 *   has not acked `ackTimeoutMs` after their PUBACK, rows in flight when the connection drops, and
 *   rows the broker refuses go back to `pending` and are sent again. HQ dedupes on (device, seq).
 *   Nothing is ever dropped.
 */
import type { MqttClient } from 'mqtt';
import { LoupeError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Ledger } from '../store/ledger.ts';
import type { Stream } from '../wire/hq-topics.ts';
import {
  firstPendingStream,
  lastOutboxSeq,
  linkOutboxStats,
  markAckedUpTo,
  markInflight,
  markPending,
  markPublished,
  pendingEvents,
  resetUnacked,
  rewindFrom,
} from '../store/link-state.ts';
import { Backoff } from './backoff.ts';
import type { HqLinkSettings } from './settings.ts';

export interface RelayContext {
  ledger: Ledger;
  settings: HqLinkSettings['relay'];
  backoff: HqLinkSettings['backoff'];
  topicOf: (stream: Stream) => string;
  ackTopic: string;
  logger: Logger;
  now: () => Date;
  monotonicMs: () => number;
  random: () => number;
  onAcked: (upTo: number) => void;
  /** A refusal to record (logged by the receiver): the broker refused a publish, or HQ acked the impossible. */
  onRefused: (error: LoupeError, topic: string) => void;
}

interface Batch {
  stream: Stream;
  seqs: number[];
  payload: string;
}

interface Flight extends Batch {
  state: 'inflight' | 'published';
  /** Monotonic time of the publish, then of the PUBACK. */
  since: number;
}

export interface RelayStatus {
  ackedUpTo: number;
  inflightBatches: number;
  unackedEvents: number;
  sentBatches: number;
  resentEvents: number;
}

const ENVELOPE_OVERHEAD = 64;

export class OutboxRelay {
  readonly #ctx: RelayContext;
  readonly #flights = new Set<Flight>();
  readonly #refusals: Backoff;
  #client: MqttClient | undefined;
  #ackedUpTo = 0;
  #pausedUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  #resume: NodeJS.Timeout | undefined;
  #sentBatches = 0;
  #resentEvents = 0;
  #pumping = false;

  constructor(ctx: RelayContext) {
    this.#ctx = ctx;
    this.#refusals = new Backoff(ctx.backoff, ctx.random);
  }

  /** After a process start nothing is in flight: everything HQ has not acked is pending again. */
  start(): void {
    const db = this.#ctx.ledger.delivery;
    const reset = resetUnacked(db);
    this.#ackedUpTo = linkOutboxStats(db).ackedUpTo;
    if (reset > 0) this.#ctx.logger.info({ events: reset }, 'HQ link: events sent before the restart will be sent again');
    const every = Math.max(50, Math.min(1000, Math.floor(this.#ctx.settings.ackTimeoutMs / 4)));
    this.#timer = setInterval(() => this.#checkOverdue(), every);
  }

  stop(): void {
    clearInterval(this.#timer);
    clearTimeout(this.#resume);
    this.detach();
  }

  /** A connection is up: everything not acked is due again, from the lowest seq. */
  attach(client: MqttClient): void {
    this.detach();
    this.#client = client;
    this.pump();
  }

  /** The connection is gone: what was in flight goes back to pending. */
  detach(): void {
    this.#client = undefined;
    this.#flights.clear();
    resetUnacked(this.#ctx.ledger.delivery);
  }

  status(): RelayStatus {
    return {
      ackedUpTo: this.#ackedUpTo,
      inflightBatches: [...this.#flights].filter((flight) => flight.state === 'inflight').length,
      unackedEvents: this.#unackedEvents(),
      sentBatches: this.#sentBatches,
      resentEvents: this.#resentEvents,
    };
  }

  get ackedUpTo(): number {
    return this.#ackedUpTo;
  }

  /** HQ committed every event up to `upTo`. */
  acknowledge(upTo: number): void {
    const db = this.#ctx.ledger.delivery;
    if (upTo <= this.#ackedUpTo) return;
    const lastSeq = lastOutboxSeq(db);
    if (upTo > lastSeq) {
      this.#ctx.onRefused(new LoupeError('LOUPE_E_LINK_ACK_AHEAD', { upTo, lastSeq }), this.#ctx.ackTopic);
      return;
    }
    markAckedUpTo(db, upTo);
    this.#ackedUpTo = upTo;
    for (const flight of this.#flights) {
      if (flight.state === 'published' && flight.seqs.every((seq) => seq <= upTo)) this.#flights.delete(flight);
    }
    this.#ctx.onAcked(upTo);
    this.pump();
  }

  /** HQ asks for every event from `fromSeq` again (it lost them, or sees a gap). */
  resendFrom(fromSeq: number): number {
    const rewound = rewindFrom(this.#ctx.ledger.delivery, fromSeq);
    for (const flight of this.#flights) if (flight.state === 'published') this.#flights.delete(flight);
    this.#ackedUpTo = Math.min(this.#ackedUpTo, fromSeq - 1);
    this.#resentEvents += rewound;
    this.pump();
    return rewound;
  }

  /** Sends again everything the broker took but HQ has not acked (HQ came back with a new session). */
  resendUnacked(reason: string): void {
    const seqs: number[] = [];
    for (const flight of this.#flights) {
      if (flight.state !== 'published') continue;
      this.#flights.delete(flight);
      seqs.push(...flight.seqs.filter((seq) => seq > this.#ackedUpTo));
    }
    if (seqs.length === 0) return;
    markPending(this.#ctx.ledger.delivery, seqs);
    this.#resentEvents += seqs.length;
    this.#ctx.logger.info({ events: seqs.length, fromSeq: Math.min(...seqs), reason }, 'HQ link: sending unacknowledged events again');
    this.pump();
  }

  /** Publishes as much as the window and HQ's credit allow. Safe to call at any time. */
  pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      this.#fill();
    } finally {
      this.#pumping = false;
    }
  }

  #fill(): void {
    const { window, batchMaxEvents, maxUnackedEvents } = this.#ctx.settings;
    for (;;) {
      const client = this.#client;
      if (!client || !client.connected) return;
      const wait = this.#pausedUntil - this.#ctx.monotonicMs();
      if (wait > 0) {
        clearTimeout(this.#resume);
        this.#resume = setTimeout(() => this.pump(), wait);
        return;
      }
      const inflight = [...this.#flights].filter((flight) => flight.state === 'inflight').length;
      const credit = maxUnackedEvents - this.#unackedEvents();
      if (inflight >= window || credit <= 0) return;
      const batch = this.#nextBatch(Math.min(credit, batchMaxEvents));
      if (!batch) return;
      this.#publish(client, batch);
    }
  }

  /**
   * The next batch: pending events of the stream that holds the lowest pending seq, in seq order,
   * up to `limit` events and `batchMaxBytes` (one bigger event still goes alone). Filling each
   * batch from one stream keeps batches full when a store's streams interleave (a sale writes
   * sales, stock and audit events); HQ parks what runs ahead and applies in seq order.
   */
  #nextBatch(limit: number): Batch | undefined {
    const db = this.#ctx.ledger.delivery;
    const stream = firstPendingStream(db);
    if (stream === undefined) return undefined;
    const seqs: number[] = [];
    const bodies: string[] = [];
    let bytes = ENVELOPE_OVERHEAD;
    for (const row of pendingEvents(db, stream, limit)) {
      const size = Buffer.byteLength(row.body) + 1;
      if (seqs.length > 0 && bytes + size > this.#ctx.settings.batchMaxBytes) break;
      seqs.push(row.seq);
      bodies.push(row.body);
      bytes += size;
    }
    return {
      stream: stream as Stream,
      seqs,
      payload: `{"v":1,"firstSeq":${seqs[0]},"lastSeq":${seqs[seqs.length - 1]},"batch":[${bodies.join(',')}]}`,
    };
  }

  #publish(client: MqttClient, batch: Batch): void {
    markInflight(this.#ctx.ledger.delivery, batch.seqs, this.#ctx.now().toISOString());
    const flight: Flight = { ...batch, state: 'inflight', since: this.#ctx.monotonicMs() };
    this.#flights.add(flight);
    this.#sentBatches += 1;
    client.publish(this.#ctx.topicOf(batch.stream), batch.payload, { qos: 1, properties: { contentType: 'application/json' } }, (error) =>
      this.#onPuback(flight, error),
    );
  }

  #onPuback(flight: Flight, error: Error | undefined): void {
    if (!this.#flights.has(flight)) return;
    const db = this.#ctx.ledger.delivery;
    if (error) {
      this.#flights.delete(flight);
      markPending(db, flight.seqs);
      const reasonCode = (error as Error & { code?: unknown }).code;
      if (typeof reasonCode !== 'number') return; // taken back on close: sent again on the next connection
      const refused = new LoupeError('LOUPE_E_LINK_PUBLISH_REFUSED', { reasonCode, reason: error.message, firstSeq: flight.seqs[0] });
      this.#ctx.onRefused(refused, this.#ctx.topicOf(flight.stream));
      this.#pausedUntil = this.#ctx.monotonicMs() + this.#refusals.next();
      this.pump();
      return;
    }
    this.#refusals.reset();
    if (flight.seqs.every((seq) => seq <= this.#ackedUpTo)) {
      this.#flights.delete(flight);
    } else {
      flight.state = 'published';
      flight.since = this.#ctx.monotonicMs();
      markPublished(db, flight.seqs);
    }
    this.pump();
  }

  #unackedEvents(): number {
    let count = 0;
    for (const flight of this.#flights) for (const seq of flight.seqs) if (seq > this.#ackedUpTo) count += 1;
    return count;
  }

  #checkOverdue(): void {
    const now = this.#ctx.monotonicMs();
    const timeout = this.#ctx.settings.ackTimeoutMs;
    let overdueAck = false;
    for (const flight of this.#flights) {
      if (now - flight.since < timeout) continue;
      if (flight.state === 'published') overdueAck = true;
      else if (this.#client?.connected) {
        // The broker took a publish and never answered: the connection is not healthy.
        this.#ctx.logger.warn({ firstSeq: flight.seqs[0] }, 'HQ link: no PUBACK in time; reconnecting');
        this.#client.end(true);
        return;
      }
    }
    if (overdueAck) this.resendUnacked('HQ has not acknowledged in time');
  }
}
