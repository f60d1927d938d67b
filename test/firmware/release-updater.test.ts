import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { linked } from '../../firmware/src/release/layout.ts';
import { writeState } from '../../firmware/src/release/state.ts';
import { ReleaseUpdater } from '../../firmware/src/release/updater.ts';
import { DesiredDocuments } from '../../runtime/src/link/desired-documents.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.ts';
import { startShelf, type TestShelf } from '../helpers/release-shelf.ts';
import { releaseBundle, releaseKeys, releasesRoot, releaseTree, removeTempDirs } from '../helpers/release-tree.ts';

const updater = suite('release updater: HQ offers, the till installs at a quiet moment');
const keys = releaseKeys();
let shelf: TestShelf;
let size = 0;
let t: TestAppliance;

async function offered(): Promise<{ root: string; make: (quiet: () => boolean) => { updater: ReleaseUpdater; restarts: number[] } }> {
  const root = await releasesRoot(keys, '0.1.0', 1);
  const body = { version: '0.2.0', release: 2, url: `${shelf.url}/releases/0.2.0/bundle`, size, sha256: 'b'.repeat(64), ring: 'canary' };
  const hq = new DesiredDocuments({ ledger: t.appliance.ledger, logger: createLogger('error'), now: t.clock.now });
  hq.handle('release', Buffer.from(JSON.stringify({ v: 1, doc: 'release', version: 1, issuedAt: '2026-12-03T09:00:00Z', body })));
  return {
    root,
    make(quiet) {
      const restarts: number[] = [];
      const made = new ReleaseUpdater({
        root, dataDir: t.dataDir, publicPem: keys.publicPem, ca: shelf.ca, floorBytes: 0, ledger: t.appliance.ledger, logger: createLogger('silent'),
        installed: { version: '0.1.0', release: 1, arch: process.arch, now: new Date() }, before: () => ({ devicesOk: [], hqOnline: false }), now: () => new Date(),
        quiet, restart: () => restarts.push(Date.now()),
      });
      return { updater: made, restarts };
    },
  };
}

updater.before(async () => {
  shelf = await startShelf(keys.publicPem);
  size = (await shelf.upload(await releaseBundle(await releaseTree(), keys, { version: '0.2.0', release: 2 }), '0.2.0')).body.size;
});
updater.before.each(async () => {
  t = await startTestAppliance();
});
updater.after.each(async () => t.stop());
updater.after(async () => {
  await shelf.close();
  removeTempDirs();
});

updater('should wait for a quiet counter, then switch and ask for the restart :: cart open for the first 1.5 s', async () => {
  const { root, make } = await offered();
  let quiet = false;
  const { updater: u, restarts } = make(() => quiet);
  const check = u.check();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  assert.equal([linked(root, 'current'), restarts.length], ['0.1.0', 0], 'nothing switched mid-sale');
  quiet = true;
  await check;
  assert.equal([linked(root, 'current'), restarts.length], ['0.2.0', 1]);
});

updater('should install at once on a manager\'s "now", with a cart open :: installNow', async () => {
  const { root, make } = await offered();
  const { updater: u, restarts } = make(() => false);
  u.installNow();
  await u.check();
  assert.equal([linked(root, 'current'), restarts.length], ['0.2.0', 1]);
});

updater('should not try again a release the supervisor rolled back :: 0.2.0 rolled back', async () => {
  const { root, make } = await offered();
  writeState(t.dataDir, {
    good: { version: '0.1.0', release: 1 }, candidate: null,
    last: { outcome: 'rolled_back', version: '0.2.0', release: 2, at: new Date().toISOString(), reason: 'crashed', ledgerRestored: false, reported: false },
  });
  const { updater: u, restarts } = make(() => true);
  assert.is(u.offer(), null);
  await u.check();
  assert.equal([linked(root, 'current'), restarts.length], ['0.1.0', 0]);
});

updater.run();
