import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IMAGES, run } from './helpers.ts';

interface Context {
  dir: string;
  image: string;
}

const MIB = 1024 * 1024;
const assemble = suite<Context>('The card image: images/assemble-image.sh on a small root file system', {} as Context);

interface Partition {
  start: number;
  size: number;
  type: string;
  name: string;
}

/** A partition's file system, copied out of the image. */
function extract(context: Context, partition: Partition, name: string): string {
  const out = join(context.dir, name);
  const copied = run('dd', [`if=${context.image}`, `of=${out}`, 'bs=512', `skip=${partition.start}`, `count=${partition.size}`, 'status=none']);
  assert.is(copied.status, 0, copied.stderr);
  return out;
}

function partitions(context: Context): Partition[] {
  const table = run('sfdisk', ['--json', context.image]);
  assert.is(table.status, 0, table.stderr);
  const parsed = JSON.parse(table.stdout) as { partitiontable: { label: string; partitions: Partition[] } };
  assert.is(parsed.partitiontable.label, 'gpt');
  return parsed.partitiontable.partitions;
}

function label(path: string): Record<string, string> {
  const probe = run('blkid', ['-p', '-o', 'export', path]);
  assert.is(probe.status, 0, probe.stderr);
  return Object.fromEntries(probe.stdout.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
}

assemble.before(async (context) => {
  context.dir = mkdtempSync(join(tmpdir(), 'loupe-image-'));
  const rootfs = join(context.dir, 'rootfs');
  cpSync(join(IMAGES, 'rootfs'), rootfs, { recursive: true });
  for (const dir of ['usr/bin', 'var/lib/loupe', 'data', 'boot/firmware']) mkdirSync(join(rootfs, dir), { recursive: true });
  cpSync(join(IMAGES, 'boot/config.txt'), join(rootfs, 'boot/firmware/config.txt'));
  writeFileSync(join(rootfs, 'data', 'left-by-the-build'), 'must not reach the card\n');
  context.image = join(context.dir, 'loupe.img');
  const assembled = run(join(IMAGES, 'assemble-image.sh'), ['--rootfs', rootfs, '--out', context.image, '--arch', 'arm64', '--boot-mib', '64', '--root-mib', '24', '--data-mib', '16']);
  assert.is(assembled.status, 0, assembled.stderr);
});

assemble.after((context) => {
  rmSync(context.dir, { recursive: true, force: true });
});

assemble('should lay out boot, root and data partitions on GPT at 1 MiB alignment :: 64 + 24 + 16 MiB', (context) => {
  const [boot, root, data, ...more] = partitions(context);
  assert.is(more.length, 0);
  assert.equal([boot?.name, root?.name, data?.name], ['LOUPE-BOOT', 'loupe-root', 'loupe-data']);
  assert.equal([boot?.start, root?.start, data?.start].map((lba) => ((lba ?? 0) * 512) / MIB), [1, 65, 89]);
  assert.equal([boot?.size, root?.size, data?.size].map((sectors) => ((sectors ?? 0) * 512) / MIB), [64, 24, 16]);
  assert.is(root?.type, 'B921B045-1DF0-41C3-AF44-4C6F280D3FAE', 'the arm64 root type');
  assert.is(data?.type, '0FC63DAF-8483-4772-8E79-3D69D8477DE4', 'linux-generic, as repart.d expects');
});

assemble('should give each file system the label fstab mounts it by :: LOUPE-BOOT vfat, loupe-root and loupe-data ext4', (context) => {
  const [boot, root, data] = partitions(context) as [Partition, Partition, Partition];
  const found = [extract(context, boot, 'boot.fs'), extract(context, root, 'root.fs'), extract(context, data, 'data.fs')].map(label);
  assert.equal(found.map((fs) => `${fs.LABEL} ${fs.TYPE}`), ['LOUPE-BOOT vfat', 'loupe-root ext4', 'loupe-data ext4']);
  const fstab = run('debugfs', ['-R', 'cat /etc/fstab', join(context.dir, 'root.fs')]).stdout;
  const specs = fstab.split('\n').filter((line) => line.startsWith('LABEL=')).map((line) => line.split(/\s+/)[0]!.slice('LABEL='.length));
  assert.equal(specs.sort(), found.map((fs) => fs.LABEL!).sort());
});

assemble('should put the Pi\'s boot files on the boot partition and leave mount points empty :: config.txt, /data', (context) => {
  const [boot, root, data] = partitions(context) as [Partition, Partition, Partition];
  const config = run('mtype', ['-i', extract(context, boot, 'boot.fs'), '::config.txt']);
  assert.match(config.stdout, /^dtparam=watchdog=on$/m);
  const rootFs = extract(context, root, 'root.fs');
  const listing = (path: string, fs: string) => run('debugfs', ['-R', `ls -p ${path}`, fs]).stdout.split('\n').filter((line) => line.startsWith('/')).map((line) => line.split('/')[5]).filter((name) => name !== '.' && name !== '..');
  assert.equal(listing('/boot/firmware', rootFs), []);
  assert.equal(listing('/data', rootFs), []);
  assert.equal(listing('/', extract(context, data, 'data.fs')), ['lost+found']);
});

assemble('should refuse odd sizes and write no image :: a boot partition too small for FAT32', (context) => {
  const out = join(context.dir, 'never.img');
  const refused = run(join(IMAGES, 'assemble-image.sh'), ['--rootfs', join(context.dir, 'rootfs'), '--out', out, '--boot-mib', '16']);
  assert.is(refused.status, 2);
  assert.match(refused.stderr, /needs at least 64 MiB/);
  assert.is(run('test', ['-e', out]).status, 1);
});

assemble.run();
