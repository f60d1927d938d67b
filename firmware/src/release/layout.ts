/**
 * The releases root, laid out like /opt/loupe:
 *
 *   releases/<version>/   one unpacked release each, never changed after its rename
 *   current -> releases/<version>   the release to run (a candidate while on probation)
 *   good    -> releases/<version>   the last release that proved healthy; the supervisor runs from it
 *
 * Links are switched by writing `<name>.new` and renaming it over the old one (rename(2) is atomic),
 * then fsyncing the root directory so the switch survives a power cut.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

export type LinkName = 'current' | 'good';

export function releasesDir(root: string): string {
  return join(root, 'releases');
}

export function releaseDir(root: string, version: string): string {
  return join(releasesDir(root), version);
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The version a link points at, or null when there is no such link. */
export function linked(root: string, name: LinkName): string | null {
  const path = join(root, name);
  try {
    return basename(readlinkSync(path));
  } catch {
    return null;
  }
}

export function switchLink(root: string, name: LinkName, version: string): void {
  const next = join(root, `${name}.new`);
  rmSync(next, { force: true });
  symlinkSync(join('releases', version), next);
  renameSync(next, join(root, name));
  fsyncDir(root);
}

/**
 * Removes unfinished unpacks and all but the `keep` newest releases beside the ones `current` and
 * `good` point at (newest by release number, read from `numberOf`).
 */
export function pruneReleases(root: string, numberOf: (version: string) => number, keep = 2): string[] {
  const dir = releasesDir(root);
  if (!existsSync(dir)) return [];
  const inUse = new Set([linked(root, 'current'), linked(root, 'good')]);
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.partial')) {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  const old = readdirSync(dir)
    .filter((name) => !inUse.has(name))
    .sort((a, b) => numberOf(b) - numberOf(a));
  for (const name of old.slice(keep)) {
    rmSync(join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  if (removed.length > 0) fsyncDir(dir);
  return removed;
}
