/**
 * Sweep figures:
 * - sweep.reconcile_ms: 200,000 reads of 5,000 distinct EPCs against a 20,000-piece catalog, from
 *   the last read to the recorded result (reconciliation + its ledger write), median of 5 sweeps.
 * - sweep.loop_lag_p99_ms: event-loop lag while the simulated handheld streams 1,000 reads/s over
 *   its pty for 10 s into an open sweep, with a screen subscribed to /api/v1/live (in this process,
 *   as are the simulators: the figure is pessimistic).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { decodePieceTag, type SimulatedDeviceSet } from '../../drivers/index.ts';
import type { Actor } from '../../runtime/src/domain/actor.ts';
import { createUlidFactory } from '../../runtime/src/domain/ulid.ts';
import { EventBus } from '../../runtime/src/event-bus.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { Sweeps } from '../../runtime/src/modules/stock/sweeps.ts';
import { Ledger } from '../../runtime/src/store/ledger.ts';
import { bearer, startTestAppliance } from '../helpers/appliance.ts';
import { CHAIN_PREFIX, FOREIGN_TAGS, stockTheCases } from '../helpers/stock.ts';
import { quantile, round, type Benchmark, type Figure } from './harness.ts';

const CLERK: Actor = { staff: { staffId: 'S1', name: 'Sam Okafor', role: 'associate' }, approver: null };

export const benchmarks: Benchmark[] = [
  {
    name: 'sweep.reconcile',
    async run(): Promise<Figure[]> {
      const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-sweep-'));
      const newId = createUlidFactory({ now: () => Date.now(), randomBytes: (size) => crypto.getRandomValues(new Uint8Array(size)) });
      const ledger = Ledger.open({ path: join(dir, 'ledger.sqlite'), identity: { deviceId: 'pos-bench01', storeId: '0042', bootId: 'bench', clockSynced: () => true }, now: () => new Date(), newId });
      const bus = new EventBus(createLogger('error'));
      const sweeps = new Sweeps({ ledger, bus, now: () => new Date(), newId, readers: () => ['rfid-handheld'], isChainTag: (epc) => decodePieceTag(epc, [CHAIN_PREFIX]) !== null });
      try {
        await sweeps.start();
        const pieces = stockTheCases(ledger, 20_000, { now: () => new Date(Date.now() - 60_000) });
        const distinct = [...pieces.slice(0, 5_000 - FOREIGN_TAGS.length).map((piece) => piece.epc), ...FOREIGN_TAGS];
        const times: number[] = [];
        let missing = 0;
        for (let run = 0; run < 5; run += 1) {
          const sweep = sweeps.begin({ scope: null, readers: ['rfid-handheld'] }, CLERK);
          for (let n = 0; n < 200_000; n += 1) bus.emit('tagRead', { reader: 'rfid-handheld', epc: distinct[(n * 7_919) % distinct.length] as string, rssi: -40 - (n % 30) });
          const start = performance.now();
          const { result } = sweeps.finish(sweep.id, CLERK);
          times.push(performance.now() - start);
          missing = result.missing.length;
        }
        return [{ name: 'sweep.reconcile_ms', value: round(quantile(times, 0.5)), unit: 'ms', max: round(Math.max(...times)), reads: 200_000, distinctEpcs: 5_000, catalog: 20_000, missing, sweeps: times.length }];
      } finally {
        await sweeps.stop();
        ledger.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'sweep.loop_lag',
    async run(): Promise<Figure[]> {
      const t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
      try {
        const counter = t.appliance.simulators.counter as SimulatedDeviceSet;
        const pieces = stockTheCases(t.appliance.ledger, 2_000);
        const token = await t.login('101', '3917');
        const socket = new WebSocket(`${t.url.replace('http', 'ws')}/api/v1/live`);
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
        let messages = 0;
        const welcomed = new Promise((resolve) => socket.once('message', resolve));
        socket.on('message', () => (messages += 1));
        socket.send(JSON.stringify({ type: 'hello', token }));
        await welcomed;
        const sweep = (await t.api.inject({ method: 'POST', url: '/api/v1/stock/sweeps', headers: bearer(token), payload: {} })).json();
        // 100 tags in the field, a trigger pull every 100 ms: 1,000 reads/s.
        counter.handheld.putTags(pieces.slice(0, 100).map((piece) => ({ epc: piece.epc, rssi: -50 })));
        const lag = monitorEventLoopDelay({ resolution: 1 });
        lag.enable();
        const seconds = 10;
        for (let pull = 0; pull < seconds * 10; pull += 1) {
          counter.handheld.pullTrigger();
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        lag.disable();
        const view = (await t.api.inject({ url: `/api/v1/stock/sweeps/${sweep.id}`, headers: bearer(token) })).json();
        socket.close();
        return [{ name: 'sweep.loop_lag_p99_ms', value: round(lag.percentile(99) / 1e6), unit: 'ms', max: round(lag.max / 1e6), readsTaken: view.progress.reads, seconds, liveMessages: messages }];
      } finally {
        await t.stop();
      }
    },
  },
];
