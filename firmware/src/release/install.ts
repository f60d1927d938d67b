/**
 * Installing an offered release beside the running one, in steps each safe to be killed in:
 *
 *   1. enough space? (2× the bundle plus a floor, on the data and the releases file systems)
 *   2. download with resume into `<data>/downloads/`
 *   3. verify the whole bundle (signature by the running release's key, expiry, downgrade, arch, sha256s)
 *   4. unpack to `releases/<v>.partial`, fsync, rename to `releases/<v>`
 *   5. wait for a quiet counter (no open cart, drawer closed) or a manager's "now" — the caller's `ready()`
 *   6. back the ledger up (SQLite's online backup, beside the running appliance), record the candidate in `release-state.json`, switch `current`
 *
 * The caller then exits with RESTART_EXIT_CODE; the supervisor starts `current` on probation.
 * A kill before 6 leaves `current` and the state as they were; a kill between the state write and
 * the switch leaves a candidate that `current` does not point at, which the supervisor abandons.
 */
import { mkdirSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LoupeError } from '../../../runtime/src/errors.ts';
import { LEDGER_FILE } from '../../../runtime/src/app.ts';
import { backupLedgerFile } from '../../../runtime/src/store/backup.ts';
import { downloadBundle } from './download.ts';
import { ledgerMigrations } from './probation.ts';
import { linked, releasesDir, switchLink } from './layout.ts';
import type { Installed, Manifest } from './manifest.ts';
import { readState, writeState, type HealthBefore } from './state.ts';
import { unpackBundle } from './unpack.ts';
import { installableOn, verifyBundle } from './verify.ts';

/** The exit code that tells the supervisor "start `current` again": EX_TEMPFAIL. */
export const RESTART_EXIT_CODE = 75;
export const DEFAULT_FLOOR_BYTES = 64 * 1024 * 1024;

export interface Offer {
  version: string;
  url: string;
  size: number;
}

export interface InstallContext {
  root: string;
  dataDir: string;
  publicPem: string;
  installed: Installed;
  ca?: string | undefined;
  floorBytes?: number | undefined;
  /** Resolves when the counter is quiet (or a manager said "now"). */
  ready: () => Promise<void>;
  before: () => HealthBefore;
  now: () => Date;
}

export function freeBytes(dir: string): number {
  const stat = statfsSync(dir);
  return stat.bavail * stat.bsize;
}

/** Refuses when either file system has less than 2× the bundle plus the floor free. */
export function checkSpace(dirs: string[], bundleBytes: number, floorBytes: number): void {
  const needed = 2 * bundleBytes + floorBytes;
  for (const dir of dirs) {
    const free = freeBytes(dir);
    if (free < needed) throw new LoupeError('LOUPE_E_UPDATE_NO_SPACE', { dir, freeBytes: free, neededBytes: needed });
  }
}

export async function installRelease(ctx: InstallContext, offer: Offer): Promise<Manifest> {
  const downloads = join(ctx.dataDir, 'downloads');
  mkdirSync(downloads, { recursive: true });
  mkdirSync(releasesDir(ctx.root), { recursive: true });
  if (offer.version === linked(ctx.root, 'current') || offer.version === linked(ctx.root, 'good')) {
    throw new LoupeError('LOUPE_E_UPDATE_DOWNGRADE', { version: offer.version, installed: ctx.installed.version });
  }
  const floor = ctx.floorBytes ?? DEFAULT_FLOOR_BYTES;
  checkSpace([downloads, releasesDir(ctx.root)], offer.size, floor);
  const { file } = await downloadBundle({ url: offer.url, file: join(downloads, `loupe-${offer.version}.bundle`), size: offer.size, ca: ctx.ca });
  const manifest = await verifyBundle(file, ctx.publicPem, installableOn({ ...ctx.installed, now: ctx.now() }));
  if (manifest.version !== offer.version) throw new LoupeError('LOUPE_E_UPDATE_BUNDLE_MALFORMED', { problem: `offered ${offer.version}, the bundle holds ${manifest.version}` });
  checkSpace([releasesDir(ctx.root)], statSync(file).size, floor);
  await unpackBundle(file, ctx.root);
  await ctx.ready();
  const backup = join(ctx.dataDir, 'backups', `pre-release-${manifest.version}.sqlite`);
  mkdirSync(join(ctx.dataDir, 'backups'), { recursive: true });
  const ledger = join(ctx.dataDir, LEDGER_FILE);
  await backupLedgerFile(ledger, backup);
  const migrationsBefore = ledgerMigrations(backup);
  const state = readState(ctx.dataDir);
  const running = linked(ctx.root, 'current');
  if (running && !linked(ctx.root, 'good')) switchLink(ctx.root, 'good', running);
  writeState(ctx.dataDir, {
    ...state,
    good: state.good ?? { version: running ?? ctx.installed.version, release: ctx.installed.release },
    candidate: { version: manifest.version, release: manifest.release, attempts: 0, since: ctx.now().toISOString(), backup, migrationsBefore, before: ctx.before() },
  });
  switchLink(ctx.root, 'current', manifest.version);
  return manifest;
}
