/**
 * `loupe start` serves the touchscreen at `/`, building the app first when a source under ui/src is
 * newer than the bundle — so `npm start` on a fresh clone shows the counter.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startLoupe, type RunningLoupe } from '../helpers/loupe-process.ts';

const UI = fileURLToPath(new URL('../../ui/', import.meta.url));

function newestSourceMs(dir = `${UI}src`): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newestSourceMs(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs)));
}

const served = suite<{ dataDir: string; loupe: RunningLoupe }>('touchscreen served by loupe start');
served.before(async (ctx) => {
  ctx.dataDir = mkdtempSync(join(tmpdir(), 'loupe-ui-'));
  ctx.loupe = await startLoupe(ctx.dataDir, { timeoutMs: 60_000 });
});
served.after(async (ctx) => {
  await ctx.loupe.stop();
  rmSync(ctx.dataDir, { recursive: true, force: true });
});

served('should serve the app at / with its bundle built from the current sources', async ({ loupe }) => {
  const page = await fetch(`${loupe.url}/`);
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-type') ?? '', /text\/html/);
  const html = await page.text();
  assert.match(html, /<pos-app><\/pos-app>/);
  assert.match(html, /src="\/ui\/app\.js"/);
  const bundle = await fetch(`${loupe.url}/ui/app.js`);
  assert.is(bundle.status, 200);
  assert.match(bundle.headers.get('content-type') ?? '', /text\/javascript/);
  assert.ok((await bundle.text()).includes('pos-sale'), 'the bundle does not define the sale screen');
  assert.ok(statSync(`${UI}dist/app.js`).mtimeMs >= newestSourceMs(), 'the bundle is older than a source under ui/src');
});

served('should answer a file the app does not have with the API’s not-found error', async ({ loupe }) => {
  const reply = await fetch(`${loupe.url}/ui/missing.js`);
  assert.is(reply.status, 404);
  assert.is(((await reply.json()) as { error: { code: string } }).error.code, 'LOUPE_E_API_NOT_FOUND');
});

served.run();
