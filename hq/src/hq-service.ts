/**
 * The reference HQ: one ingest worker. Run several against one broker and one database; they share
 * the device traffic through `$share/{group}/…` subscriptions.
 *
 * - `evt/{stream}` batches: validated, stored and applied in seq order (ingest.ts); the broker's
 *   PUBACK goes out only after COMMIT (mqtt.js `handleMessage`), then `ack {upTo: hwm}`.
 * - `req/sync`: answers with HQ's hwm and desired versions, and publishes again (retained) every
 *   desired document the device is behind on — this is how a retained message the broker lost
 *   comes back.
 * - `reply/{cmdId}`, `state`, `status`, `tele/*`: recorded for the fleet view.
 * - Publishes desired documents (retained, versioned), market spot quotes (retained, with expiry)
 *   and commands (response topic + correlation data).
 * - The primary worker announces `loupe/v1/all/hq/status` (retained, will = offline), re-asserts
 *   the retained documents when the broker lost its session, and asks a device to `resync` when a
 *   gap in its events has not filled for `gapResyncMs`.
 * Malformed messages are refused with a coded reason in `rejected_messages` and change nothing.
 */
import { randomUUID } from 'node:crypto';
import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import type { Pool } from 'pg';
import { LoupeError } from '../../runtime/src/errors.ts';
import { noDelay } from '../../runtime/src/link/connection.ts';
import type { Logger } from '../../runtime/src/logger.ts';
import { deviceTopics, fleetTopics, hqSubscriptions, parseTopic, type CommandName, type DesiredDoc } from '../../runtime/src/wire/hq-topics.ts';
import { checkValue, decodePayload } from '../../runtime/src/wire/hq-decode.ts';
import { type Command, CommandReply } from '../../runtime/src/wire/hq-commands.ts';
import { DESIRED_BODIES, type DesiredDocument } from '../../runtime/src/wire/hq-desired-documents.ts';
import { type Ack, DeviceState, DeviceStatus, DevicesTelemetry, type HqStatus, type SpotQuote, SyncRequest, type SyncResponse, SystemTelemetry } from '../../runtime/src/wire/hq-messages.ts';
import { EventBatch } from '../../runtime/src/wire/hq-envelope.ts';
import { hwmOf, ingestBatch, stalledDevices } from './ingest.ts';
import { migrateHq } from './schema.ts';

export interface HqServiceContext {
  brokerUrl: string;
  pool: Pool;
  logger: Logger;
  /** MQTT client id of this worker. */
  clientId?: string;
  /** Shared-subscription group all workers join. */
  group?: string;
  /** The primary announces HQ status, re-asserts retained documents and asks for resyncs. */
  primary?: boolean;
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  /** Ask a device to resync when a gap has not filled for this long. */
  gapResyncMs?: number;
  reconnectMs?: number;
}

export type HqEvent =
  | { type: 'committed'; deviceId: string; hwm: number; applied: number }
  | { type: 'reply'; deviceId: string; cmdId: string | null; reply: CommandReply }
  | { type: 'rejected'; topic: string; code: string }
  | { type: 'synced'; deviceId: string; republished: string[] }
  | { type: 'report'; deviceId: string; kind: string; body: unknown };

const INGEST_ATTEMPTS = 4;

export class HqService {
  readonly #ctx: HqServiceContext;
  readonly #session = randomUUID();
  readonly #listeners = new Set<(event: HqEvent) => void>();
  #client: MqttClient | undefined;
  #gapTimer: NodeJS.Timeout | undefined;
  readonly #resyncAsked = new Map<string, number>();

  constructor(ctx: HqServiceContext) {
    this.#ctx = ctx;
  }

  on(listener: (event: HqEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(): Promise<void> {
    await migrateHq(this.#ctx.pool);
    const group = this.#ctx.group ?? 'hq-ingest';
    const statusOffline: HqStatus = { v: 1, online: false, session: this.#session, at: new Date().toISOString() };
    const options: IClientOptions = {
      protocolVersion: 5,
      clientId: this.#ctx.clientId ?? `hq-${this.#session.slice(0, 8)}`,
      clean: false,
      properties: { sessionExpiryInterval: 3600 },
      reconnectPeriod: this.#ctx.reconnectMs ?? 500,
      connectTimeout: 5000,
      resubscribe: false,
      queueQoSZero: false,
      ...(this.#ctx.primary ? { will: { topic: fleetTopics.hqStatus, payload: Buffer.from(JSON.stringify(statusOffline)), qos: 1 as const, retain: true } } : {}),
      ...(this.#ctx.tls ?? {}),
    };
    const client = connect(this.#ctx.brokerUrl, options);
    this.#client = client;
    client.handleMessage = (packet, done) => {
      this.#route(packet).then(
        () => done(),
        (error: unknown) => {
          this.#ctx.logger.error({ err: error, topic: packet.topic }, 'HQ: message handling failed');
          done();
        },
      );
    };
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`HQ could not connect to ${this.#ctx.brokerUrl}`)), 10_000);
      client.on('connect', (connack) => {
        noDelay(client);
        const subscriptions = Object.fromEntries(hqSubscriptions(group).map((topic) => [topic, { qos: 1 as const }]));
        client.subscribe(subscriptions, (error) => {
          if (error) this.#ctx.logger.error({ err: error }, 'HQ: subscribing failed');
          if (this.#ctx.primary) {
            this.#announce(!connack.sessionPresent).catch((announceError: unknown) => this.#ctx.logger.error({ err: announceError }, 'HQ: announcing failed'));
          }
          clearTimeout(timer);
          resolve();
        });
      });
    });
    if (this.#ctx.primary) this.#gapTimer = setInterval(() => void this.#askForResyncs(), Math.max(1000, Math.floor((this.#ctx.gapResyncMs ?? 30_000) / 2)));
  }

  async stop(): Promise<void> {
    clearInterval(this.#gapTimer);
    const client = this.#client;
    this.#client = undefined;
    if (!client) return;
    if (this.#ctx.primary && client.connected) {
      const offline: HqStatus = { v: 1, online: false, session: this.#session, at: new Date().toISOString() };
      await client.publishAsync(fleetTopics.hqStatus, JSON.stringify(offline), { qos: 1, retain: true }).catch(() => undefined);
    }
    // A worker with a generated client id never resumes its session: end it with the connection,
    // or the broker keeps handing that session its share of the device traffic for an hour.
    const disconnect = this.#ctx.clientId ? {} : { properties: { sessionExpiryInterval: 0 } };
    await client.endAsync(false, disconnect).catch(() => client.end(true));
  }

  /** Publishes a new version of a desired document (retained); returns its version. */
  async publishDesired(deviceId: string, doc: DesiredDoc, body: unknown, options: { version?: number } = {}): Promise<number> {
    const checked = checkValue(DESIRED_BODIES[doc], body, `desired/${doc} body`);
    if (!checked.ok) throw checked.error;
    const issuedAt = new Date().toISOString();
    const result = await this.#ctx.pool.query<{ version: number }>(
      `INSERT INTO desired_documents (device_id, doc, version, issued_at, body) VALUES ($1, $2, COALESCE($3, 1), $4, $5)
       ON CONFLICT (device_id, doc) DO UPDATE SET version = COALESCE($3, desired_documents.version + 1), issued_at = $4, body = $5
       RETURNING version`,
      [deviceId, doc, options.version ?? null, issuedAt, JSON.stringify(body)],
    );
    const version = result.rows[0]?.version ?? 1;
    await this.#publishDocument(deviceId, { v: 1, doc, version, issuedAt, body });
    return version;
  }

  async publishSpot(quote: SpotQuote, expirySeconds = 900): Promise<void> {
    await this.#ctx.pool.query(
      'INSERT INTO market_quotes (instrument, body) VALUES ($1, $2) ON CONFLICT (instrument) DO UPDATE SET body = $2, published_at = now()',
      [quote.instrument, JSON.stringify(quote)],
    );
    await this.#mqtt().publishAsync(fleetTopics.marketSpot(quote.instrument), JSON.stringify(quote), {
      qos: 1,
      retain: true,
      properties: { messageExpiryInterval: expirySeconds, contentType: 'application/json' },
    });
  }

  /** Sends a command; the reply lands in `commands` and as a `reply` event. */
  async sendCommand(deviceId: string, name: CommandName | string, args: Record<string, unknown>, options: { cmdId?: string; expiresAt?: string } = {}): Promise<string> {
    const cmdId = options.cmdId ?? randomUUID();
    const command: Command = { v: 1, cmdId, issuedAt: new Date().toISOString(), ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}), args };
    await this.#ctx.pool.query('INSERT INTO commands (cmd_id, device_id, name, args) VALUES ($1, $2, $3, $4) ON CONFLICT (cmd_id) DO NOTHING', [
      cmdId,
      deviceId,
      name,
      JSON.stringify(args),
    ]);
    const topics = deviceTopics(deviceId);
    await this.#mqtt().publishAsync(topics.command(name), JSON.stringify(command), {
      qos: 1,
      properties: { responseTopic: topics.commandReply(cmdId), correlationData: Buffer.from(cmdId), messageExpiryInterval: 3600, contentType: 'application/json' },
    });
    return cmdId;
  }

  hwm(deviceId: string): Promise<number> {
    return hwmOf(this.#ctx.pool, deviceId);
  }

  // --- incoming

  async #route(packet: IPublishPacket): Promise<void> {
    const topic = parseTopic(packet.topic);
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    switch (topic.channel) {
      case 'events':
        return this.#onEvents(packet.topic, topic.deviceId, topic.stream, payload);
      case 'syncRequest':
        return this.#onSync(packet, topic.deviceId, payload);
      case 'commandReply':
        return this.#onReply(packet.topic, topic.deviceId, payload);
      case 'state':
        return this.#onReport(packet.topic, topic.deviceId, 'state', DeviceState, payload);
      case 'status':
        return this.#onReport(packet.topic, topic.deviceId, 'status', DeviceStatus, payload);
      case 'telemetry':
        if (topic.kind === 'sys') return this.#onReport(packet.topic, topic.deviceId, 'tele/sys', SystemTelemetry, payload);
        if (topic.kind === 'devices') return this.#onReport(packet.topic, topic.deviceId, 'tele/devices', DevicesTelemetry, payload);
        return this.#reject(packet.topic, new LoupeError('LOUPE_E_LINK_TOPIC_UNKNOWN', { topic: packet.topic }), payload);
      default:
        return this.#reject(packet.topic, new LoupeError('LOUPE_E_LINK_TOPIC_UNKNOWN', { topic: packet.topic }), payload);
    }
  }

  async #onEvents(topic: string, deviceId: string, stream: Parameters<typeof ingestBatch>[2], payload: Buffer): Promise<void> {
    const decoded = decodePayload(EventBatch, payload, `evt/${stream}`);
    if (!decoded.ok) return this.#reject(topic, decoded.error, payload);
    const batch = decoded.value;
    const foreign = batch.batch.find((event) => event.deviceId !== deviceId);
    if (foreign) return this.#reject(topic, new LoupeError('LOUPE_E_LINK_DEVICE_MISMATCH', { topic: deviceId, envelope: foreign.deviceId, seq: foreign.seq }), payload);
    const seqs = batch.batch.map((event) => event.seq);
    const ordered = seqs.every((seq, i) => i === 0 || seq > (seqs[i - 1] as number));
    if (!ordered || seqs[0] !== batch.firstSeq || seqs[seqs.length - 1] !== batch.lastSeq) {
      const error = new LoupeError('LOUPE_E_LINK_PAYLOAD_INVALID', { what: `evt/${stream}`, problems: [{ field: '/batch', problem: 'seqs must rise from firstSeq to lastSeq' }] });
      return this.#reject(topic, error, payload);
    }
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await ingestBatch(this.#ctx.pool, deviceId, stream, batch);
        if (result.conflicts > 0) this.#ctx.logger.error({ deviceId, conflicts: result.conflicts }, 'HQ: a device sent different events under seqs already stored');
        this.#ack(deviceId, result.hwm);
        this.#emit({ type: 'committed', deviceId, hwm: result.hwm, applied: result.applied });
        return;
      } catch (error) {
        // PostgreSQL away: try a few times, then PUBACK anyway; without our ack the device sends it again.
        if (attempt >= INGEST_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** attempt));
      }
    }
  }

  #ack(deviceId: string, upTo: number): void {
    const ack: Ack = { v: 1, upTo, at: new Date().toISOString() };
    this.#client?.publish(deviceTopics(deviceId).ack, JSON.stringify(ack), { qos: 1, properties: { messageExpiryInterval: 86_400 } });
  }

  async #onSync(packet: IPublishPacket, deviceId: string, payload: Buffer): Promise<void> {
    const responseTopic = packet.properties?.responseTopic;
    const decoded = decodePayload(SyncRequest, payload, 'req/sync');
    if (!decoded.ok) return this.#reject(packet.topic, decoded.error, payload);
    const request = decoded.value;
    const docs = await this.#ctx.pool.query<{ doc: DesiredDoc; version: number; issued_at: string; body: unknown }>(
      'SELECT doc, version, issued_at, body FROM desired_documents WHERE device_id = $1 ORDER BY doc',
      [deviceId],
    );
    const republished: string[] = [];
    for (const row of docs.rows) {
      if ((request.applied[row.doc] ?? 0) >= row.version) continue;
      this.#sendDocument(deviceId, { v: 1, doc: row.doc, version: row.version, issuedAt: row.issued_at, body: row.body });
      republished.push(row.doc);
    }
    const response: SyncResponse = {
      v: 1,
      reqId: request.reqId,
      hwm: await hwmOf(this.#ctx.pool, deviceId),
      desired: Object.fromEntries(docs.rows.map((row) => [row.doc, row.version])),
      republished,
    };
    if (responseTopic) {
      const correlationData = packet.properties?.correlationData;
      this.#client?.publish(responseTopic, JSON.stringify(response), { qos: 1, properties: { messageExpiryInterval: 60, ...(correlationData ? { correlationData } : {}) } });
    }
    this.#emit({ type: 'synced', deviceId, republished });
  }

  async #onReply(topic: string, deviceId: string, payload: Buffer): Promise<void> {
    const decoded = decodePayload(CommandReply, payload, 'command reply');
    if (!decoded.ok) return this.#reject(topic, decoded.error, payload);
    const reply = decoded.value;
    if (reply.cmdId) {
      await this.#ctx.pool.query('UPDATE commands SET reply = $2, replies = replies + 1, replied_at = now() WHERE cmd_id = $1', [reply.cmdId, JSON.stringify(reply)]);
    }
    this.#emit({ type: 'reply', deviceId, cmdId: reply.cmdId, reply });
  }

  async #onReport(topic: string, deviceId: string, kind: string, schema: Parameters<typeof decodePayload>[0], payload: Buffer): Promise<void> {
    if (payload.length === 0) return;
    const decoded = decodePayload(schema, payload, kind);
    if (!decoded.ok) return this.#reject(topic, decoded.error, payload);
    await this.#ctx.pool.query(
      `INSERT INTO device_reports (device_id, kind, body) VALUES ($1, $2, $3)
       ON CONFLICT (device_id, kind) DO UPDATE SET body = $3, received_at = now()`,
      [deviceId, kind, JSON.stringify(decoded.value)],
    );
    this.#emit({ type: 'report', deviceId, kind, body: decoded.value });
  }

  async #reject(topic: string, error: LoupeError, payload: Buffer): Promise<void> {
    this.#ctx.logger.warn({ code: error.code, topic, details: error.details }, `HQ refused a message: ${error.message}`);
    await this.#ctx.pool.query('INSERT INTO rejected_messages (topic, code, reason, excerpt) VALUES ($1, $2, $3, $4)', [
      topic,
      error.code,
      error.message,
      payload.subarray(0, 200).toString('utf8').replace(/\u0000/g, ''),
    ]);
    this.#emit({ type: 'rejected', topic, code: error.code });
  }

  // --- primary duties

  async #announce(sessionLost: boolean): Promise<void> {
    const online: HqStatus = { v: 1, online: true, session: this.#session, at: new Date().toISOString() };
    this.#client?.publish(fleetTopics.hqStatus, JSON.stringify(online), { qos: 1, retain: true });
    if (!sessionLost) return;
    // The broker may have lost its retained messages with our session: assert them again.
    const docs = await this.#ctx.pool.query<{ device_id: string; doc: DesiredDoc; version: number; issued_at: string; body: unknown }>(
      'SELECT device_id, doc, version, issued_at, body FROM desired_documents',
    );
    for (const row of docs.rows) {
      this.#sendDocument(row.device_id, { v: 1, doc: row.doc, version: row.version, issuedAt: row.issued_at, body: row.body });
    }
  }

  async #askForResyncs(): Promise<void> {
    const gapMs = this.#ctx.gapResyncMs ?? 30_000;
    try {
      for (const { deviceId, hwm } of await stalledDevices(this.#ctx.pool, gapMs)) {
        const last = this.#resyncAsked.get(deviceId) ?? 0;
        if (Date.now() - last < gapMs) continue;
        this.#resyncAsked.set(deviceId, Date.now());
        this.#ctx.logger.warn({ deviceId, fromSeq: hwm + 1 }, 'HQ: a gap in a device’s events has not filled; asking it to resync');
        await this.sendCommand(deviceId, 'resync', { fromSeq: hwm + 1 });
      }
    } catch (error) {
      this.#ctx.logger.error({ err: error }, 'HQ: the gap check failed');
    }
  }

  /**
   * Publishes without waiting for the PUBACK. For use inside message handlers: mqtt.js handles
   * incoming packets one at a time, so a handler that awaited a PUBACK would wait for itself.
   */
  #sendDocument(deviceId: string, document: DesiredDocument): void {
    this.#client?.publish(deviceTopics(deviceId).desired(document.doc), JSON.stringify(document), { qos: 1, retain: true, properties: { contentType: 'application/json' } }, (error) => {
      if (error) this.#ctx.logger.error({ err: error, deviceId, doc: document.doc }, 'HQ: a desired document could not be published');
    });
  }

  async #publishDocument(deviceId: string, document: DesiredDocument): Promise<void> {
    await this.#mqtt().publishAsync(deviceTopics(deviceId).desired(document.doc), JSON.stringify(document), {
      qos: 1,
      retain: true,
      properties: { contentType: 'application/json' },
    });
  }

  #mqtt(): MqttClient {
    if (!this.#client) throw new Error('HQ service is not started');
    return this.#client;
  }

  #emit(event: HqEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#ctx.logger.error({ err: error }, 'HQ listener failed');
      }
    }
  }
}
