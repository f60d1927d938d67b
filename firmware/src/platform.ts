/** What the runtime needs to know about the box it runs on, read from Linux. */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Platform } from '../../runtime/src/app.ts';

// systemd-timesyncd creates this file once the clock is synchronized (systemd-timesyncd.service(8)).
const TIMESYNC_FLAG = '/run/systemd/timesync/synchronized';

export function linuxPlatform(): Platform {
  let bootId: string;
  try {
    bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    bootId = `unknown-${randomUUID()}`;
  }
  return { bootId, clockSynced: () => existsSync(TIMESYNC_FLAG) };
}
