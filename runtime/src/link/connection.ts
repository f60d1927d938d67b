/**
 * One MQTT 5 connection to the HQ broker at a time, with our own reconnect loop.
 *
 * mqtt.js's `reconnectPeriod` is 0: its reconnect replays the offline store one message per round
 * trip and holds back `connect` and re-subscription until that replay drains (hq-link-mqtt.md
 * §2.2, §2.4 F/S). Instead each attempt builds a fresh client; on close, whatever QoS 1 publishes
 * the library still holds are taken back with `removeOutgoingMessage()` (their callbacks fail with
 * "Message removed"), so the outbox, not the library, decides what is sent again.
 *
 * Incoming QoS 1 messages go through `handleMessage`, whose callback sends the PUBACK: the link
 * acknowledges a document or command to the broker only after it is safely in the ledger.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import { LoupeError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { Backoff } from './backoff.ts';
import type { HqLinkSettings } from './settings.ts';

const require = createRequire(import.meta.url);
let mqttModule: typeof import('mqtt') | undefined;

export type ConnectionState = 'stopped' | 'connecting' | 'online' | 'offline';

export interface ConnectionContext {
  settings: HqLinkSettings;
  clientId: string;
  logger: Logger;
  random: () => number;
  /** Called before each attempt: the session number and the will for it. */
  prepare: () => { session: number; will: { topic: string; payload: Buffer } };
  /** The connection is up and subscribed; the caller may publish. */
  onOnline: (client: MqttClient, session: number) => void;
  /** The connection is gone (in-flight publishes were taken back already). */
  onOffline: (reason: string) => void;
  /** Every incoming PUBLISH; resolve when it is safe to PUBACK. */
  onMessage: (packet: IPublishPacket) => Promise<void> | void;
  subscriptions: string[];
}

export class BrokerConnection {
  readonly #ctx: ConnectionContext;
  readonly #backoff: Backoff;
  #client: MqttClient | undefined;
  #timer: NodeJS.Timeout | undefined;
  #state: ConnectionState = 'stopped';
  #lastError: LoupeError | null = null;
  #nextAttemptAt: number | null = null;
  #onlineSince: string | null = null;

  constructor(ctx: ConnectionContext) {
    this.#ctx = ctx;
    this.#backoff = new Backoff(ctx.settings.backoff, ctx.random);
  }

  get state(): ConnectionState {
    return this.#state;
  }

  get lastError(): LoupeError | null {
    return this.#lastError;
  }

  get onlineSince(): string | null {
    return this.#onlineSince;
  }

  get nextAttemptAt(): number | null {
    return this.#nextAttemptAt;
  }

  get reconnectAttempts(): number {
    return this.#backoff.attempts;
  }

  start(): void {
    if (this.#state !== 'stopped') return;
    this.#attempt();
  }

  /** Reconnect now instead of waiting out the backoff (HQ asked to drain, or settings changed). */
  hurry(): void {
    if (this.#state !== 'offline') return;
    clearTimeout(this.#timer);
    this.#backoff.reset();
    this.#attempt();
  }

  /** Publishes `farewell` (the offline status) if connected, then disconnects cleanly. */
  async stop(farewell?: { topic: string; payload: Buffer }): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const client = this.#client;
    this.#state = 'stopped';
    this.#client = undefined;
    if (!client) return;
    if (client.connected && farewell) {
      await withTimeout(client.publishAsync(farewell.topic, farewell.payload, { qos: 1, retain: true }), 2000).catch(() => undefined);
    }
    takeBack(client);
    await withTimeout(client.endAsync(false), 2000).catch(() => client.end(true));
  }

  #attempt(): void {
    this.#state = 'connecting';
    this.#nextAttemptAt = null;
    let options: IClientOptions;
    let session: number;
    try {
      const prepared = this.#ctx.prepare();
      session = prepared.session;
      options = this.#options(prepared.will);
    } catch (error) {
      this.#fail(error instanceof LoupeError ? error : new LoupeError('LOUPE_E_LINK_CONNECT_FAILED', { reason: (error as Error).message }));
      return;
    }
    // mqtt.js is loaded on the first connection attempt: a store without HQ never pays for it.
    const client = (mqttModule ??= require('mqtt') as typeof import('mqtt')).connect(this.#ctx.settings.brokerUrl, options);
    this.#client = client;
    let closed = false;
    client.handleMessage = (packet, done) => {
      Promise.resolve()
        .then(() => this.#ctx.onMessage(packet))
        .then(
          () => done(),
          (error: unknown) => {
            // Never leave the broker waiting: a message that cannot be handled is logged and PUBACKed.
            this.#ctx.logger.error({ err: error, topic: packet.topic }, 'HQ link: a message could not be handled');
            done();
          },
        );
    };
    client.on('connect', () => {
      if (client !== this.#client) return;
      noDelay(client);
      const subscriptions = Object.fromEntries(this.#ctx.subscriptions.map((topic) => [topic, { qos: 1 as const, rh: 0 as const }]));
      client.subscribe(subscriptions, (error, granted) => {
        if (client !== this.#client || closed) return;
        if (error) {
          this.#ctx.logger.warn({ err: error }, 'HQ link: subscribing failed');
          client.end(true);
          return;
        }
        const refused = (granted ?? []).filter((grant) => grant.qos >= 0x80).map((grant) => grant.topic);
        if (refused.length > 0) {
          this.#lastError = new LoupeError('LOUPE_E_LINK_SUBSCRIBE_REFUSED', { topics: refused });
          this.#ctx.logger.error({ code: this.#lastError.code, topics: refused }, 'HQ link: the broker refused subscriptions');
        } else {
          this.#lastError = null;
        }
        this.#backoff.reset();
        this.#state = 'online';
        this.#onlineSince = new Date().toISOString();
        this.#ctx.logger.info({ broker: redact(this.#ctx.settings.brokerUrl), session }, 'HQ link: online');
        this.#ctx.onOnline(client, session);
      });
    });
    client.on('error', (error) => {
      if (client !== this.#client) return;
      this.#lastError = new LoupeError('LOUPE_E_LINK_CONNECT_FAILED', { reason: error.message });
    });
    client.on('close', () => {
      if (closed) return;
      closed = true;
      takeBack(client);
      client.removeAllListeners('connect');
      client.end(true);
      if (client !== this.#client) return;
      const wasOnline = this.#state === 'online';
      this.#client = undefined;
      this.#onlineSince = null;
      if (wasOnline) this.#ctx.logger.warn({ reason: this.#lastError?.details?.reason ?? 'connection closed' }, 'HQ link: offline');
      this.#ctx.onOffline(String(this.#lastError?.details?.reason ?? 'connection closed'));
      this.#scheduleRetry();
    });
  }

  #fail(error: LoupeError): void {
    this.#lastError = error;
    this.#ctx.logger.error({ code: error.code, details: error.details }, error.message);
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (this.#state === 'stopped') return;
    this.#state = 'offline';
    const delay = this.#backoff.next();
    this.#nextAttemptAt = Date.now() + delay;
    this.#timer = setTimeout(() => this.#attempt(), delay);
  }

  #options(will: { topic: string; payload: Buffer }): IClientOptions {
    const { settings, clientId } = this.#ctx;
    const options: IClientOptions = {
      protocolVersion: 5,
      clientId,
      clean: false,
      keepalive: settings.keepaliveSeconds,
      reconnectPeriod: 0,
      connectTimeout: settings.connectTimeoutMs,
      queueQoSZero: false,
      resubscribe: false,
      properties: { sessionExpiryInterval: settings.sessionExpirySeconds, receiveMaximum: 64 },
      will: { topic: will.topic, payload: will.payload, qos: 1, retain: true, properties: { willDelayInterval: settings.willDelaySeconds } },
    };
    if (settings.brokerUrl.startsWith('mqtts://')) {
      const { caFile, certFile, keyFile, serverName } = settings.tls;
      try {
        if (caFile) options.ca = readFileSync(caFile);
        if (certFile) options.cert = readFileSync(certFile);
        if (keyFile) options.key = readFileSync(keyFile);
      } catch (error) {
        throw new LoupeError('LOUPE_E_LINK_TLS_FILES', { reason: (error as Error).message });
      }
      options.rejectUnauthorized = true;
      if (serverName) options.servername = serverName;
    }
    return options;
  }
}

/**
 * Small QoS 1 packets and their acks ping-pong; with Nagle's algorithm on (Node's default for the
 * sockets mqtt.js opens) each waits for the peer's delayed ACK, ~40 ms on Linux.
 */
export function noDelay(client: MqttClient): void {
  (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
}

/** Takes back every QoS 1/2 publish the library still holds, so it never replays them itself. */
function takeBack(client: MqttClient): void {
  for (const id of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(id));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** A broker URL without credentials, for logs and status. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}
