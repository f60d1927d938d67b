/**
 * HQ's options from command-line flags over environment variables over defaults — one reading
 * for `loupe hq` and `tsx hq/src/main.ts`.
 */
import { HQ_API_DEFAULTS } from './api/hq-api.ts';
import { HQ_DEFAULTS, type HqRunOptions } from './run-hq.ts';

export interface HqFlags {
  databaseUrl?: string;
  brokerUrl?: string;
  workers?: string;
  primary?: boolean;
  httpPort?: string;
  caDir?: string;
  deviceBrokerUrl?: string;
}

export function hqOptionsFromEnv(env: NodeJS.ProcessEnv, flags: HqFlags = {}): HqRunOptions {
  const workersText = flags.workers ?? env.HQ_WORKERS ?? '1';
  const workers = Number(workersText);
  if (!/^\d+$/.test(workersText) || workers < 1) throw new Error(`--workers (or HQ_WORKERS) must be a whole number of at least 1, not "${workersText}"`);
  const api = apiOptions(env, flags);
  return {
    ...(api ? { api } : {}),
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

/**
 * HQ's HTTPS API, when --http-port (or HQ_HTTP_PORT) is given: it needs the CA folder
 * (--ca-dir, HQ_CA_DIR), the broker URL for enrolled tills (--device-broker, HQ_DEVICE_BROKER_URL;
 * default: the broker HQ itself uses) and HQ_ADMIN_TOKEN, which is read from the environment only
 * so that it never shows in a process list.
 */
function apiOptions(env: NodeJS.ProcessEnv, flags: HqFlags): HqRunOptions['api'] {
  const portText = flags.httpPort ?? env.HQ_HTTP_PORT;
  if (portText === undefined) return undefined;
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new Error(`--http-port (or HQ_HTTP_PORT) must be a port number, not "${portText}"`);
  const caDir = flags.caDir ?? env.HQ_CA_DIR;
  if (!caDir) throw new Error('--http-port needs --ca-dir (or HQ_CA_DIR): the folder of `loupe hq ca init`');
  if (!env.HQ_ADMIN_TOKEN) throw new Error('--http-port needs HQ_ADMIN_TOKEN in the environment (provisional admin token for the enrollment routes)');
  return {
    port: Number(portText),
    host: env.HQ_HTTP_HOST ?? HQ_API_DEFAULTS.host,
    caDir,
    adminToken: env.HQ_ADMIN_TOKEN,
    deviceBrokerUrl: flags.deviceBrokerUrl ?? env.HQ_DEVICE_BROKER_URL ?? flags.brokerUrl ?? env.HQ_BROKER_URL ?? HQ_DEFAULTS.brokerUrl,
  };
}
