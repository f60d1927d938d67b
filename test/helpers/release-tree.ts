/**
 * Releases to install in tests: trees laid out like a built till (package.json, firmware/bin,
 * firmware/dist from esbuild, ui/dist, node_modules as a link to this checkout's), signed into
 * bundles with a key made for the test, and a releases root laid out like /opt/loupe.
 */
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRelease, type BuildOptions } from '../../firmware/src/release/build.ts';
import type { InstallContext } from '../../firmware/src/release/install.ts';
import { switchLink } from '../../firmware/src/release/layout.ts';
import { unpackBundle } from '../../firmware/src/release/unpack.ts';
import { LOUPE_BIN } from './loupe-process.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface ReleaseKeys {
  privatePem: string;
  publicPem: string;
}

export function releaseKeys(): ReleaseKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

const made: string[] = [];

/** A temporary folder, removed by removeTempDirs() (each suite's `after`). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `loupe-release-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

let built = false;
/** Builds firmware/dist and ui/dist of this checkout once (the `loupe` command rebuilds stale ones itself). */
export async function buildCheckout(): Promise<void> {
  if (built) return;
  const result = spawnSync(process.execPath, [LOUPE_BIN, '--help'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building firmware/dist failed: ${result.stderr}`);
  await ((await import(join(REPO, 'ui/build.mjs'))) as { buildUi(): Promise<void> }).buildUi();
  built = true;
}

/**
 * A tree to pack. `entry` replaces firmware/dist/loupe.mjs (a bad release: exits 1, never
 * answers, migrates the ledger and hangs…).
 */
export async function releaseTree(options: { entry?: string } = {}): Promise<string> {
  await buildCheckout();
  const tree = tempDir('tree');
  cpSync(join(REPO, 'package.json'), join(tree, 'package.json'));
  mkdirSync(join(tree, 'firmware/bin'), { recursive: true });
  cpSync(join(REPO, 'firmware/bin/loupe.js'), join(tree, 'firmware/bin/loupe.js'));
  cpSync(join(REPO, 'firmware/dist'), join(tree, 'firmware/dist'), { recursive: true });
  cpSync(join(REPO, 'ui/dist'), join(tree, 'ui/dist'), { recursive: true });
  symlinkSync(realpathSync(join(REPO, 'node_modules')), join(tree, 'node_modules'));
  if (options.entry !== undefined) writeFileSync(join(tree, 'firmware/dist/loupe.mjs'), options.entry);
  return tree;
}

export async function releaseBundle(tree: string, keys: ReleaseKeys, options: Partial<BuildOptions> & { release: number; version: string }): Promise<string> {
  const { file } = await buildRelease({ from: tree, out: options.out ?? tempDir('bundles'), privatePem: keys.privatePem, ...options });
  return file;
}

/** A releases root with `version` installed as both `current` and `good`, as the image ships it. */
export async function releasesRoot(keys: ReleaseKeys, version: string, release: number): Promise<string> {
  const root = tempDir('opt');
  const bundle = await releaseBundle(await releaseTree(), keys, { version, release });
  await unpackBundle(bundle, root);
  switchLink(root, 'current', version);
  switchLink(root, 'good', version);
  if (!existsSync(join(root, 'current/firmware/bin/loupe.js'))) throw new Error('the releases root was not laid out');
  return root;
}

/** What a till at 0.1.0 (release 1) gives the installer: no devices to match, a quiet counter, no floor unless asked. */
export function tillAt010(root: string, dataDir: string, publicPem: string, ca: string, floorBytes = 0): InstallContext {
  return {
    root,
    dataDir,
    publicPem,
    installed: { version: '0.1.0', release: 1, arch: process.arch, now: new Date() },
    ca,
    floorBytes,
    ready: async () => {},
    before: () => ({ devicesOk: [], hqOnline: false }),
    now: () => new Date(),
  };
}
