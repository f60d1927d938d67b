/**
 * Builds the counter's root file system for real, from Debian's packages: minutes and about a
 * gigabyte of downloads, so not part of the default run. LOUPE_IMAGE_BUILD chooses:
 *   LOUPE_IMAGE_BUILD=host   the host's architecture in a chroot, the hub flavour, Node copied
 *                            from the Node running the tests, then laid out on a card image
 *   LOUPE_IMAGE_BUILD=arm64  the Raspberry Pi board (Debian's kernel and firmware) through
 *                            qemu-user-static, Node from LOUPE_IMAGE_NODE_ARM64 (an official
 *                            node-v20.*-linux-arm64.tar.xz, or a folder holding bin/node)
 *   LOUPE_IMAGE_BUILD=host,arm64  both.
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IMAGES, run } from './helpers.ts';

const builds = (process.env.LOUPE_IMAGE_BUILD ?? '').split(',').filter(Boolean);

/**
 * Removes a build folder without following a mount into the host: an mmdebstrap that was killed
 * leaves the host's /dev/shm, /proc and /sys mounted in its root, and a plain recursive delete would
 * empty the host's /dev/shm. Leftover mounts are unmounted first; `--one-file-system` guards the rest.
 */
function removeBuild(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1] ?? '').filter((target) => target.startsWith(`${dir}/`));
  for (const target of mounts.sort().reverse()) run('umount', ['-l', target]);
  run('rm', ['-rf', '--one-file-system', dir]);
}
const HOST_ARCH = arch() === 'x64' ? 'amd64' : arch();

function need(program: string, pkg: string): void {
  if (run('sh', ['-c', `command -v ${program}`]).status !== 0) throw new Error(`${program} is missing; install with: apt-get install -y ${pkg}`);
}

/** Builds with build-rootfs.sh and checks what every flavour must have; returns the root. */
function build(dir: string, args: string[]): string {
  need('mmdebstrap', 'mmdebstrap');
  const root = join(dir, 'rootfs');
  const built = run(join(IMAGES, 'build-rootfs.sh'), [...args, '--out', root]);
  assert.is(built.status, 0, `build-rootfs.sh failed:\n${built.stderr.slice(-4000)}`);
  return root;
}

function checkCounter(root: string, units: string[]): void {
  const node = run('chroot', [root, '/usr/bin/node', '-p', 'process.versions.node']);
  assert.is(node.status, 0, node.stderr);
  assert.ok(Number(node.stdout.split('.')[0]) >= 20, `node ${node.stdout}`);
  assert.match(run('chroot', [root, 'id', 'loupe']).stdout, /\(dialout\).*\(plugdev\).*\(input\)/);
  assert.match(run('chroot', [root, 'id', 'kiosk']).stdout, /\(video\)/);
  for (const program of ['/usr/bin/cage', '/usr/bin/chromium', '/lib/systemd/systemd-timesyncd']) assert.ok(existsSync(join(root, program)), program);
  // Enabled = a link in the target's .wants/ to a unit that exists in the root (links are absolute).
  const wants = (target: string, unit: string) => {
    const link = join(root, 'etc/systemd/system', `${target}.wants`, unit);
    return existsSync(link.replace(/[^/]+$/, '')) && lstatSync(link, { throwIfNoEntry: false })?.isSymbolicLink() === true && existsSync(join(root, readlinkSync(link)));
  };
  assert.ok(wants('multi-user.target', 'loupe.service') && wants('multi-user.target', 'var-lib-loupe.mount') && wants('graphical.target', 'kiosk.service'));
  assert.ok(wants('sysinit.target', 'systemd-timesyncd.service') || wants('multi-user.target', 'systemd-timesyncd.service'), 'timesyncd enabled');
  assert.is(readlinkSync(join(root, 'etc/systemd/system/default.target')), '/lib/systemd/system/graphical.target');
  assert.is(readlinkSync(join(root, 'etc/systemd/system/getty@tty1.service')), '/dev/null');
  assert.is(readFileSync(join(root, 'etc/fstab'), 'utf8'), readFileSync(join(IMAGES, 'rootfs/etc/fstab'), 'utf8'));
  assert.is(lstatSync(join(root, 'etc/machine-id')).size, 0);
  assert.not.ok(existsSync(join(root, 'var/log/journal')));
  // The units in the root they will run in: its own systemd, executables and users.
  const verify = run('systemd-analyze', ['verify', `--root=${root}`, '--man=no', ...units]);
  assert.is(verify.stderr.trim(), '', verify.stderr);
  assert.is(verify.status, 0);
  const tmpfiles = run('systemd-tmpfiles', [`--root=${root}`, '--create', join(root, 'etc/tmpfiles.d/loupe.conf')]);
  assert.is(tmpfiles.status, 0, tmpfiles.stderr);
  const loupeUid = run('chroot', [root, 'id', '-u', 'loupe']).stdout.trim();
  assert.is(String(lstatSync(join(root, 'data/loupe')).uid), loupeUid);
  rmSync(join(root, 'data'), { recursive: true });
  mkdirSync(join(root, 'data'));
}

const host = suite('build-rootfs.sh for the host\'s architecture, in a chroot (LOUPE_IMAGE_BUILD=host)');

host(`should build a hub counter from Debian bookworm and lay it on a card image :: ${HOST_ARCH}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-build-'));
  try {
    const nodeDist = join(dir, 'node');
    mkdirSync(join(nodeDist, 'bin'), { recursive: true });
    copyFileSync(process.execPath, join(nodeDist, 'bin/node'));
    const root = build(dir, ['--arch', HOST_ARCH, '--board', 'none', '--hub', '--node', nodeDist]);
    checkCounter(root, ['loupe.service', 'kiosk.service', 'var-lib-loupe.mount', 'systemd-timesyncd.service', 'mosquitto.service']);
    assert.ok(lstatSync(join(root, 'etc/systemd/system/multi-user.target.wants/mosquitto.service')).isSymbolicLink());
    assert.match(run('chroot', [root, 'id', 'mosquitto']).stdout, /\(loupe\)/);
    if (HOST_ARCH === 'amd64' || HOST_ARCH === 'arm64') {
      const image = join(dir, 'loupe.img');
      const assembled = run(join(IMAGES, 'assemble-image.sh'), ['--rootfs', root, '--out', image, '--arch', HOST_ARCH, '--root-mib', '2048', '--data-mib', '64']);
      assert.is(assembled.status, 0, assembled.stderr);
      const table = JSON.parse(run('sfdisk', ['--json', image]).stdout) as { partitiontable: { partitions: { name: string }[] } };
      assert.equal(table.partitiontable.partitions.map((p) => p.name), ['LOUPE-BOOT', 'loupe-root', 'loupe-data']);
    }
  } finally {
    removeBuild(dir);
  }
});

const arm64 = suite('build-rootfs.sh for the Raspberry Pi, arm64 through qemu-user-static (LOUPE_IMAGE_BUILD=arm64)');

arm64('should build the counter with Debian\'s kernel and the Pi\'s firmware :: arm64, board pi', () => {
  const nodeDist = process.env.LOUPE_IMAGE_NODE_ARM64;
  if (!nodeDist) throw new Error('LOUPE_IMAGE_NODE_ARM64 must name an official node-v20.*-linux-arm64.tar.xz (or a folder holding bin/node)');
  need('qemu-aarch64-static', 'qemu-user-static binfmt-support');
  assert.ok(existsSync('/proc/sys/fs/binfmt_misc/qemu-aarch64'), 'qemu-aarch64 is registered with binfmt_misc (binfmt-support)');
  const dir = mkdtempSync(join(tmpdir(), 'loupe-build-arm64-'));
  try {
    const root = build(dir, ['--arch', 'arm64', '--board', 'pi', '--node', nodeDist]);
    checkCounter(root, ['loupe.service', 'kiosk.service', 'var-lib-loupe.mount', 'systemd-timesyncd.service']);
    const firmware = join(root, 'boot/firmware');
    for (const file of ['start4.elf', 'bcm2711-rpi-4-b.dtb']) assert.ok(existsSync(join(firmware, file)), file);
    const config = readFileSync(join(firmware, 'config.txt'), 'utf8');
    assert.match(config, /^kernel=/m, 'the firmware package named its kernel');
    assert.match(config, /^# --- Loupe/m);
    assert.match(config, /^dtparam=watchdog=on$/m);
    assert.is(readFileSync(join(firmware, 'cmdline.txt'), 'utf8'), readFileSync(join(IMAGES, 'boot/cmdline.txt'), 'utf8'));
  } finally {
    removeBuild(dir);
  }
});

if (builds.includes('host')) host.run();
if (builds.includes('arm64')) arm64.run();
// Said, not silent: the default run names what it leaves to the image builder's run.
if (builds.length === 0) process.stdout.write('\n  image builds not run here: LOUPE_IMAGE_BUILD=host or arm64 runs them (they download Debian packages)\n');
