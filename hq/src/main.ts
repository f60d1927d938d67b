/**
 * `tsx hq/src/main.ts`: runs the reference HQ until SIGTERM/SIGINT (the same as `loupe hq`).
 *
 *   HQ_BROKER_URL   mqtt://127.0.0.1:1883 or mqtts://hq.example:8883
 *   HQ_DATABASE_URL postgres://user@host:5432/hq
 *   HQ_WORKERS      ingest workers in this process (default 1)
 *   HQ_CLIENT_ID    MQTT client id (with several workers: `{id}-{n}`; default random)
 *   HQ_PRIMARY=1    on exactly one HQ process: its first worker is the primary
 *   HQ_TLS_CA / HQ_TLS_CERT / HQ_TLS_KEY  PEM files for mqtts
 *   HQ_HTTP_PORT    HQ's HTTPS API (enrollment) on this port; needs HQ_CA_DIR and HQ_ADMIN_TOKEN
 *   HQ_HTTP_HOST    address it listens on (default 0.0.0.0)
 *   HQ_CA_DIR       HQ's device CA folder (`loupe hq ca init`)
 *   HQ_DEVICE_BROKER_URL  the broker URL enrolled tills are given (default HQ_BROKER_URL)
 *   HQ_ADMIN_TOKEN  provisional admin token of the enrollment routes, until HQ users and roles
 */
import { hqOptionsFromEnv } from './hq-options.ts';
import { runHqUntilSignal } from './run-hq.ts';

process.exitCode = await runHqUntilSignal(hqOptionsFromEnv(process.env));
