/**
 * A full card, for real: the appliance's data folder is a small tmpfs, filled to the last block
 * while `loupe start` runs. A photo upload then answers LOUPE_E_LEDGER_FULL (503) and leaves no
 * file; SIGTERM still stops it well inside systemd's TimeoutStopSec=20; once space is freed it
 * starts again with everything it had, and the audit chain verifies.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { post, runLoupe, startLoupe } from '../helpers/loupe-process.ts';

const full = suite<{ mountPoint: string; dataDir: string }>('full disk');
full.before((ctx) => {
  ctx.mountPoint = join(tmpdir(), `loupe-full-${process.pid}`);
  ctx.dataDir = join(ctx.mountPoint, 'data');
  mkdirSync(ctx.mountPoint, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', ctx.mountPoint], { encoding: 'utf8' });
  if (mounted.status !== 0) throw new Error(`this test needs a small tmpfs and root to mount it (mount -t tmpfs -o size=48m tmpfs ${ctx.mountPoint}): ${mounted.stderr || mounted.error?.message}`);
});
full.after((ctx) => {
  spawnSync('umount', [ctx.mountPoint]);
  rmSync(ctx.mountPoint, { recursive: true, force: true });
});

/** Takes every free block of the file system. */
function fill(mountPoint: string): void {
  const { bavail, bsize } = statfsSync(mountPoint);
  try {
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(bavail * bsize));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

full('should refuse a photo with LOUPE_E_LEDGER_FULL and no file, and stop on SIGTERM within 20 s :: 48 MB tmpfs filled to the last block', async ({ mountPoint, dataDir }) => {
  const loupe = await startLoupe(dataDir);
  const { token } = (await (await post(`${loupe.url}/api/v1/auth/login`, null, { code: '100', pin: '8264' })).json()) as { token: string };
  const photo = await sharp({ create: { width: 600, height: 400, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).png().toBuffer();
  const photos = readdirSync(join(dataDir, 'photos')).sort();
  fill(mountPoint);

  const upload = await fetch(`${loupe.url}/api/v1/pieces/R-10041/photos`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${token}` }, body: photo });
  const answer = (await upload.json()) as { error: { code: string } };
  assert.equal([upload.status, answer.error.code], [503, 'LOUPE_E_LEDGER_FULL']);
  assert.equal(readdirSync(join(dataDir, 'photos')).sort(), photos, 'no photo and no temporary file left');

  const asked = Date.now();
  const code = await loupe.stop();
  const tookMs = Date.now() - asked;
  assert.ok(tookMs < 20_000, `stop took ${tookMs} ms on a full disk`);
  assert.ok(code === 0 || code === 1, `exit code ${code}`);
  assert.match(loupe.output(), /final ledger checkpoint failed/);
  process.stdout.write(`\n  full disk: SIGTERM to exit in ${tookMs} ms (code ${code})\n`);

  rmSync(join(mountPoint, 'filler'));
  const again = await startLoupe(dataDir);
  const { token: second } = (await (await post(`${again.url}/api/v1/auth/login`, null, { code: '100', pin: '8264' })).json()) as { token: string };
  const added = await fetch(`${again.url}/api/v1/pieces/R-10041/photos`, { method: 'POST', headers: { 'content-type': 'image/png', authorization: `Bearer ${second}` }, body: photo });
  assert.is(added.status, 201, await added.text());
  assert.is(await again.stop(), 0);
  const verify = runLoupe(['audit', 'verify', '--data', dataDir]);
  assert.is(verify.status, 0, verify.stdout + verify.stderr);
});

full.run();
