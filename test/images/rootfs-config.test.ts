import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IMAGES, imageFile, parseUnit, run, setting } from './helpers.ts';

const rootfs = suite('The image\'s system configuration (images/rootfs/)');

interface FstabEntry {
  spec: string;
  mountPoint: string;
  type: string;
  options: string[];
}

function fstab(): FstabEntry[] {
  return imageFile('rootfs/etc/fstab')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [spec, mountPoint, type, options] = line.trim().split(/\s+/) as [string, string, string, string];
      return { spec, mountPoint, type, options: options.split(',') };
    });
}

rootfs('should mount the root read-only and the data partition read-write :: /etc/fstab', () => {
  const byMount = new Map(fstab().map((entry) => [entry.mountPoint, entry]));
  const root = byMount.get('/');
  assert.is(root?.spec, 'LABEL=loupe-root');
  assert.ok(root?.options.includes('ro'), 'root is ro');
  const data = byMount.get('/data');
  assert.is(data?.spec, 'LABEL=loupe-data');
  assert.is(data?.type, 'ext4');
  assert.ok(data?.options.includes('rw') && data.options.includes('x-systemd.growfs') && data.options.includes('noatime'), data?.options.join(','));
  assert.is(byMount.get('/boot/firmware')?.spec, 'LABEL=LOUPE-BOOT');
  for (const ram of ['/tmp', '/var/tmp']) assert.is(byMount.get(ram)?.type, 'tmpfs', ram);
  // Nothing else writes to the card: every other mount would need its own reason.
  assert.equal([...byMount.keys()].sort(), ['/', '/boot/firmware', '/data', '/tmp', '/var/tmp']);
});

rootfs('should keep the journal in RAM with size caps :: journald.conf.d/loupe.conf', () => {
  const journal = parseUnit(imageFile('rootfs/etc/systemd/journald.conf.d/loupe.conf'));
  assert.is(setting(journal, 'Journal', 'Storage'), 'volatile');
  assert.is(setting(journal, 'Journal', 'RuntimeMaxUse'), '64M');
  assert.is(setting(journal, 'Journal', 'RuntimeKeepFree'), '128M');
  assert.is(setting(journal, 'Journal', 'RuntimeMaxFileSize'), '8M');
  assert.is(setting(journal, 'Journal', 'MaxRetentionSec'), '7day');
});

rootfs('should keep time with timesyncd, its clock file on the data partition :: timesyncd drop-ins', () => {
  const time = parseUnit(imageFile('rootfs/etc/systemd/timesyncd.conf.d/loupe.conf'));
  assert.match(setting(time, 'Time', 'NTP') ?? '', /pool\.ntp\.org/);
  const service = parseUnit(imageFile('rootfs/etc/systemd/system/systemd-timesyncd.service.d/loupe.conf'));
  assert.equal(service.get('Service')?.get('StateDirectory'), [], 'the read-only state directory is not managed');
  assert.is(setting(service, 'Service', 'BindPaths'), '/data/timesync:/var/lib/systemd/timesync');
  assert.match(imageFile('stages/10-system.sh'), /systemctl enable [^\n]*systemd-timesyncd\.service/);
});

rootfs('should lay out the data partition with each owner in its own folder :: systemd-tmpfiles --create in a scratch root', () => {
  const root = mkdtempSync(join(tmpdir(), 'loupe-tmpfiles-'));
  try {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\nloupe:x:990:990::/var/lib/loupe:/usr/sbin/nologin\nsystemd-timesync:x:991:991::/:/usr/sbin/nologin\n');
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nloupe:x:990:\nsystemd-timesync:x:991:\n');
    const created = run('systemd-tmpfiles', [`--root=${root}`, '--create', join(IMAGES, 'rootfs/etc/tmpfiles.d/loupe.conf')]);
    assert.is(created.stderr, '');
    assert.is(created.status, 0);
    const owner = (path: string) => {
      const stat = statSync(join(root, path));
      return `${stat.uid}:${stat.gid} ${(stat.mode & 0o7777).toString(8)}`;
    };
    assert.is(owner('data'), '0:0 755');
    assert.is(owner('data/loupe'), '990:990 750');
    assert.is(owner('data/loupe/tls'), '990:990 750');
    assert.is(owner('data/timesync'), '991:991 755');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

rootfs('should boot with the screen never blanking, the root by label and read-only :: cmdline.txt', () => {
  const cmdline = imageFile('boot/cmdline.txt').trim().split(/\s+/);
  for (const word of ['root=LABEL=loupe-root', 'ro', 'consoleblank=0', 'rootwait']) assert.ok(cmdline.includes(word), word);
  assert.match(imageFile('boot/config.txt'), /^dtparam=watchdog=on$/m);
});

rootfs('should grow the data partition and reboot a hung board :: repart.d and the hardware watchdog', () => {
  const repart = parseUnit(imageFile('rootfs/usr/lib/repart.d/50-loupe-data.conf'));
  assert.is(setting(repart, 'Partition', 'Label'), 'loupe-data');
  assert.is(setting(repart, 'Partition', 'Type'), 'linux-generic');
  const manager = parseUnit(imageFile('rootfs/etc/systemd/system.conf.d/loupe-watchdog.conf'));
  assert.is(setting(manager, 'Manager', 'RuntimeWatchdogSec'), '15s');
});

rootfs.run();
