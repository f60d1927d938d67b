import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { installRelease, type InstallContext, type Offer } from '../../firmware/src/release/install.ts';
import { linked } from '../../firmware/src/release/layout.ts';
import { readState } from '../../firmware/src/release/state.ts';
import { startTestAppliance } from '../helpers/appliance.ts';
import { startShelf, type TestShelf } from '../helpers/release-shelf.ts';
import { releaseBundle, releaseKeys, releasesRoot, releaseTree, removeTempDirs, tempDir, tillAt010 } from '../helpers/release-tree.ts';

const install = suite('release install: download, verify, unpack, switch');
const keys = releaseKeys();
let shelf: TestShelf;
let tree = '';
let bundle = '';
let ledgerDir = '';

/** A till at 0.1.0 (release 1) with a real ledger, and its releases root. */
async function till(root?: string): Promise<InstallContext> {
  const dataDir = tempDir('data');
  writeFileSync(join(dataDir, 'ledger.sqlite'), readFileSync(join(ledgerDir, 'ledger.sqlite')));
  return tillAt010(root ?? (await releasesRoot(keys, '0.1.0', 1)), dataDir, keys.publicPem, shelf.ca, 1024 * 1024);
}

function offer(version: string): Offer {
  return { version, url: `${shelf.url}/releases/${version}/bundle`, size: statSync(join(shelf.dir, `loupe-${version}.bundle`)).size };
}

async function refused(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
  return 'installed';
}

function untouched(ctx: InstallContext, version: string): void {
  assert.is(linked(ctx.root, 'current'), '0.1.0');
  assert.not.ok(existsSync(join(ctx.root, 'releases', version)), `releases/${version} must not exist`);
  assert.is(readState(ctx.dataDir).candidate, null);
  assert.ok(existsSync(join(ctx.root, 'current/firmware/dist/loupe.mjs')));
}

install.before(async () => {
  shelf = await startShelf(keys.publicPem);
  tree = await releaseTree();
  bundle = await releaseBundle(tree, keys, { version: '0.2.0', release: 2 });
  assert.is((await shelf.upload(bundle, '0.2.0')).status, 201);
  ledgerDir = tempDir('ledger');
  await (await startTestAppliance({ dataDir: ledgerDir })).stop();
});
install.after(async () => {
  await shelf.close();
  removeTempDirs();
});

install('should install beside the running release and switch current, keeping good :: 0.1.0 → 0.2.0 over HTTPS', async () => {
  const ctx = await till();
  const manifest = await installRelease(ctx, offer('0.2.0'));
  assert.is(manifest.release, 2);
  assert.is(linked(ctx.root, 'current'), '0.2.0');
  assert.is(linked(ctx.root, 'good'), '0.1.0');
  assert.equal(readdirSync(join(ctx.root, 'releases')).sort(), ['0.1.0', '0.2.0']);
  assert.is(JSON.parse(readFileSync(join(ctx.root, 'current/package.json'), 'utf8')).version, '0.2.0');
  const state = readState(ctx.dataDir);
  assert.equal([state.good?.version, state.candidate?.version, state.candidate?.attempts], ['0.1.0', '0.2.0', 0]);
  assert.ok(state.candidate?.backup && existsSync(state.candidate.backup), 'the ledger was backed up');
  assert.ok((state.candidate?.migrationsBefore.length ?? 0) > 0);
});

install('should resume a cut download with a Range request :: half the bundle already on disk', async () => {
  const ctx = await till();
  mkdirSync(join(ctx.dataDir, 'downloads'));
  const half = Math.floor(statSync(bundle).size / 2);
  writeFileSync(join(ctx.dataDir, 'downloads/loupe-0.2.0.bundle.part'), readFileSync(bundle).subarray(0, half));
  shelf.ranges.length = 0;
  await installRelease(ctx, offer('0.2.0'));
  assert.equal(shelf.ranges, [`bytes=${half}-`]);
  assert.is(linked(ctx.root, 'current'), '0.2.0');
});

install('should refuse a bundle altered on the shelf and switch nothing :: one byte flipped', async () => {
  const ctx = await till();
  const file = join(shelf.dir, 'loupe-0.2.0.bundle');
  const original = readFileSync(file);
  const bytes = Buffer.from(original);
  bytes.writeUInt8((bytes.readUInt8(bytes.length - 50) ^ 0xff), bytes.length - 50);
  writeFileSync(file, bytes);
  try {
    assert.is(await refused(installRelease(ctx, offer('0.2.0'))), 'LOUPE_E_UPDATE_TAMPERED');
  } finally {
    writeFileSync(file, original);
  }
  untouched(ctx, '0.2.0');
});

install('should refuse a download that ends early and switch nothing :: the offer says 10 bytes more', async () => {
  const ctx = await till();
  const short = { ...offer('0.2.0'), size: statSync(bundle).size + 10 };
  assert.is(await refused(installRelease(ctx, short)), 'LOUPE_E_UPDATE_TRUNCATED');
  untouched(ctx, '0.2.0');
});

install('should refuse a bundle signed with another key and switch nothing :: LOUPE_E_UPDATE_SIGNATURE_INVALID', async () => {
  const ctx = await till();
  assert.is(await refused(installRelease({ ...ctx, publicPem: releaseKeys().publicPem }, offer('0.2.0'))), 'LOUPE_E_UPDATE_SIGNATURE_INVALID');
  untouched(ctx, '0.2.0');
});

install('should refuse a release not above the installed one :: till at release 5', async () => {
  const ctx = await till();
  assert.is(await refused(installRelease({ ...ctx, installed: { ...ctx.installed, release: 5 } }, offer('0.2.0'))), 'LOUPE_E_UPDATE_DOWNGRADE');
  untouched(ctx, '0.2.0');
});

install('should refuse when the disk has less than twice the bundle plus the floor free :: a 4 MiB tmpfs for a 2.8 MB bundle', async () => {
  const mount = tempDir('tmpfs');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]);
  try {
    const ctx = await till(await releasesRoot(keys, '0.1.0', 1));
    const small = { ...ctx, root: mount, floorBytes: 0 };
    assert.is(await refused(installRelease(small, offer('0.2.0'))), 'LOUPE_E_UPDATE_NO_SPACE');
    assert.equal(readdirSync(join(mount, 'releases')), []);
    assert.is(readState(ctx.dataDir).candidate, null);
  } finally {
    execFileSync('umount', [mount]);
    rmSync(mount, { recursive: true, force: true });
  }
});

install('should list uploaded releases and refuse an upload signed with another key :: HQ shelf', async () => {
  const stranger = await releaseBundle(tree, releaseKeys(), { version: '0.3.0', release: 3 });
  const answer = await shelf.upload(stranger, '0.3.0');
  assert.is(answer.status, 422);
  assert.is(answer.body.error?.code, 'LOUPE_E_UPDATE_SIGNATURE_INVALID');
  const list = (await shelf.app.inject({ method: 'GET', url: '/releases' })).json() as { releases: { version: string; release: number }[] };
  assert.equal(list.releases.map((entry) => [entry.version, entry.release]), [['0.2.0', 2]]);
  const upload = await shelf.app.inject({ method: 'PUT', url: '/releases/0.3.0', headers: { 'content-type': 'application/octet-stream' }, payload: readFileSync(bundle) });
  assert.is(upload.statusCode, 403);
});

install('should answer a Range past the end with 416 and a middle range with 206 :: HQ shelf', async () => {
  const size = statSync(bundle).size;
  const past = await shelf.app.inject({ method: 'GET', url: '/releases/0.2.0/bundle', headers: { range: `bytes=${size}-` } });
  assert.is(past.statusCode, 416);
  const middle = await shelf.app.inject({ method: 'GET', url: '/releases/0.2.0/bundle', headers: { range: 'bytes=8-15' } });
  assert.is(middle.statusCode, 206);
  assert.is(middle.headers['content-range'], `bytes 8-15/${size}`);
  assert.equal(middle.rawPayload, readFileSync(bundle).subarray(8, 16));
});

install.run();
