/**
 * HQ's options from command-line flags over environment variables over defaults — one reading
 * for `loupe hq` and `tsx hq/src/main.ts`.
 */
import { HQ_DEFAULTS, type HqRunOptions } from './run-hq.ts';

export interface HqFlags {
  databaseUrl?: string;
  brokerUrl?: string;
  workers?: string;
  primary?: boolean;
}

export function hqOptionsFromEnv(env: NodeJS.ProcessEnv, flags: HqFlags = {}): HqRunOptions {
  const workersText = flags.workers ?? env.HQ_WORKERS ?? '1';
  const workers = Number(workersText);
  if (!/^\d+$/.test(workersText) || workers < 1) throw new Error(`--workers (or HQ_WORKERS) must be a whole number of at least 1, not "${workersText}"`);
  return {
    databaseUrl: flags.databaseUrl ?? env.HQ_DATABASE_URL ?? HQ_DEFAULTS.databaseUrl,
    brokerUrl: flags.brokerUrl ?? env.HQ_BROKER_URL ?? HQ_DEFAULTS.brokerUrl,
    workers,
    primary: flags.primary ?? env.HQ_PRIMARY === '1',
    logLevel: env.HQ_LOG_LEVEL ?? 'info',
    ...(env.HQ_CLIENT_ID ? { clientId: env.HQ_CLIENT_ID } : {}),
    ...(env.HQ_GROUP ? { group: env.HQ_GROUP } : {}),
    ...(env.HQ_TLS_CERT ? { tls: { caFile: env.HQ_TLS_CA, certFile: env.HQ_TLS_CERT, keyFile: env.HQ_TLS_KEY } } : {}),
  };
}
