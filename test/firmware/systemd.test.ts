import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startLoupe } from '../helpers/loupe-process.ts';

const systemd = suite<{ dir: string }>('systemd notification');
systemd.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-systemd-'));
  // A stand-in systemd-notify early on PATH that writes down what it was told.
  writeFileSync(join(ctx.dir, 'systemd-notify'), `#!/bin/sh\necho "$1" >> "${join(ctx.dir, 'notified')}"\n`);
  chmodSync(join(ctx.dir, 'systemd-notify'), 0o755);
});
systemd.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

const notified = (dir: string) => {
  try {
    return readFileSync(join(dir, 'notified'), 'utf8').trim().split('\n');
  } catch {
    return [];
  }
};

systemd('should say READY, ping the watchdog at half of WatchdogSec, and say STOPPING :: 400 ms', async ({ dir }) => {
  const loupe = await startLoupe(join(dir, 'data'), {
    env: { NOTIFY_SOCKET: '/run/systemd/notify', WATCHDOG_USEC: '400000', PATH: `${dir}:${process.env.PATH}` },
  });
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  const running = notified(dir);
  assert.is(running[0], 'READY=1');
  const pings = running.filter((line) => line === 'WATCHDOG=1').length;
  assert.ok(pings >= 2 && pings <= 8, `${pings} watchdog pings in 1.1 s at a 200 ms period`);
  assert.is(await loupe.stop(), 0);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.is(notified(dir).at(-1), 'STOPPING=1');
});

systemd('should say nothing outside systemd :: no NOTIFY_SOCKET', async ({ dir }) => {
  const env = { PATH: `${dir}:${process.env.PATH}`, NOTIFY_SOCKET: '' };
  const loupe = await startLoupe(join(dir, 'data'), { env });
  await loupe.stop();
  assert.equal(notified(dir), []);
});

systemd.run();
