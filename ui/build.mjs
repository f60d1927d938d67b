// Builds the touchscreen app: ui/src/main.ts and ui/src/index.html → ui/dist/ (index.html, app.js),
// one minified esbuild bundle with Lit inside; nothing is fetched from a CDN at run time.
// `buildUi()` rebuilds only when a source is newer than the bundle, so `loupe start` stays fast;
// `node ui/build.mjs` builds now. Files are written beside their place and renamed in, so a server
// or a second process never reads half a file.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const uiRoot = fileURLToPath(new URL('./', import.meta.url));
export const UI_DIST = `${uiRoot}dist`;
const BUNDLE = `${UI_DIST}/app.js`;

function newestSource() {
  let newest = statSync(fileURLToPath(import.meta.url)).mtimeMs;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(`${uiRoot}src`);
  return newest;
}

function writeAtomically(path, contents) {
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, contents);
  renameSync(partial, path);
}

/** Builds when needed (or always with `force`); resolves with whether it built. */
export async function buildUi({ force = false } = {}) {
  if (!existsSync(`${uiRoot}src/main.ts`)) return false;
  if (!force && existsSync(BUNDLE) && existsSync(`${UI_DIST}/index.html`) && statSync(BUNDLE).mtimeMs >= newestSource()) return false;
  const { build } = await import('esbuild');
  const { outputFiles } = await build({
    entryPoints: [`${uiRoot}src/main.ts`],
    outfile: BUNDLE,
    write: false,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'chrome110',
    legalComments: 'none',
    logLevel: 'warning',
    tsconfig: `${uiRoot}tsconfig.json`,
  });
  mkdirSync(UI_DIST, { recursive: true });
  writeAtomically(`${UI_DIST}/index.html`, readFileSync(`${uiRoot}src/index.html`));
  for (const file of outputFiles) writeAtomically(file.path, file.contents);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildUi({ force: true });
