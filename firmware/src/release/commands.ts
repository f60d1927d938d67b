/**
 * The release commands of `loupe`:
 *
 *   loupe release build --key PRIVATE.pem --out DIR --release N [--from TREE] [--version V]
 *                       [--min-from V] [--expires-days D] [--arch ARCH]
 *   loupe update verify BUNDLE --key PUBLIC.pem [--data DIR]
 *   loupe supervise --releases ROOT [--data DIR] [--port N] [--probation-s S] [--attempts K]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LoupeError } from '../../../runtime/src/errors.ts';
import { createLogger } from '../../../runtime/src/logger.ts';
import { loupeVersion } from '../start.ts';
import { buildRelease } from './build.ts';
import { readState } from './state.ts';
import { Supervisor } from './supervisor.ts';
import { installableOn, verifyBundle } from './verify.ts';

export const DEFAULT_PROBATION_S = 600;
export const DEFAULT_ATTEMPTS = 3;

function readKey(path: string | undefined, kind: string): string {
  if (!path) throw new LoupeError('LOUPE_E_UPDATE_KEY_INVALID', { kind, reason: 'give --key FILE' });
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new LoupeError('LOUPE_E_UPDATE_KEY_INVALID', { kind, file: path, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
  }
}

function wholeNumber(value: string | undefined, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined || !/^[0-9]{1,9}$/.test(value)) throw new LoupeError('LOUPE_E_API_VALIDATION', { option: `--${name}`, value }, `--${name} must be a whole number`);
  return Number(value);
}

export interface BuildArgs {
  key?: string | undefined;
  out?: string | undefined;
  from?: string | undefined;
  release?: string | undefined;
  version?: string | undefined;
  minFrom?: string | undefined;
  expiresDays?: string | undefined;
  arch?: string | undefined;
}

export async function releaseBuild(args: BuildArgs): Promise<number> {
  if (!args.out) throw new LoupeError('LOUPE_E_API_VALIDATION', { option: '--out' }, 'give --out DIR');
  const { file, manifest } = await buildRelease({
    from: args.from ?? fileURLToPath(new URL('../../../', import.meta.url)),
    out: args.out,
    privatePem: readKey(args.key, 'private'),
    release: wholeNumber(args.release, 'release'),
    version: args.version,
    minFrom: args.minFrom,
    expiresDays: args.expiresDays === undefined ? undefined : wholeNumber(args.expiresDays, 'expires-days'),
    arch: args.arch,
  });
  process.stdout.write(`${JSON.stringify({ file, version: manifest.version, release: manifest.release, arch: manifest.arch, expires: manifest.expires, files: manifest.files.length })}\n`);
  return 0;
}

/** Verifies against what this till runs: its version, the release number in its state (0 before the first update), its CPU. */
export async function updateVerify(bundle: string, keyFile: string | undefined, dataDir: string): Promise<number> {
  const state = readState(dataDir);
  const installed = { version: loupeVersion(), release: state.candidate?.release ?? state.good?.release ?? 0, arch: process.arch, now: new Date() };
  const manifest = await verifyBundle(bundle, readKey(keyFile, 'public'), installableOn(installed));
  process.stdout.write(`${JSON.stringify({ ok: true, version: manifest.version, release: manifest.release, arch: manifest.arch, expires: manifest.expires })}\n`);
  return 0;
}

export interface SuperviseArgs {
  releases?: string | undefined;
  port?: string | undefined;
  probationS?: string | undefined;
  attempts?: string | undefined;
}

export async function supervise(dataDir: string, args: SuperviseArgs): Promise<number> {
  if (!args.releases) throw new LoupeError('LOUPE_E_API_VALIDATION', { option: '--releases' }, 'give --releases ROOT (e.g. /opt/loupe)');
  const supervisor = new Supervisor({
    root: args.releases,
    dataDir,
    startArgs: args.port === undefined ? [] : ['--port', args.port],
    probationMs: wholeNumber(args.probationS, 'probation-s', DEFAULT_PROBATION_S) * 1000,
    maxAttempts: wholeNumber(args.attempts, 'attempts', DEFAULT_ATTEMPTS),
    logger: createLogger(process.env.LOUPE_LOG_LEVEL ?? 'info'),
  });
  return supervisor.run();
}
