import { openSync, readFileSync, readSync, statSync, truncateSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { headerBytes } from '../../firmware/src/release/bundle-format.ts';
import { signManifest } from '../../firmware/src/release/manifest.ts';
import { STATE_FILE } from '../../firmware/src/release/state.ts';
import { runLoupe } from '../helpers/loupe-process.ts';
import { releaseBundle, releaseKeys, releaseTree, removeTempDirs, tempDir } from '../helpers/release-tree.ts';

const bundle = suite('release bundle: build and verify');
const keys = releaseKeys();
let tree = '';
let good = '';
let dir = '';

function keyFile(pem: string): string {
  const file = join(tempDir('key'), 'key.pem');
  writeFileSync(file, pem);
  return file;
}

function verify(file: string, publicPem = keys.publicPem, dataDir = tempDir('data')): { status: number | null; stderr: string; stdout: string } {
  return runLoupe(['update', 'verify', file, '--key', keyFile(publicPem), '--data', dataDir]);
}

function copy(file: string, name: string): string {
  const to = join(dir, name);
  writeFileSync(to, readFileSync(file));
  return to;
}

bundle.before(async () => {
  tree = await releaseTree();
  dir = tempDir('bundles');
  const out = runLoupe(['release', 'build', '--key', keyFile(keys.privatePem), '--out', dir, '--from', tree, '--release', '7', '--version', '0.7.0']);
  assert.is(out.status, 0, out.stderr);
  good = join(dir, 'loupe-0.7.0.bundle');
});

bundle('should exit 0 and name the release for an intact bundle signed by the key :: loupe release build then loupe update verify', () => {
  const out = verify(good);
  assert.is(out.status, 0, out.stderr);
  const answer = JSON.parse(out.stdout) as { version: string; release: number; arch: string };
  assert.equal([answer.version, answer.release, answer.arch], ['0.7.0', 7, process.arch]);
});

bundle('should refuse a bundle with one payload byte flipped :: LOUPE_E_UPDATE_TAMPERED', () => {
  const file = copy(good, 'tampered.bundle');
  const fd = openSync(file, 'r+');
  const position = statSync(file).size - 100;
  const byte = Buffer.alloc(1);
  readSync(fd, byte, 0, 1, position);
  writeSync(fd, Buffer.from([byte[0]! ^ 0x01]), 0, 1, position);
  closeSync(fd);
  const out = verify(file);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_TAMPERED');
});

bundle('should refuse a bundle whose manifest was edited after signing :: LOUPE_E_UPDATE_SIGNATURE_INVALID', () => {
  const file = copy(good, 'edited.bundle');
  const bytes = readFileSync(file);
  const at = bytes.indexOf(Buffer.from('"release":7'));
  bytes.write('"release":8', at);
  writeFileSync(file, bytes);
  const out = verify(file);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_SIGNATURE_INVALID');
});

bundle('should refuse an intact bundle checked with another key :: LOUPE_E_UPDATE_SIGNATURE_INVALID', () => {
  const out = verify(good, releaseKeys().publicPem);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_SIGNATURE_INVALID');
});

bundle('should refuse a key that is not Ed25519 :: LOUPE_E_UPDATE_KEY_INVALID', () => {
  const out = verify(good, '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n');
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_KEY_INVALID');
});

bundle('should refuse a bundle whose manifest expired :: signed 91 days ago for 90', async () => {
  const file = await releaseBundle(tree, keys, { version: '0.7.1', release: 8, now: new Date(Date.now() - 91 * 86_400_000), out: dir });
  const out = verify(file);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_EXPIRED');
});

bundle('should refuse a release number not above the installed one :: release 7 on a till at release 9', () => {
  const data = tempDir('data');
  writeFileSync(join(data, STATE_FILE), JSON.stringify({ good: { version: '0.9.0', release: 9 }, candidate: null, last: null }));
  const out = verify(good, keys.publicPem, data);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_DOWNGRADE');
});

bundle('should refuse a release that needs a newer version to update from :: min-from 9.0.0', async () => {
  const file = await releaseBundle(tree, keys, { version: '9.1.0', release: 20, minFrom: '9.0.0', out: dir });
  const out = verify(file);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_TOO_OLD');
});

bundle('should refuse a bundle built for another processor :: arch riscv64', async () => {
  const file = await releaseBundle(tree, keys, { version: '0.7.2', release: 9, arch: 'riscv64', out: dir });
  const out = verify(file);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_WRONG_ARCH');
});

bundle('should refuse a download cut short :: last 10 bytes missing, and only the header', () => {
  const file = copy(good, 'short.bundle');
  truncateSync(file, statSync(file).size - 10);
  const out = verify(file);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_TRUNCATED');
  truncateSync(file, 40);
  assert.match(verify(file).stderr, 'LOUPE_E_UPDATE_TRUNCATED');
});

bundle('should refuse bytes appended after the last file :: LOUPE_E_UPDATE_TAMPERED', () => {
  const file = copy(good, 'longer.bundle');
  writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('extra')]));
  assert.match(verify(file).stderr, 'LOUPE_E_UPDATE_TAMPERED');
});

bundle('should refuse a signed manifest whose paths leave the release folder :: ../../etc/passwd', () => {
  const manifest = Buffer.from(
    JSON.stringify({
      format: 1, version: '0.8.0', release: 10, minFrom: '0.0.0', expires: new Date(Date.now() + 86_400_000).toISOString(), arch: process.arch,
      createdAt: new Date().toISOString(), files: [{ path: '../../etc/passwd', size: 1, sha256: '0'.repeat(64), mode: 420 }],
    }),
  );
  const file = join(dir, 'escape.bundle');
  writeFileSync(file, Buffer.concat([headerBytes(manifest, signManifest(manifest, keys.privatePem)), Buffer.from('x')]));
  const out = verify(file);
  assert.is(out.status, 1);
  assert.match(out.stderr, 'LOUPE_E_UPDATE_BUNDLE_MALFORMED');
});

bundle('should refuse a file that is not a bundle :: LOUPE_E_UPDATE_BUNDLE_MALFORMED', () => {
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'these are not the bytes you are looking for');
  assert.match(verify(file).stderr, 'LOUPE_E_UPDATE_BUNDLE_MALFORMED');
});

bundle.after(() => removeTempDirs());

bundle.run();
