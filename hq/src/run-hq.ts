/**
 * Running the reference HQ: N ingest workers (HqService) in one process, on one PostgreSQL pool,
 * sharing the device traffic through the broker's `$share/{group}/…` subscription. At most one of
 * them — the first, and only when asked — is the primary (HQ status, retained re-assertion, resync
 * requests); run exactly one primary across all HQ processes. Both `loupe hq` and
 * `tsx hq/src/main.ts` start HQ through `runHq`.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { createLogger } from '../../runtime/src/logger.ts';
import { HqService } from './hq-service.ts';
import { startHqApi, type HqApiSettings, type RunningHqApi } from './api/hq-api.ts';

export interface HqRunOptions {
  databaseUrl: string;
  brokerUrl: string;
  /** Workers in this process (default 1). */
  workers?: number;
  /** The first worker is the primary. */
  primary?: boolean;
  /** MQTT client ids are `{clientId}-{n}` (stable ids keep the broker sessions); default random. */
  clientId?: string;
  /** Shared-subscription group (default `hq-ingest`). */
  group?: string;
  /** PEM files for mqtts. */
  tls?: { caFile?: string; certFile?: string; keyFile?: string };
  /** HQ's HTTPS API (enrollment) on this port, over the device CA in `api.caDir`; absent: no API. */
  api?: Omit<HqApiSettings, 'now' | 'onCrlWritten' | 'plainHttp'>;
  /** The version HQ's OpenAPI document states. */
  version?: string;
  logger?: PinoLogger;
  logLevel?: string;
}

export interface RunningHq {
  workers: HqService[];
  pool: pg.Pool;
  api: RunningHqApi | undefined;
  stop(): Promise<void>;
}

export const HQ_DEFAULTS = {
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/hq',
  brokerUrl: 'mqtt://127.0.0.1:1883',
} as const;

export const MAX_WORKERS = 64;

export async function runHq(options: HqRunOptions): Promise<RunningHq> {
  const count = options.workers ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_WORKERS) throw new Error(`HQ workers must be a whole number from 1 to ${MAX_WORKERS}, not ${count}`);
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  // Each worker holds at most one connection per batch in flight; two each leaves room for queries.
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: Math.max(4, 2 * count) });
  pool.on('error', (error) => logger.error({ err: error }, 'HQ: an idle PostgreSQL connection failed'));
  const file = (path: string | undefined) => (path ? readFileSync(path) : undefined);
  const tls = options.tls?.certFile ? { ca: file(options.tls.caFile), cert: file(options.tls.certFile), key: file(options.tls.keyFile) } : undefined;
  const workers = Array.from(
    { length: count },
    (_, i) =>
      new HqService({
        brokerUrl: options.brokerUrl,
        pool,
        logger: count > 1 ? logger.child({ worker: i + 1 }) : logger,
        primary: i === 0 && options.primary === true,
        ...(options.clientId ? { clientId: count > 1 ? `${options.clientId}-${i + 1}` : options.clientId } : {}),
        ...(options.group ? { group: options.group } : {}),
        ...(tls ? { tls } : {}),
      }),
  );
  const started: HqService[] = [];
  let api: RunningHqApi | undefined;
  const stop = async () => {
    await api?.stop();
    for (const worker of started.reverse()) await worker.stop().catch((error: unknown) => logger.error({ err: error }, 'HQ: a worker did not stop cleanly'));
    await pool.end();
  };
  try {
    for (const worker of workers) {
      await worker.start();
      started.push(worker);
    }
    if (options.api) api = await startHqApi(options.api, pool, logger, options.version ?? '0.0.0');
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info({ brokerUrl: options.brokerUrl, workers: count, primary: options.primary === true }, 'HQ ingest workers ready');
  return { workers, pool, api, stop };
}

/** Runs HQ until SIGTERM or SIGINT, then stops every worker and the pool; resolves with the exit code. */
export async function runHqUntilSignal(options: HqRunOptions): Promise<number> {
  const logger = options.logger ?? createLogger(options.logLevel ?? 'info');
  const hq = await runHq({ ...options, logger });
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'HQ stopping');
  await hq.stop();
  logger.info('HQ stopped');
  return 0;
}
