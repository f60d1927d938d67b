/**
 * Builds HQ's API over its parts (the CA, enrollment in PostgreSQL, the guards) and listens:
 * the one way `loupe hq --http-port`, the tests and the bench bring it up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { CA_FILES, DeviceCa } from '../ca/device-ca.ts';
import { buildHqApi, type HqApi } from './app.ts';
import { EnrollmentService } from './enrollment-service.ts';
import { EnrollmentStore } from './enrollment-store.ts';
import { adminGuard, RateLimit } from './guards.ts';
import { listenHqApi } from './server.ts';

export interface HqApiSettings {
  port: number;
  host: string;
  /** HQ's device CA folder (`loupe hq ca init`); its server.crt/server.key serve HTTPS. */
  caDir: string;
  /** Provisional admin token for the enrollment routes (HQ_ADMIN_TOKEN); empty admits no one. */
  adminToken: string;
  /** The broker URL enrolled tills are given. */
  deviceBrokerUrl: string;
  codeTtlSeconds?: number;
  certificateDays?: number;
  /** Plain HTTP instead of HTTPS: only for tests that drive the API with inject(). */
  plainHttp?: boolean;
  /** Called after every CRL rewrite, e.g. to SIGHUP a broker on this host. */
  onCrlWritten?: (file: string) => Promise<void> | void;
  now?: () => Date;
}

export const HQ_API_DEFAULTS = { host: '0.0.0.0', codeTtlSeconds: 3600, certificateDays: 730 } as const;

export interface RunningHqApi {
  app: HqApi;
  address: string;
  enrollment: EnrollmentService;
  stop(): Promise<void>;
}

export async function startHqApi(settings: HqApiSettings, pool: Pool, logger: Logger, version: string): Promise<RunningHqApi> {
  const now = settings.now ?? (() => new Date());
  const ca = await DeviceCa.open(settings.caDir);
  const enrollment = new EnrollmentService({
    store: new EnrollmentStore(pool),
    ca,
    now,
    settings: {
      brokerUrl: settings.deviceBrokerUrl,
      codeTtlSeconds: settings.codeTtlSeconds ?? HQ_API_DEFAULTS.codeTtlSeconds,
      certificateDays: settings.certificateDays ?? HQ_API_DEFAULTS.certificateDays,
    },
    ...(settings.onCrlWritten ? { onCrlWritten: settings.onCrlWritten } : {}),
  });
  await enrollment.start();
  const clock = () => now().getTime();
  const app = await buildHqApi(
    {
      enrollment,
      admin: adminGuard(settings.adminToken),
      limits: {
        // A till asks again only when its code expires; a burst is a box in a loop or a stranger.
        requests: new RateLimit({ limit: 10, windowSeconds: 600, now: clock }),
        polls: new RateLimit({ limit: 600, windowSeconds: 60, now: clock }),
        // Every approval attempt counts: 5 a minute from one address leaves 40 bits far out of reach.
        approvals: new RateLimit({ limit: 5, windowSeconds: 60, now: clock }),
      },
    },
    {
      logger,
      version,
      ...(settings.plainHttp ? {} : { https: { key: readFileSync(join(settings.caDir, CA_FILES.serverKey)), cert: Buffer.concat([readFileSync(join(settings.caDir, CA_FILES.serverCert)), readFileSync(join(settings.caDir, CA_FILES.cert))]) } }),
    },
  );
  const address = await listenHqApi(app, { port: settings.port, host: settings.host });
  logger.info({ address }, 'HQ API ready');
  return { app, address, enrollment, stop: () => app.close() };
}
