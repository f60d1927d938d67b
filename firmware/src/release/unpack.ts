/**
 * Unpacking a verified bundle beside the running release: into `releases/<v>.partial`, every file
 * and folder fsynced, the manifest kept as `manifest.json`, then one rename to `releases/<v>`.
 * The bytes are hashed again as they are written (the file could have changed since it was
 * verified), so a folder without `.partial` is always whole.
 */
import { mkdirSync, readFileSync, rmSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openBundle, readHeader, readPayload } from './bundle-format.ts';
import { fsyncDir, releaseDir, releasesDir } from './layout.ts';
import { isLink, type Manifest } from './manifest.ts';

export const MANIFEST_FILE = 'manifest.json';

/** The release number of an unpacked release (0 for a folder without a manifest, e.g. a hand-made one). */
export function releaseNumber(root: string, version: string): number {
  try {
    return (JSON.parse(readFileSync(join(releaseDir(root, version), MANIFEST_FILE), 'utf8')) as Manifest).release;
  } catch {
    return 0;
  }
}

export async function unpackBundle(file: string, root: string): Promise<Manifest> {
  const handle = await openBundle(file);
  try {
    const header = await readHeader(handle);
    const { manifest } = header;
    const target = releaseDir(root, manifest.version);
    const partial = `${target}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const dirs = new Set<string>([partial]);
    let out: FileHandle | undefined;
    await readPayload(handle, header, {
      async begin(entry) {
        const path = join(partial, entry.path);
        mkdirSync(dirname(path), { recursive: true });
        dirs.add(dirname(path));
        out = await open(path, 'wx', entry.mode & 0o777);
      },
      async chunk(bytes) {
        await out?.write(bytes);
      },
      async end() {
        await out?.sync();
        await out?.close();
        out = undefined;
      },
    }).finally(() => out?.close());
    for (const entry of manifest.files) {
      if (!isLink(entry)) continue;
      const path = join(partial, entry.path);
      mkdirSync(dirname(path), { recursive: true });
      symlinkSync(entry.link, path);
      dirs.add(dirname(path));
    }
    writeFileSync(join(partial, MANIFEST_FILE), header.manifestBytes, { flush: true });
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) fsyncDir(dir);
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
    fsyncDir(releasesDir(root));
    return manifest;
  } finally {
    await handle.close();
  }
}
