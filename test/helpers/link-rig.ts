/**
 * The HQ-link test rig: a device (real ledger + HqLink) and reference HQ workers (HqService on
 * PostgreSQL), plus the questions tests ask HQ's database. Brokers, clusters and proxies come
 * from mosquitto.ts, postgres.ts and tcp-proxy.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { connect, type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import pg from 'pg';
import { validated } from '../../runtime/src/config/settings.ts';
import { SYSTEM_ACTOR } from '../../runtime/src/domain/actor.ts';
import { createUlidFactory } from '../../runtime/src/domain/ulid.ts';
import { EventBus } from '../../runtime/src/event-bus.ts';
import { HqLink, type HqLinkContext } from '../../runtime/src/link/hq-link.ts';
import type { LinkEvent } from '../../runtime/src/wire/live.ts';
import type { HqLinkSettings } from '../../runtime/src/link/settings.ts';
import { createLogger, type Logger } from '../../runtime/src/logger.ts';
import { CatalogService } from '../../runtime/src/modules/catalog/catalog-service.ts';
import { Ledger } from '../../runtime/src/store/ledger.ts';
import type { StoredEventDraft } from '../../runtime/src/store/outbox.ts';
import { STREAMS, type Stream } from '../../runtime/src/wire/hq-topics.ts';
import { HqService, type HqEvent } from '../../hq/src/hq-service.ts';
import type { PostgresCluster } from './postgres.ts';

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** Link settings as the settings loader would produce them: defaults filled, validated. */
export function linkSettings(overrides: DeepPartial<HqLinkSettings>): HqLinkSettings {
  return validated({ hq: overrides }).hq;
}

/** Fast-reacting settings for fault tests: short backoff and ack timeout. */
export function quickSettings(brokerUrl: string, extra: DeepPartial<HqLinkSettings> = {}): HqLinkSettings {
  return linkSettings({
    brokerUrl,
    keepaliveSeconds: 5,
    connectTimeoutMs: 2000,
    syncTimeoutMs: 2000,
    ...extra,
    backoff: { initialMs: 50, maxMs: 400, ...extra.backoff },
    relay: { ackTimeoutMs: 1500, ...extra.relay },
    telemetry: { periodSeconds: 3600, changePollMs: 60_000, ...extra.telemetry },
  });
}

export interface LogRecord {
  level: number;
  msg?: string;
  code?: string;
  [key: string]: unknown;
}

/** A pino logger whose records the test can read. */
export function memoryLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { logger: createLogger('debug', stream), records };
}

export interface DeviceOptions {
  dir?: string;
  deviceId?: string;
  settings: HqLinkSettings;
  context?: Partial<HqLinkContext>;
}

export class DeviceRig {
  readonly dir: string;
  readonly deviceId: string;
  readonly ledger: Ledger<StoredEventDraft>;
  readonly bus: EventBus;
  readonly link: HqLink;
  readonly logs: LogRecord[];
  readonly catalog: CatalogService;
  readonly #ownsDir: boolean;
  readonly #newId: () => string;
  #events = 0;

  constructor(options: DeviceOptions) {
    this.#ownsDir = options.dir === undefined;
    this.dir = options.dir ?? mkdtempSync(join(tmpdir(), 'loupe-device-'));
    this.deviceId = options.deviceId ?? 'pos-test01';
    const { logger, records } = memoryLogger();
    this.logs = records;
    this.bus = new EventBus(logger);
    const newId = createUlidFactory({ now: () => Date.now(), randomBytes: (size) => randomBytes(size) });
    this.#newId = newId;
    this.ledger = Ledger.open<StoredEventDraft>({
      path: join(this.dir, 'ledger.sqlite'),
      identity: { deviceId: this.deviceId, storeId: '0042', bootId: 'boot-test', clockSynced: () => true },
      now: () => new Date(),
      newId,
      onCommitted: this.bus.committed,
    });
    this.catalog = new CatalogService({ ledger: this.ledger, now: () => new Date(), newId, currency: 'USD' });
    this.link = new HqLink({
      ledger: this.ledger,
      bus: this.bus,
      settings: options.settings,
      identity: { deviceId: this.deviceId, storeId: '0042', appVersion: '0.1.0-test' },
      logger,
      ...options.context,
    });
  }

  /** Commits `count` events, `perWrite` to a ledger transaction; streams rotate when `mixed`. */
  writeEvents(count: number, options: { perWrite?: number; mixed?: boolean } = {}): number {
    const perWrite = options.perWrite ?? 50;
    let last = 0;
    for (let written = 0; written < count; written += perWrite) {
      const n = Math.min(perWrite, count - written);
      const events = Array.from({ length: n }, () => {
        this.#events += 1;
        const stream: Stream = options.mixed ? (STREAMS[this.#events % STREAMS.length] as Stream) : 'sales';
        return { stream, type: 'test.sale_recorded', schemaVersion: 1, businessKey: `test:${this.deviceId}:${this.#events}`, payload: { n: this.#events, totalMinor: 125_000 } };
      });
      const committed = this.ledger.write({ action: 'test.salesRecorded', actor: SYSTEM_ACTOR, target: 'test:sales' }, () => ({ result: undefined, events }));
      last = committed.eventSeqs[committed.eventSeqs.length - 1] ?? last;
    }
    return last;
  }

  /** Receives a plain gold ring into stock (for price list and reservation tests). */
  receivePiece(stockNo: string, retailMinor: number, currency = 'USD'): void {
    const catalog = currency === 'USD' ? this.catalog : new CatalogService({ ledger: this.ledger, now: () => new Date(), newId: this.#newId, currency });
    catalog.receive(
      {
        stockNo,
        description: `Test ring ${stockNo}`,
        category: 'ring',
        metal: 'gold',
        fineness: 750,
        metalWeightUg: 5_000_000,
        stones: [],
        costMinor: Math.floor(retailMinor / 2),
        retailMinor,
        location: 'Case 1 / Tray A',
        ownership: 'owned',
      },
      SYSTEM_ACTOR,
    );
  }

  piece(stockNo: string): { retailMinor: number; status: string } {
    const row = this.ledger.db.prepare<[string], { retail_minor: number; status: string }>('SELECT retail_minor, status FROM pieces WHERE stock_no = ?').get(stockNo);
    if (!row) throw new Error(`no piece ${stockNo}`);
    return { retailMinor: row.retail_minor, status: row.status };
  }

  /** Audit entries of one action: what the ledger recorded, not what a function said. */
  auditCount(action: string): number {
    return (this.ledger.db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;
  }

  waitFor(predicate: (event: LinkEvent) => boolean, timeoutMs: number, what: string): Promise<LinkEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`device: timed out after ${timeoutMs} ms waiting for ${what}; status ${JSON.stringify(this.link.status())}`));
      }, timeoutMs);
      const unsubscribe = this.link.subscribe((event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event);
      });
    });
  }

  async close(): Promise<void> {
    await this.link.stop();
    this.ledger.close();
    if (this.#ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface HqOptions {
  brokerUrl: string;
  workers?: number;
  gapResyncMs?: number;
  /** false: no worker announces HQ status or re-asserts retained documents (only req/sync recovers them). */
  primary?: boolean;
  /** Client certificates per worker (mqtts). */
  tls?: { ca: Buffer; cert: Buffer; key: Buffer }[];
}

/** Reference HQ workers on a fresh database of `cluster`. */
export class HqRig {
  readonly pool: pg.Pool;
  readonly workers: HqService[];
  readonly logs: LogRecord[];
  readonly #listeners = new Set<(event: HqEvent) => void>();

  private constructor(pool: pg.Pool, workers: HqService[], logs: LogRecord[]) {
    this.pool = pool;
    this.workers = workers;
    this.logs = logs;
    for (const worker of workers) worker.on((event) => this.#listeners.forEach((listener) => listener(event)));
  }

  static async start(cluster: PostgresCluster, options: HqOptions): Promise<HqRig> {
    const database = await cluster.createDatabase();
    const pool = new pg.Pool({ connectionString: cluster.url(database), max: 8 });
    const { logger, records } = memoryLogger();
    // As in run-hq.ts: an idle connection the server drops is the pool's to replace, not a crash.
    pool.on('error', (error) => logger.error({ err: error }, 'HQ: an idle PostgreSQL connection failed'));
    const count = options.workers ?? 1;
    const workers = Array.from(
      { length: count },
      (_, i) =>
        new HqService({
          brokerUrl: options.brokerUrl,
          pool,
          logger,
          clientId: `hq-ingest-${database}-${i + 1}`,
          group: `hq-${database}`,
          primary: i === 0 && options.primary !== false,
          reconnectMs: 200,
          ...(options.tls?.[i] ? { tls: options.tls[i] } : {}),
          ...(options.gapResyncMs ? { gapResyncMs: options.gapResyncMs } : {}),
        }),
    );
    for (const worker of workers) await worker.start();
    return new HqRig(pool, workers, records);
  }

  get primary(): HqService {
    return this.workers[0] as HqService;
  }

  on(listener: (event: HqEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  waitFor(predicate: (event: HqEvent) => boolean, timeoutMs: number, what: string, already?: () => Promise<boolean>): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        off();
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error(`HQ: timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
      const off = this.on((event) => {
        if (predicate(event)) finish();
      });
      already?.().then(
        (done) => done && finish(),
        (error: unknown) => finish(error as Error),
      );
    });
  }

  /** Resolves once HQ has committed every seq up to `seq` for the device. */
  async waitForHwm(deviceId: string, seq: number, timeoutMs: number): Promise<void> {
    const isThere = async () => (await this.primary.hwm(deviceId)) >= seq;
    await this.waitFor((event) => event.type === 'committed' && event.deviceId === deviceId && event.hwm >= seq, timeoutMs, `hwm ${seq}`, isThere).catch(
      async (error: Error) => {
        throw new Error(`${error.message}; hwm is ${await this.primary.hwm(deviceId)}`);
      },
    );
  }

  /** What HQ committed for a device, counted in PostgreSQL. */
  async committed(deviceId: string): Promise<{ rows: number; distinct: number; minSeq: number; maxSeq: number; inSeqOrder: boolean; appliedCount: number; hwm: number }> {
    const { rows } = await this.pool.query<{ rows: string; distinct: string; min: string | null; max: string | null; disorder: string }>(
      `SELECT COUNT(*) AS rows, COUNT(DISTINCT seq) AS distinct, MIN(seq) AS min, MAX(seq) AS max,
              (SELECT COUNT(*) FROM (SELECT seq - LAG(seq) OVER (ORDER BY apply_no) AS step FROM events WHERE device_id = $1) s WHERE step <> 1) AS disorder
         FROM events WHERE device_id = $1`,
      [deviceId],
    );
    const stream = await this.pool.query<{ hwm: string; applied_count: string }>('SELECT hwm, applied_count FROM device_streams WHERE device_id = $1', [deviceId]);
    const row = rows[0];
    return {
      rows: Number(row?.rows ?? 0),
      distinct: Number(row?.distinct ?? 0),
      minSeq: Number(row?.min ?? 0),
      maxSeq: Number(row?.max ?? 0),
      inSeqOrder: Number(row?.disorder ?? 0) === 0,
      appliedCount: Number(stream.rows[0]?.applied_count ?? 0),
      hwm: Number(stream.rows[0]?.hwm ?? 0),
    };
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>(sql, params);
    return Number(rows[0]?.n ?? 0);
  }

  async stop(): Promise<void> {
    for (const worker of this.workers) await worker.stop();
    await this.pool.end();
  }
}

/** A bare MQTT 5 client, for what a test publishes or watches on the broker itself. */
export async function observer(url: string, clientId = `observer-${randomBytes(4).toString('hex')}`): Promise<MqttClient> {
  const client = connect(url, { protocolVersion: 5, clientId, reconnectPeriod: 0, connectTimeout: 5000 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

export async function publish(client: MqttClient, topic: string, payload: string | Buffer, options: IClientPublishOptions = { qos: 1 }): Promise<void> {
  await client.publishAsync(topic, payload, options);
}

/** Resolves with the first message on `filter` that `predicate` accepts. */
export function nextMessage(
  client: MqttClient,
  filter: string,
  predicate: (topic: string, payload: Buffer) => boolean,
  timeoutMs: number,
): Promise<{ topic: string; payload: Buffer; json: unknown; correlationData: Buffer | undefined; packet: IPublishPacket }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.removeListener('message', onMessage);
      reject(new Error(`no message on ${filter} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (topic: string, payload: Buffer, packet: IPublishPacket) => {
      if (!matchesFilter(topic, filter) || !predicate(topic, payload)) return;
      clearTimeout(timer);
      client.removeListener('message', onMessage);
      let json: unknown;
      try {
        json = JSON.parse(payload.toString());
      } catch {
        json = undefined;
      }
      resolve({ topic, payload, json, correlationData: packet.properties?.correlationData, packet });
    };
    client.on('message', onMessage);
    client.subscribe(filter, { qos: 1 });
  });
}

/** Rejects if `promise` has not settled within `ms`: no test waits forever. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** MQTT topic filter matching: `+` one level, `#` the rest. */
export function matchesFilter(topic: string, filter: string): boolean {
  const levels = topic.split('/');
  const parts = filter.split('/');
  for (let i = 0; i < parts.length; i += 1) {
    if (parts[i] === '#') return true;
    if (levels[i] === undefined) return false;
    if (parts[i] !== '+' && parts[i] !== levels[i]) return false;
  }
  return levels.length === parts.length;
}
