/**
 * `tsx hq/src/main.ts`: runs the reference HQ until SIGTERM/SIGINT (the same as `loupe hq`).
 *
 *   HQ_BROKER_URL   mqtt://127.0.0.1:1883 or mqtts://hq.example:8883
 *   HQ_DATABASE_URL postgres://user@host:5432/hq
 *   HQ_WORKERS      ingest workers in this process (default 1)
 *   HQ_CLIENT_ID    MQTT client id (with several workers: `{id}-{n}`; default random)
 *   HQ_PRIMARY=1    on exactly one HQ process: its first worker is the primary
 *   HQ_TLS_CA / HQ_TLS_CERT / HQ_TLS_KEY  PEM files for mqtts
 */
import { hqOptionsFromEnv } from './hq-options.ts';
import { runHqUntilSignal } from './run-hq.ts';

process.exitCode = await runHqUntilSignal(hqOptionsFromEnv(process.env));
