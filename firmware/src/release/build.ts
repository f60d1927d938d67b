/**
 * `loupe release build`: packs a built tree into a signed bundle.
 *
 * The tree is what runs on the till: `package.json` (its version set to the release's),
 * `firmware/bin/loupe.js`, the esbuild bundle `firmware/dist/`, the touchscreen app `ui/dist/`
 * and `node_modules/`. Native modules (better-sqlite3, serialport, usb, sharp) must be built for
 * the board, so the tree is prepared on the board's architecture: an arm64 builder, or the image
 * recipe's arm64 chroot (qemu-user-static) running `npm ci --omit=dev`; the manifest's `arch`
 * defaults to the builder's own `process.arch`, and a till of another CPU refuses the bundle.
 * A `node_modules` that is a symbolic link is packed as that link (development and test bundles).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { LoupeError } from '../../../runtime/src/errors.ts';
import { headerBytes } from './bundle-format.ts';
import { MANIFEST_FORMAT, parseManifest, signManifest, type Entry, type Manifest } from './manifest.ts';

export const TREE_PATHS = ['package.json', 'firmware/bin/loupe.js', 'firmware/dist', 'ui/dist', 'node_modules'] as const;
const DAY_MS = 86_400_000;

export interface BuildOptions {
  from: string;
  out: string;
  privatePem: string;
  release: number;
  version?: string | undefined;
  minFrom?: string | undefined;
  expiresDays?: number | undefined;
  arch?: string | undefined;
  now?: Date | undefined;
}

interface Source {
  entry: Entry;
  /** Where its bytes come from: a file of the tree, or bytes made here (package.json). */
  from: string | Buffer;
}

async function sha256(from: string | Buffer): Promise<string> {
  const hash = createHash('sha256');
  if (Buffer.isBuffer(from)) return hash.update(from).digest('hex');
  for await (const chunk of createReadStream(from)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function collect(root: string, path: string, into: Source[]): Promise<void> {
  const absolute = join(root, path);
  const stat = lstatSync(absolute);
  if (stat.isSymbolicLink()) into.push({ entry: { path, link: readlinkSync(absolute) }, from: absolute });
  else if (stat.isDirectory()) for (const name of readdirSync(absolute).sort()) await collect(root, `${path}/${name}`, into);
  else if (stat.isFile()) into.push({ entry: { path, size: stat.size, sha256: await sha256(absolute), mode: stat.mode & 0o777 }, from: absolute });
}

export async function buildRelease(options: BuildOptions): Promise<{ file: string; manifest: Manifest }> {
  for (const path of TREE_PATHS) {
    if (!existsSync(join(options.from, path))) throw new LoupeError('LOUPE_E_UPDATE_BUNDLE_MALFORMED', { problem: `${path} is missing from ${options.from}; build the tree first` });
  }
  const pkg = JSON.parse(readFileSync(join(options.from, 'package.json'), 'utf8')) as { version: string };
  const version = options.version ?? pkg.version;
  const now = options.now ?? new Date();
  const sources: Source[] = [];
  const pkgBytes = Buffer.from(`${JSON.stringify({ ...pkg, version }, null, 2)}\n`);
  sources.push({ entry: { path: 'package.json', size: pkgBytes.length, sha256: await sha256(pkgBytes), mode: 0o644 }, from: pkgBytes });
  for (const path of TREE_PATHS.slice(1)) await collect(options.from, path, sources);
  const manifest: Manifest = {
    format: MANIFEST_FORMAT,
    version,
    release: options.release,
    minFrom: options.minFrom ?? '0.0.0',
    expires: new Date(now.getTime() + (options.expiresDays ?? 90) * DAY_MS).toISOString(),
    arch: options.arch ?? process.arch,
    createdAt: now.toISOString(),
    files: sources.map((source) => source.entry),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  parseManifest(manifestBytes); // the builder refuses what a till would refuse
  mkdirSync(options.out, { recursive: true });
  const file = join(options.out, `loupe-${version}.bundle`);
  const partial = `${file}.partial`;
  const out = await open(partial, 'w');
  try {
    await out.write(headerBytes(manifestBytes, signManifest(manifestBytes, options.privatePem)));
    for (const source of sources) {
      if ('link' in source.entry) continue;
      if (Buffer.isBuffer(source.from)) await out.write(source.from);
      else for await (const chunk of createReadStream(source.from)) await out.write(chunk as Buffer);
    }
    await out.sync();
  } finally {
    await out.close();
  }
  renameSync(partial, file);
  return { file, manifest };
}
