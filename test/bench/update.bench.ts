/**
 * Update figures, on real processes and a releases root laid out like /opt/loupe:
 * - update.apply_s: a bundle on HQ's shelf → downloaded over HTTPS, verified, unpacked, ledger
 *   backed up, switched, and the supervisor (as systemd restarts it) serving the new release's /healthz.
 * - update.rollback_s: a release that crashes on start switched in → three starts counted, the
 *   ledger checked, `current` back, the old release serving /healthz again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installRelease, type InstallContext } from '../../firmware/src/release/install.ts';
import { startTestAppliance } from '../helpers/appliance.ts';
import { startShelf } from '../helpers/release-shelf.ts';
import { releaseBundle, releaseKeys, releasesRoot, releaseTree, removeTempDirs, tempDir, tillAt010 } from '../helpers/release-tree.ts';
import { servedVersion, startSupervisor, waitFor } from '../helpers/supervisor-process.ts';
import { round, type Benchmark } from './harness.ts';

async function timeToServe(version: string, root: string, dataDir: string, start: number): Promise<number> {
  const supervisor = startSupervisor(root, dataDir, ['--probation-s', '120', '--attempts', '3']);
  try {
    await waitFor(`${version} serving`, supervisor, async () => ((await servedVersion(supervisor.lastUrl())) === version ? true : undefined), 120_000);
    return (performance.now() - start) / 1000;
  } finally {
    await supervisor.kill();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'update',
    async run() {
      const keys = releaseKeys();
      const shelf = await startShelf(keys.publicPem);
      try {
        const ledgerDir = tempDir('ledger');
        await (await startTestAppliance({ dataDir: ledgerDir })).stop();
        const till = async (): Promise<InstallContext> => {
          const dataDir = tempDir('data');
          writeFileSync(join(dataDir, 'ledger.sqlite'), readFileSync(join(ledgerDir, 'ledger.sqlite')));
          return tillAt010(await releasesRoot(keys, '0.1.0', 1), dataDir, keys.publicPem, shelf.ca);
        };
        const offer = async (version: string, release: number, entry?: string) => {
          const bundle = await releaseBundle(await releaseTree(entry === undefined ? {} : { entry }), keys, { version, release });
          const { size } = (await shelf.upload(bundle, version)).body;
          return { version, size, url: `${shelf.url}/releases/${version}/bundle` };
        };
        const good = await offer('0.2.0', 2);
        const apply = await till();
        const applyStart = performance.now();
        await installRelease(apply, good);
        const applyS = await timeToServe('0.2.0', apply.root, apply.dataDir, applyStart);

        const bad = await offer('0.3.0', 3, 'process.exit(1);\n');
        const rollback = await till();
        await installRelease(rollback, bad);
        const rollbackS = await timeToServe('0.1.0', rollback.root, rollback.dataDir, performance.now());
        return [
          { name: 'update.apply_s', value: round(applyS, 2), unit: 's', bundleBytes: good.size, limit: 30 },
          { name: 'update.rollback_s', value: round(rollbackS, 2), unit: 's', failure: 'exits 1 on start, 3 starts', limit: 60 },
        ];
      } finally {
        await shelf.close();
        removeTempDirs();
      }
    },
  },
];
