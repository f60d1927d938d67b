#!/usr/bin/env node
// The `loupe` command. It runs firmware/dist/loupe.mjs, one esbuild bundle of the TypeScript
// sources (npm packages stay external), and rebuilds that bundle first whenever a source file is
// newer: a developer's edit is picked up at once, and the appliance image ships the bundle alone.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bundle = fileURLToPath(new URL('../dist/loupe.mjs', import.meta.url));
const SOURCE_DIRS = ['firmware/src', 'runtime/src', 'drivers', 'provisioning', 'hq/src'];

function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(root + dir)) walk(root + dir);
  return newest;
}

if (existsSync(`${root}firmware/src/cli.ts`) && (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource())) {
  const { build } = await import('esbuild');
  // Built in memory for its final place (so the source map points at the right files), then
  // written beside it and renamed in: processes starting at the same time never read half a file.
  const { outputFiles } = await build({
    entryPoints: [`${root}firmware/src/cli.ts`],
    outfile: bundle,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  mkdirSync(dirname(bundle), { recursive: true });
  for (const file of [...outputFiles].sort((a, b) => b.path.length - a.path.length)) {
    const partial = `${file.path}.${process.pid}.tmp`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
}
// The touchscreen app the API serves at `/`, rebuilt the same way when one of its sources is newer.
if (process.argv[2] === 'start' && existsSync(`${root}ui/build.mjs`)) await (await import(`${root}ui/build.mjs`)).buildUi();
// Stack traces name the TypeScript files and lines.
process.setSourceMapsEnabled(true);
await import(bundle);
