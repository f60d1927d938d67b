/**
 * The HQ link: the appliance's one MQTT connection to HQ, as one lifecycle module.
 *
 * Store → HQ: the outbox relay (every event, once, in order, retired only by HQ's ack), the
 * retained `status` (birth, and the will with the same session counter) and `state` documents,
 * telemetry. HQ → store: acks, desired documents, commands, `req/sync` answers and fleet market
 * data. The constructor only assigns; `start()` connects (or does nothing when no broker is set);
 * `stop()` undoes it in reverse. Wiring: see `HqLinkContext` and the composition root.
 */
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { LoupeError } from '../errors.ts';
import type { EventBus } from '../event-bus.ts';
import type { Logger } from '../logger.ts';
import type { Ledger } from '../store/ledger.ts';
import { linkOutboxStats, nextLinkSession } from '../store/link-state.ts';
import { BacklogAlarm, ageOf } from './backlog-alarm.ts';
import { CommandInbox } from './commands.ts';
import { BrokerConnection, redact, type ConnectionState } from './connection.ts';
import { DesiredDocuments } from './desired-documents.ts';
import { MarketBook, type SpotView } from './market-data.ts';
import { operationalCommands } from './operational-commands.ts';
import { OutboxRelay } from './relay.ts';
import type { HqLinkSettings } from './settings.ts';
import { Telemetry, type DeviceHealthProvider } from './telemetry.ts';
import { deviceTopics, parseTopic, type DesiredDoc } from '../wire/hq-topics.ts';
import type { LinkAlarm, LinkEvent } from '../wire/live.ts';
import {
  Ack,
  codedError,
  decodePayload,
  HqStatus,
  SpotQuote,
  SyncResponse,
  type CodedError,
  type CommandReply,
  type DeviceState,
  type DeviceStatus,
  type SyncRequest,
} from '../wire/hq.ts';

/**
 * Largest message from HQ the link will read (Mosquitto 2.1's default max_packet_size); anything
 * bigger is refused unread. Large documents travel as a reference (hq-link-mqtt.md §4.6).
 */
export const MAX_HQ_MESSAGE_BYTES = 2 * 1024 * 1024;

export interface LinkClock {
  now(): Date;
  /** Milliseconds from an arbitrary start that never goes back (performance.now()). */
  monotonicMs(): number;
  /** Whether the wall clock is NTP-synchronized. */
  clockSynced(): boolean;
}

export interface HqLinkContext {
  ledger: Ledger;
  bus: EventBus;
  /** `settings.hq`. */
  settings: HqLinkSettings;
  identity: { deviceId: string; storeId: string; appVersion: string };
  logger: Logger;
  clock?: Partial<LinkClock>;
  random?: () => number;
  newId?: () => string;
  /** Health of the peripherals (printer paper, drawer, scale…), from the drivers. */
  deviceHealth?: DeviceHealthProvider;
  /** Where disk free is measured; default: the ledger's directory. */
  dataDir?: string;
  /** Recent logs, for the `upload-logs` command. */
  collectLogs?: () => Promise<string | Buffer>;
  /** What is wrong with HQ's settings document for this store (config/hq-settings.ts); empty when it can be applied. */
  checkSettings?: (body: Record<string, unknown>) => { field: string; problem: string }[];
}

export interface LinkStatus {
  state: 'not-configured' | ConnectionState;
  broker: string | null;
  onlineSince: string | null;
  session: number | null;
  lastError: CodedError | null;
  reconnectAttempts: number;
  outbox: { depth: number; oldestAt: string | null; ageSeconds: number; lastSeq: number; ackedUpTo: number; inflightBatches: number; unackedEvents: number };
  alarm: LinkAlarm | null;
  applied: Record<string, { version: number; appliedAt: string }>;
  lastSyncAt: string | null;
  hq: { online: boolean | null; session: string | null };
  market: { instrument: string; ageSeconds: number; stale: boolean }[];
  lastRejection: { topic: string; code: string; at: string; version?: number } | null;
}

export class HqLink {
  readonly #ctx: HqLinkContext;
  readonly #clock: LinkClock;
  readonly #topics: ReturnType<typeof deviceTopics>;
  readonly #listeners = new Set<(event: LinkEvent) => void>();
  readonly market: MarketBook;
  #connection: BrokerConnection | undefined;
  #relay: OutboxRelay | undefined;
  #desired: DesiredDocuments | undefined;
  #commands: CommandInbox | undefined;
  #telemetry: Telemetry | undefined;
  #client: MqttClient | undefined;
  #session: number | null = null;
  #alarm: BacklogAlarm | undefined;
  #stateTimer: NodeJS.Timeout | undefined;
  #syncTimer: NodeJS.Timeout | undefined;
  #pendingSync: string | null = null;
  #lastSyncAt: string | null = null;
  #hq: { online: boolean | null; session: string | null } = { online: null, session: null };
  #lastRejection: LinkStatus['lastRejection'] = null;
  #started = false;

  constructor(ctx: HqLinkContext) {
    this.#ctx = ctx;
    this.#clock = {
      now: ctx.clock?.now ?? (() => new Date()),
      monotonicMs: ctx.clock?.monotonicMs ?? (() => performance.now()),
      clockSynced: ctx.clock?.clockSynced ?? (() => true),
    };
    this.#topics = deviceTopics(ctx.identity.deviceId);
    this.market = new MarketBook(this.#clock, ctx.settings.market.spotMaxAgeSeconds);
  }

  get configured(): boolean {
    return this.#ctx.settings.brokerUrl !== '';
  }

  /** Listens to what the link does (for the UI's live status and tests); returns the unsubscribe. */
  subscribe(listener: (event: LinkEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(): Promise<void> {
    if (this.#started) return;
    const { ledger, bus, logger, settings } = this.#ctx;
    this.#desired = new DesiredDocuments({ ledger, logger, now: this.#clock.now, ...(this.#ctx.checkSettings ? { checkSettings: this.#ctx.checkSettings } : {}) });
    if (!this.configured) {
      logger.info('HQ link not configured (hq.brokerUrl is empty): working standalone');
      return;
    }
    this.#started = true;
    this.#relay = new OutboxRelay({
      ledger,
      settings: settings.relay,
      backoff: settings.backoff,
      topicOf: this.#topics.events,
      ackTopic: this.#topics.ack,
      logger,
      now: this.#clock.now,
      monotonicMs: this.#clock.monotonicMs,
      random: this.#random,
      onAcked: (upTo) => this.#emit({ type: 'acked', upTo }),
      onRefused: (error, topic) => this.#recordRejection(topic, error),
    });
    this.#relay.start();
    const relay = this.#relay;
    this.#commands = new CommandInbox({
      ledger,
      logger,
      now: this.#clock.now,
      handlers: operationalCommands({
        ledger,
        relay,
        hurry: () => this.#connection?.hurry(),
        resync: () => {
          this.#publishState();
          this.#sendSync();
        },
        onAcked: (listener) => this.subscribe((event) => event.type === 'acked' && listener()),
        collectLogs: this.#ctx.collectLogs,
      }),
      reply: (topic, reply, correlationData) => this.#reply(topic, reply, correlationData),
      onRejected: (error, topic) => this.#recordRejection(topic, error),
    });
    this.#commands.recoverInterrupted();
    this.#telemetry = new Telemetry({
      settings: settings.telemetry,
      logger,
      now: this.#clock.now,
      monotonicMs: this.#clock.monotonicMs,
      ledgerPath: ledger.db.name,
      dataDir: this.#ctx.dataDir ?? dirname(ledger.db.name),
      deviceHealth: this.#ctx.deviceHealth,
      outboxDepth: () => linkOutboxStats(ledger.db).depth,
      publish: (kind, payload) => this.#publish(this.#topics.telemetry(kind), JSON.stringify(payload), { qos: 0, properties: { messageExpiryInterval: settings.telemetry.expirySeconds } }),
    });
    bus.on(this, 'ledgerCommitted', () => this.#relay?.pump());
    this.#connection = new BrokerConnection({
      settings,
      clientId: this.#ctx.identity.deviceId,
      logger,
      random: this.#random,
      subscriptions: this.#topics.subscriptions,
      prepare: () => {
        const session = nextLinkSession(ledger.db);
        this.#session = session;
        return { session, will: { topic: this.#topics.status, payload: Buffer.from(JSON.stringify(this.#statusDoc(false, session))) } };
      },
      onOnline: (client, session) => this.#online(client, session),
      onOffline: (reason) => this.#offline(reason),
      onMessage: (packet) => this.#route(packet),
    });
    this.#alarm = new BacklogAlarm({
      ledger,
      logger,
      limits: settings.alarm,
      now: this.#clock.now,
      monotonicMs: this.#clock.monotonicMs,
      onChange: (alarm) => {
        this.#emit({ type: 'alarm', alarm });
        this.#publishState();
      },
    });
    this.#connection.start();
    this.#telemetry.start();
    this.#alarm.start();
  }

  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#alarm?.stop();
    clearTimeout(this.#stateTimer);
    clearTimeout(this.#syncTimer);
    this.#telemetry?.stop();
    await this.#commands?.settle(2000);
    const farewell = this.#session === null ? undefined : { topic: this.#topics.status, payload: Buffer.from(JSON.stringify(this.#statusDoc(false, this.#session))) };
    this.#client = undefined;
    await this.#connection?.stop(farewell);
    this.#relay?.stop();
    this.#ctx.bus.removeListeners(this);
    // Messages handled while disconnecting may have armed these again.
    clearTimeout(this.#stateTimer);
    clearTimeout(this.#syncTimer);
    this.#stateTimer = undefined;
  }

  status(): LinkStatus {
    const stats = linkOutboxStats(this.#ctx.ledger.db);
    const relay = this.#relay?.status();
    const connection = this.#connection;
    return {
      state: this.configured ? (connection?.state ?? 'stopped') : 'not-configured',
      broker: this.configured ? redact(this.#ctx.settings.brokerUrl) : null,
      onlineSince: connection?.onlineSince ?? null,
      session: this.#session,
      lastError: connection?.lastError ? codedError(connection.lastError) : null,
      reconnectAttempts: connection?.reconnectAttempts ?? 0,
      outbox: {
        depth: stats.depth,
        oldestAt: stats.oldestAt,
        ageSeconds: ageOf(stats.oldestAt, this.#clock.now()),
        lastSeq: stats.lastSeq,
        ackedUpTo: stats.ackedUpTo,
        inflightBatches: relay?.inflightBatches ?? 0,
        unackedEvents: relay?.unackedEvents ?? 0,
      },
      alarm: this.#alarm?.current ?? null,
      applied: this.#desired?.applied() ?? {},
      lastSyncAt: this.#lastSyncAt,
      hq: { ...this.#hq },
      market: this.market.list().map((quote: SpotView) => ({ instrument: quote.instrument, ageSeconds: quote.ageSeconds, stale: quote.stale })),
      lastRejection: this.#lastRejection,
    };
  }

  /** The applied body of a desired document (e.g. the HQ-managed `settings`), or undefined. */
  desiredBody(doc: DesiredDoc): unknown {
    return (this.#desired ?? new DesiredDocuments({ ledger: this.#ctx.ledger, logger: this.#ctx.logger, now: this.#clock.now })).body(doc);
  }

  // --- connection

  #online(client: MqttClient, session: number): void {
    this.#client = client;
    this.#publish(this.#topics.status, JSON.stringify(this.#statusDoc(true, session)), { qos: 1, retain: true });
    this.#publishState();
    this.#sendSync();
    this.#relay?.attach(client);
    this.#telemetry?.sendAll();
    this.#emit({ type: 'online', session });
  }

  #offline(reason: string): void {
    this.#client = undefined;
    this.#pendingSync = null;
    clearTimeout(this.#syncTimer);
    this.#relay?.detach();
    this.#emit({ type: 'offline', reason });
  }

  #publish(topic: string, payload: string, options: { qos: 0 | 1; retain?: boolean; properties?: Record<string, unknown> }, correlationData?: Buffer): void {
    const client = this.#client;
    if (!client?.connected) return;
    const properties = { contentType: 'application/json', ...options.properties, ...(correlationData ? { correlationData } : {}) };
    client.publish(topic, payload, { qos: options.qos, retain: options.retain ?? false, properties }, (error) => {
      if (error && typeof (error as Error & { code?: unknown }).code === 'number') {
        this.#recordRejection(topic, new LoupeError('LOUPE_E_LINK_PUBLISH_REFUSED', { topic, reason: error.message }));
      }
    });
  }

  // --- incoming

  async #route(packet: IPublishPacket): Promise<void> {
    if (!this.#started) return;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    if (payload.length > MAX_HQ_MESSAGE_BYTES) {
      const problem = `${payload.length} bytes; at most ${MAX_HQ_MESSAGE_BYTES} (a bigger document goes by reference)`;
      return this.#recordRejection(packet.topic, new LoupeError('LOUPE_E_LINK_PAYLOAD_INVALID', { what: packet.topic, problems: [{ field: '(message)', problem }] }));
    }
    const topic = parseTopic(packet.topic);
    const mine = 'deviceId' in topic && topic.deviceId === this.#ctx.identity.deviceId;
    switch (topic.channel) {
      case 'ack':
        if (mine) return this.#onAck(packet.topic, payload);
        break;
      case 'desired':
        if (mine) return this.#onDesired(packet.topic, topic.doc, payload);
        break;
      case 'command':
        if (mine) return this.#commands?.handle(topic.name, { ...packet, payload });
        break;
      case 'syncResponse':
        if (mine) return this.#onSyncResponse(packet.topic, payload);
        break;
      case 'marketSpot':
        return this.#onSpot(packet.topic, topic.instrument, payload);
      case 'hqStatus':
        return this.#onHqStatus(packet.topic, payload);
      default:
        break;
    }
    this.#recordRejection(packet.topic, new LoupeError('LOUPE_E_LINK_TOPIC_UNKNOWN', { topic: packet.topic }));
  }

  #onAck(topic: string, payload: Buffer): void {
    const decoded = decodePayload(Ack, payload, 'ack');
    if (!decoded.ok) return this.#recordRejection(topic, decoded.error);
    this.#relay?.acknowledge(decoded.value.upTo);
    this.#alarm?.checkSoon();
  }

  #onDesired(topic: string, doc: string, payload: Buffer): void {
    const outcome = this.#desired?.handle(doc, payload);
    if (!outcome) return;
    if (outcome.kind === 'applied') {
      this.#ctx.logger.info({ doc: outcome.doc, version: outcome.version, previous: outcome.previous, summary: outcome.summary }, 'HQ document applied');
      this.#emit({ type: 'documentApplied', doc: outcome.doc, version: outcome.version });
      this.#publishState();
    } else if (outcome.kind === 'ignored') {
      if (outcome.version < outcome.applied) {
        const stale = new LoupeError('LOUPE_E_LINK_DOCUMENT_STALE', { doc: outcome.doc, version: outcome.version, applied: outcome.applied });
        this.#recordRejection(topic, stale, outcome.version);
      } else {
        this.#ctx.logger.debug({ doc: outcome.doc, version: outcome.version }, 'HQ document already applied');
      }
    } else if (outcome.kind === 'rejected') {
      this.#recordRejection(topic, outcome.error, outcome.version);
    }
  }

  #onSpot(topic: string, instrument: string, payload: Buffer): void {
    if (payload.length === 0) return; // a retained quote being cleared
    const decoded = decodePayload(SpotQuote, payload, 'market spot');
    if (!decoded.ok) return this.#recordRejection(topic, decoded.error);
    if (decoded.value.instrument !== instrument) {
      const error = new LoupeError('LOUPE_E_LINK_PAYLOAD_INVALID', { what: 'market spot', problems: [{ field: '/instrument', problem: `must be ${instrument}` }] });
      return this.#recordRejection(topic, error);
    }
    if (this.market.record(decoded.value)) this.#emit({ type: 'spot', instrument: decoded.value.instrument, asOf: decoded.value.asOf });
  }

  #onHqStatus(topic: string, payload: Buffer): void {
    if (payload.length === 0) return;
    const decoded = decodePayload(HqStatus, payload, 'HQ status');
    if (!decoded.ok) return this.#recordRejection(topic, decoded.error);
    const { online, session } = decoded.value;
    const cameBack = online && this.#hq.session !== null && (this.#hq.session !== session || this.#hq.online === false);
    this.#hq = { online, session };
    // HQ restarted: whatever the broker queued for its old session may be gone; send it again now.
    if (cameBack) this.#relay?.resendUnacked('HQ came back online');
  }

  #onSyncResponse(topic: string, payload: Buffer): void {
    const decoded = decodePayload(SyncResponse, payload, 'sync response');
    if (!decoded.ok) return this.#recordRejection(topic, decoded.error);
    if (decoded.value.reqId !== this.#pendingSync) return; // an answer to an earlier connection's request
    this.#pendingSync = null;
    clearTimeout(this.#syncTimer);
    this.#lastSyncAt = this.#clock.now().toISOString();
    this.#relay?.acknowledge(decoded.value.hwm);
    this.#emit({ type: 'synced', hwm: decoded.value.hwm });
  }

  // --- outgoing documents

  #sendSync(): void {
    const desired = this.#desired;
    const relay = this.#relay;
    if (!desired || !relay) return;
    const reqId = this.#ctx.newId?.() ?? randomUUID();
    this.#pendingSync = reqId;
    const stats = linkOutboxStats(this.#ctx.ledger.db);
    const request: SyncRequest = { v: 1, reqId, applied: desired.versions(), outbox: { lastSeq: stats.lastSeq, ackedUpTo: stats.ackedUpTo } };
    this.#publish(this.#topics.syncRequest, JSON.stringify(request), {
      qos: 1,
      properties: { responseTopic: this.#topics.syncResponse(reqId), messageExpiryInterval: 60 },
    }, Buffer.from(reqId));
    clearTimeout(this.#syncTimer);
    this.#syncTimer = setTimeout(() => {
      if (this.#pendingSync === reqId && this.#client) {
        this.#ctx.logger.warn('HQ link: HQ has not answered req/sync; asking again');
        this.#sendSync();
      }
    }, this.#ctx.settings.syncTimeoutMs);
  }

  #statusDoc(online: boolean, session: number): DeviceStatus {
    return { v: 1, online, session, deviceId: this.#ctx.identity.deviceId, at: this.#clock.now().toISOString() };
  }

  #stateDoc(): DeviceState {
    const stats = linkOutboxStats(this.#ctx.ledger.db);
    const { deviceId, storeId, appVersion } = this.#ctx.identity;
    return {
      v: 1,
      deviceId,
      storeId,
      appVersion,
      session: this.#session ?? 1,
      at: this.#clock.now().toISOString(),
      outbox: { depth: stats.depth, oldestAt: stats.oldestAt, ageSeconds: ageOf(stats.oldestAt, this.#clock.now()), lastSeq: stats.lastSeq, ackedUpTo: stats.ackedUpTo },
      alarm: this.#alarm?.current ?? null,
      applied: this.#desired?.applied() ?? {},
      lastRejection: this.#lastRejection,
    };
  }

  /** Publishes the retained state document soon (coalesced). */
  #publishState(): void {
    if (this.#stateTimer || !this.#started) return;
    this.#stateTimer = setTimeout(() => {
      this.#stateTimer = undefined;
      this.#publish(this.#topics.state, JSON.stringify(this.#stateDoc()), { qos: 1, retain: true });
    }, 50);
  }

  #reply(topic: string, reply: CommandReply, correlationData: Buffer | undefined): void {
    this.#publish(topic, JSON.stringify(reply), { qos: 1, properties: { messageExpiryInterval: 3600 } }, correlationData);
  }

  // --- rejections, events

  #recordRejection(topic: string, error: LoupeError, version?: number): void {
    this.#ctx.logger.warn({ code: error.code, topic, details: error.details }, `HQ link: ${error.message}`);
    this.#lastRejection = { topic, code: error.code, at: this.#clock.now().toISOString(), ...(version === undefined ? {} : { version }) };
    this.#emit({ type: 'rejected', topic, code: error.code });
    this.#publishState();
  }

  #emit(event: LinkEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#ctx.logger.error({ err: error, event: event.type }, 'HQ link listener failed');
      }
    }
  }

  readonly #random = (): number => (this.#ctx.random ?? Math.random)();
}
