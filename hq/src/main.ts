/**
 * `tsx hq/src/main.ts`: runs one reference HQ ingest worker until SIGTERM/SIGINT.
 *
 *   HQ_BROKER_URL   mqtt://127.0.0.1:1883 or mqtts://hq.example:8883
 *   HQ_DATABASE_URL postgres://user@host:5432/hq
 *   HQ_CLIENT_ID    MQTT client id (default: random); HQ_PRIMARY=1 on exactly one worker
 *   HQ_TLS_CA / HQ_TLS_CERT / HQ_TLS_KEY  PEM files for mqtts
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createLogger } from '../../runtime/src/logger.ts';
import { HqService } from './hq-service.ts';

const env = process.env;
const logger = createLogger(env.HQ_LOG_LEVEL ?? 'info');
const brokerUrl = env.HQ_BROKER_URL ?? 'mqtt://127.0.0.1:1883';
const pool = new pg.Pool({ connectionString: env.HQ_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hq', max: 4 });
const file = (path: string | undefined) => (path ? readFileSync(path) : undefined);
const tls = env.HQ_TLS_CERT ? { ca: file(env.HQ_TLS_CA), cert: file(env.HQ_TLS_CERT), key: file(env.HQ_TLS_KEY) } : undefined;

const hq = new HqService({
  brokerUrl,
  pool,
  logger,
  primary: env.HQ_PRIMARY === '1',
  ...(env.HQ_CLIENT_ID ? { clientId: env.HQ_CLIENT_ID } : {}),
  ...(tls ? { tls } : {}),
});
await hq.start();
logger.info({ brokerUrl }, 'HQ ingest worker ready');
const stop = async () => {
  await hq.stop();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
