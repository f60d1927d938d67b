/**
 * provision.enroll_s: from the moment a person at HQ enters a till's printed pairing code (the
 * approve request) until that till is online on the broker with its new certificate (mutual TLS,
 * the sample broker config with crlfile). The till polls HQ every 2 s (provisioning.pollMs's
 * default), so the figure is about one poll interval plus the TLS connect. Worst of 3 tills.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validated } from '../../runtime/src/config/settings.ts';
import { DeviceRig, quickSettings } from '../helpers/link-rig.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { EnrollRig } from '../provisioning/enroll-rig.ts';
import { round, type Benchmark } from './harness.ts';

const TILLS = 3;
const POLL_MS = validated({}).provisioning.pollMs;

async function enrollOne(rig: EnrollRig, deviceId: string): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-till-'));
  const printed = rig.printedCodes().length;
  const enrollment = rig.enrollment(dataDir, deviceId, POLL_MS);
  const running = enrollment.run();
  try {
    while (rig.printedCodes().length === printed) await new Promise((resolve) => setTimeout(resolve, 10));
    const code = rig.printedCodes().at(-1) as string;
    const startedAt = performance.now();
    const approved = await rig.approve({ code, storeId: '0042' });
    if (approved.statusCode !== 200) throw new Error(`approve answered ${approved.statusCode}: ${approved.body}`);
    const link = await running;
    if (!link) throw new Error('enrollment stopped');
    const device = new DeviceRig({ deviceId: link.deviceId, settings: quickSettings(link.brokerUrl, { tls: link.tls }) });
    try {
      await device.link.start();
      while (device.link.status().state !== 'online') await new Promise((resolve) => setTimeout(resolve, 5));
      return (performance.now() - startedAt) / 1000;
    } finally {
      await device.close();
    }
  } finally {
    enrollment.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'provision',
    async run() {
      const cluster = await PostgresCluster.start();
      const rig = await EnrollRig.start(cluster);
      try {
        const seconds: number[] = [];
        for (let i = 0; i < TILLS; i += 1) seconds.push(await enrollOne(rig, `pos-bench${i}a`));
        return [{ name: 'provision.enroll_s', value: round(Math.max(...seconds), 2), unit: 's', tills: TILLS, each: seconds.map((s) => round(s, 2)), pollMs: POLL_MS }];
      } finally {
        await rig.stop();
        await cluster.stop();
      }
    },
  },
];
