/**
 * A release's manifest: what the bundle holds and who may install it, signed with Ed25519.
 *
 * `release` is a counter that only rises (a bundle whose number is not above the installed one is a
 * downgrade, whatever its version string says); `minFrom` is the oldest version it may update
 * from (its migrations assume at least that schema); `expires` stops an old, once-valid bundle from
 * being replayed to freeze a till on a release with a known hole (TUF's freeze attack); `arch` is
 * the CPU the native modules in `node_modules` were built for.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { LoupeError } from '../../../runtime/src/errors.ts';

export const MANIFEST_FORMAT = 1;
const VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}$/;
const HEX64 = /^[0-9a-f]{64}$/;

export interface FileEntry {
  path: string;
  size: number;
  sha256: string;
  /** Permission bits (0o755 for the entry points, 0o644 otherwise). */
  mode: number;
}
export interface LinkEntry {
  path: string;
  /** A symbolic link, e.g. a development bundle's node_modules pointing at a shared tree. */
  link: string;
}
export type Entry = FileEntry | LinkEntry;

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  version: string;
  release: number;
  minFrom: string;
  expires: string;
  arch: string;
  createdAt: string;
  files: Entry[];
}

/** What the till checks a manifest against. */
export interface Installed {
  version: string;
  release: number;
  arch: string;
  now: Date;
}

export function isLink(entry: Entry): entry is LinkEntry {
  return 'link' in entry;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) if ((pa[i] as number) !== (pb[i] as number)) return (pa[i] as number) - (pb[i] as number);
  return 0;
}

function malformed(problem: string): never {
  throw new LoupeError('LOUPE_E_UPDATE_BUNDLE_MALFORMED', { problem });
}

/** A relative path of plain segments: nothing absolute, no `..`, nothing that escapes the release folder. */
function checkPath(path: unknown): string {
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) malformed(`bad path ${JSON.stringify(path)}`);
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) malformed(`bad path ${JSON.stringify(path)}`);
  return path;
}

/** Parses and checks the shape of a manifest; throws LOUPE_E_UPDATE_BUNDLE_MALFORMED. */
export function parseManifest(bytes: Buffer): Manifest {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    return malformed('the manifest is not JSON');
  }
  if (value === null || typeof value !== 'object') malformed('the manifest is not an object');
  if (value.format !== MANIFEST_FORMAT) malformed(`format ${String(value.format)} is not ${MANIFEST_FORMAT}`);
  for (const key of ['version', 'minFrom'] as const) if (typeof value[key] !== 'string' || !VERSION.test(value[key] as string)) malformed(`${key} must look like 1.2.3`);
  if (!Number.isSafeInteger(value.release) || (value.release as number) < 1) malformed('release must be a positive integer');
  for (const key of ['expires', 'createdAt'] as const) if (typeof value[key] !== 'string' || Number.isNaN(Date.parse(value[key] as string))) malformed(`${key} must be a UTC time`);
  if (typeof value.arch !== 'string' || value.arch === '') malformed('arch is missing');
  if (!Array.isArray(value.files) || value.files.length === 0) malformed('files is empty');
  const seen = new Set<string>();
  const links: string[] = [];
  for (const entry of value.files as Record<string, unknown>[]) {
    const path = checkPath(entry?.path);
    if (seen.has(path)) malformed(`${path} is listed twice`);
    seen.add(path);
    if ('link' in entry) {
      if (typeof entry.link !== 'string' || entry.link === '') malformed(`${path}: bad link`);
      links.push(path);
    } else if (!Number.isSafeInteger(entry.size) || (entry.size as number) < 0 || typeof entry.sha256 !== 'string' || !HEX64.test(entry.sha256) || !Number.isInteger(entry.mode)) {
      malformed(`${path}: size, sha256 and mode are required`);
    }
  }
  // A file under a link would be written wherever the link points.
  for (const path of seen) if (links.some((link) => path.startsWith(`${link}/`))) malformed(`${path} lies under the link ${path.split('/')[0]}`);
  return value as unknown as Manifest;
}

export function checkExpiry(manifest: Manifest, now: Date): void {
  if (Date.parse(manifest.expires) <= now.getTime()) throw new LoupeError('LOUPE_E_UPDATE_EXPIRED', { version: manifest.version, expires: manifest.expires });
}

/** Refuses a manifest this till must not install: expired, a downgrade, too old to update from, another CPU. */
export function checkInstallable(manifest: Manifest, installed: Installed): void {
  checkExpiry(manifest, installed.now);
  if (manifest.release <= installed.release) {
    throw new LoupeError('LOUPE_E_UPDATE_DOWNGRADE', { version: manifest.version, release: manifest.release, installedRelease: installed.release });
  }
  if (compareVersions(installed.version, manifest.minFrom) < 0) {
    throw new LoupeError('LOUPE_E_UPDATE_TOO_OLD', { version: manifest.version, minFrom: manifest.minFrom, installed: installed.version });
  }
  if (manifest.arch !== installed.arch) throw new LoupeError('LOUPE_E_UPDATE_WRONG_ARCH', { arch: manifest.arch, board: installed.arch });
}

function key(pem: string, kind: 'private' | 'public'): KeyObject {
  try {
    const object = kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
    if (object.asymmetricKeyType !== 'ed25519') throw new Error(`a ${object.asymmetricKeyType} key`);
    return object;
  } catch (error) {
    throw new LoupeError('LOUPE_E_UPDATE_KEY_INVALID', { kind, reason: (error as Error).message });
  }
}

export function signManifest(bytes: Buffer, privatePem: string): Buffer {
  return sign(null, bytes, key(privatePem, 'private'));
}

export function checkSignature(bytes: Buffer, signature: Buffer, publicPem: string): void {
  const publicKey = key(publicPem, 'public');
  if (signature.length !== 64 || !verify(null, bytes, publicKey, signature)) throw new LoupeError('LOUPE_E_UPDATE_SIGNATURE_INVALID');
}
