import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { linked } from '../../firmware/src/release/layout.ts';
import { isLink, type Manifest } from '../../firmware/src/release/manifest.ts';
import { readState } from '../../firmware/src/release/state.ts';
import { startTestAppliance } from '../helpers/appliance.ts';
import { LOUPE_BIN } from '../helpers/loupe-process.ts';
import { startShelf, type TestShelf } from '../helpers/release-shelf.ts';
import { releaseBundle, releaseKeys, releasesRoot, releaseTree, removeTempDirs, tempDir } from '../helpers/release-tree.ts';
import { servedVersion, startSupervisor, waitFor } from '../helpers/supervisor-process.ts';

const kill = suite('release install under SIGKILL');
const keys = releaseKeys();
const CHILD = fileURLToPath(new URL('../fixtures/release/install-child.ts', import.meta.url));
let shelf: TestShelf;
let ledgerDir = '';
let size = 0;

async function freshTill(): Promise<{ root: string; dataDir: string }> {
  const dataDir = tempDir('data');
  writeFileSync(join(dataDir, 'ledger.sqlite'), readFileSync(join(ledgerDir, 'ledger.sqlite')));
  return { root: await releasesRoot(keys, '0.1.0', 1), dataDir };
}

/** Runs the install in a child; SIGKILLs it after `afterMs` (or lets it finish). Resolves with how long it ran. */
function install(till: { root: string; dataDir: string }, afterMs?: number): Promise<{ ms: number; finished: boolean }> {
  const env = { ...process.env, LOUPE_TEST_INSTALL: JSON.stringify({ ...till, publicPem: keys.publicPem, ca: shelf.ca, url: `${shelf.url}/releases/0.2.0/bundle`, size, version: '0.2.0' }) };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const timer = afterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), afterMs);
  return new Promise((resolve) => {
    child.once('exit', () => {
      clearTimeout(timer);
      const done = /"installedInMs":(\d+)/.exec(out);
      resolve({ ms: done ? Number(done[1]) : Number.NaN, finished: done !== null });
    });
  });
}

/** The release `current` points at is whole: every file of its manifest, byte for byte. */
function currentIsWhole(root: string): string {
  const version = linked(root, 'current') as string;
  const manifest = JSON.parse(readFileSync(join(root, 'current/manifest.json'), 'utf8')) as Manifest;
  for (const entry of manifest.files) {
    if (isLink(entry)) continue;
    const digest = createHash('sha256').update(readFileSync(join(root, 'current', entry.path))).digest('hex');
    assert.is(digest, entry.sha256, `${version}/${entry.path}`);
  }
  return version;
}

function auditOk(dataDir: string): void {
  const audit = spawnSync(process.execPath, [LOUPE_BIN, 'audit', 'verify', '--data', dataDir], { encoding: 'utf8' });
  assert.is(audit.status, 0, audit.stdout + audit.stderr);
}

kill.before(async () => {
  shelf = await startShelf(keys.publicPem);
  const bundle = await releaseBundle(await releaseTree(), keys, { version: '0.2.0', release: 2 });
  size = (await shelf.upload(bundle, '0.2.0')).body.size;
  ledgerDir = tempDir('ledger');
  await (await startTestAppliance({ dataDir: ledgerDir })).stop();
});
kill.after(async () => {
  await shelf.close();
  removeTempDirs();
});

kill('should always leave current on a whole release and come back serving it :: SIGKILL at 5 points of download, verify, unpack, switch', async () => {
  const whole = await install(await freshTill());
  assert.ok(whole.finished, 'an uninterrupted install finishes');
  // The child's own start-up (tsx) comes before the install; the kills spread over both.
  const startup = 700;
  const outcomes: string[] = [];
  for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9]) {
    const till = await freshTill();
    const run = await install(till, startup + Math.round(whole.ms * fraction));
    const version = currentIsWhole(till.root);
    const state = readState(till.dataDir);
    // A candidate is recorded before the switch, never after: current on 0.2.0 implies a candidate 0.2.0.
    if (version === '0.2.0') assert.is(state.candidate?.version, '0.2.0');
    const supervisor = startSupervisor(till.root, till.dataDir, ['--probation-s', '60']);
    try {
      const served = await waitFor('a release serving', supervisor, () => servedVersion(supervisor.lastUrl()), 20_000);
      outcomes.push(`${fraction}:${run.finished ? 'done' : 'killed'}:${served}`);
    } finally {
      await supervisor.kill();
    }
    auditOk(till.dataDir);
  }
  assert.is(outcomes.length, 5, outcomes.join(' '));
});

kill('should carry on the probation after the supervisor is killed during it, and commit :: SIGKILL while 0.2.0 starts', async () => {
  const till = await freshTill();
  assert.ok((await install(till)).finished);
  const first = startSupervisor(till.root, till.dataDir, ['--probation-s', '60']);
  await waitFor('the first probation start', first, () => (readState(till.dataDir).candidate?.attempts === 1 ? true : undefined));
  await first.kill();
  assert.equal([linked(till.root, 'current'), readState(till.dataDir).candidate?.version], ['0.2.0', '0.2.0']);
  const second = startSupervisor(till.root, till.dataDir, ['--probation-s', '60']);
  try {
    await waitFor('the commit', second, () => (readState(till.dataDir).last?.outcome === 'committed' ? true : undefined));
    assert.is(await servedVersion(second.lastUrl()), '0.2.0');
  } finally {
    await second.kill();
  }
  auditOk(till.dataDir);
});

kill.run();
