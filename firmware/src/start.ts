/**
 * `loupe start`: load the settings, start the appliance, and stop it cleanly on SIGTERM/SIGINT.
 * Resolves with the exit code once the appliance has stopped.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '../../runtime/src/config/settings.ts';
import { LoupeError } from '../../runtime/src/errors.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { ProvisionedAppliance } from './first-boot.ts';
import { linuxPlatform } from './platform.ts';
import { watchOutcomes } from './release/report.ts';
import { systemdNotifier } from './systemd.ts';

export const PID_FILE = 'loupe.pid';

/** A stop finishes well inside images/systemd/loupe.service's TimeoutStopSec=20, whatever the disk says. */
const STOP_DEADLINE_MS = 12_000;
const EXIT_GRACE_MS = 2_000;

export interface StartOptions {
  dataDir: string;
  port?: string | undefined;
  host?: string | undefined;
  logLevel?: string | undefined;
}

export function loupeVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parsePort(port: string | undefined): number | undefined {
  if (port === undefined) return undefined;
  if (!/^[0-9]{1,5}$/.test(port)) {
    throw new LoupeError('LOUPE_E_SETTINGS_INVALID', { key: 'api.port', allowed: '0 to 65535' }, `Port ${JSON.stringify(port)} is not a number; allowed: 0 to 65535`);
  }
  return Number(port);
}

export async function start(options: StartOptions): Promise<number> {
  mkdirSync(options.dataDir, { recursive: true });
  const settings = await loadSettings(options.dataDir, { apiPort: parsePort(options.port), apiHost: options.host, logLevel: options.logLevel });
  const logger = createLogger(settings.log.level);
  const appliance = new ProvisionedAppliance({ dataDir: options.dataDir, settings, logger, platform: linuxPlatform(), version: loupeVersion() });
  const pidFile = join(options.dataDir, PID_FILE);
  // Signals are heard from before the start: a SIGTERM during start-up stops the appliance once it is up.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  await appliance.start();
  writeFileSync(pidFile, `${process.pid}\n`);
  const systemd = systemdNotifier();
  systemd.ready();
  const stopWatchdog = systemd.watch(() => appliance.appliance.health().status === 'ok');
  const stopOutcomes = watchOutcomes(() => appliance.appliance.ledger, options.dataDir, logger);
  const signal = await signalled;
  logger.info({ signal }, 'stopping');
  systemd.stopping();
  stopWatchdog();
  stopOutcomes();
  const code = await Promise.race([
    appliance.stop().then(
      () => 0,
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        return 1;
      },
    ),
    new Promise<number>((resolve) => {
      setTimeout(() => {
        logger.error({ afterMs: STOP_DEADLINE_MS }, 'stop did not finish in time; exiting anyway');
        resolve(1);
      }, STOP_DEADLINE_MS).unref();
    }),
  ]);
  rmSync(pidFile, { force: true });
  // Whatever a failed step left open (a socket, a timer) must not keep the process past systemd's TimeoutStopSec.
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
  return code;
}
