/**
 * RFID ingest figures, through the driver that ships:
 *
 * - `rfid.ingest.reads_per_s`: TSL `EP:` groups per second from bytes to the de-duplicated sweep,
 *   through `TslHandheld` (parser, Gen2 CRC check, events, sweep) on an in-memory link: 200,000
 *   reads of 2,000 tags in 100-tag inventory blocks with RSSI, PC and CRC, fed in 4 KiB chunks.
 * - `rfid.ingest.loop_lag_p99_ms`: event-loop delay p99 while a simulated handheld on a real pty
 *   (socat) delivers 1,000 reads/s (a 20-tag trigger inventory every 20 ms) for 5 s, the simulator
 *   in the same process.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { gen2Crc16 } from '../../drivers/rfid/gen2-crc.ts';
import { TslResponse } from '../../drivers/rfid/tsl/frame.ts';
import { TslHandheld } from '../../drivers/rfid/tsl/handheld.ts';
import { TslHandheldSimulator } from '../../drivers/rfid/tsl/simulator.ts';
import { serialOpener } from '../../drivers/serial/openers.ts';
import { MemoryOpener } from '../drivers/helpers/memory-port.ts';
import { round, type Benchmark, type Figure } from './harness.ts';

const TAGS = 2000;
const READS = 200_000;
const TAGS_PER_BLOCK = 100;

function epcFor(index: number): string {
  return `3034257BF40C0E40${index.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The reader's bytes for READS reads, as one buffer. */
function inventoryStream(): Buffer {
  const blocks: Buffer[] = [];
  for (let read = 0; read < READS; read += TAGS_PER_BLOCK) {
    const lines = [];
    for (let i = 0; i < TAGS_PER_BLOCK; i += 1) {
      const epc = epcFor((read + i) % TAGS);
      lines.push({ header: 'EP', value: epc }, { header: 'PC', value: '3000' });
      lines.push({ header: 'CR', value: gen2Crc16(Buffer.from(`3000${epc}`, 'hex')).toString(16).toUpperCase().padStart(4, '0') });
      lines.push({ header: 'RI', value: String(-40 - (i % 30)) });
    }
    blocks.push(new TslResponse('.iv', lines, null).toBuffer());
  }
  return Buffer.concat(blocks);
}

const readsPerSecond: Benchmark = {
  name: 'rfid.ingest.reads_per_s',
  async run(): Promise<Figure[]> {
    const stream = inventoryStream();
    const opener = new MemoryOpener();
    const reader = new TslHandheld({ device: 'rfid-handheld', opener, idleProbeMs: 600_000 });
    await reader.start();
    const sweep = reader.beginSweep();
    const started = process.hrtime.bigint();
    for (let at = 0; at < stream.length; at += 4096) opener.send(stream.subarray(at, at + 4096));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await reader.stop();
    if (sweep.reads !== READS || sweep.size !== TAGS) throw new Error(`sweep took ${sweep.reads} reads of ${sweep.size} tags`);
    return [{ name: 'rfid.ingest.reads_per_s', value: Math.round(READS / seconds), unit: 'reads/s', reads: READS, tags: TAGS, bytes: stream.length, seconds: round(seconds) }];
  },
};

const loopLag: Benchmark = {
  name: 'rfid.ingest.loop_lag_p99_ms',
  async run(): Promise<Figure[]> {
    const sim = new TslHandheldSimulator();
    await sim.start();
    const reader = new TslHandheld({ device: 'rfid-handheld', opener: serialOpener(sim.devicePath, { baudRate: 115_200 }) });
    await reader.start();
    sim.putTags(Array.from({ length: 20 }, (_, i) => ({ epc: epcFor(i), rssi: -45 - i })));
    const sweep = reader.beginSweep();
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const trigger = setInterval(() => sim.pullTrigger(), 20);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    clearInterval(trigger);
    histogram.disable();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const reads = sweep.reads;
    await reader.stop();
    await sim.stop();
    if (reads < 4000) throw new Error(`only ${reads} reads arrived in 5 s`);
    return [
      {
        name: 'rfid.ingest.loop_lag_p99_ms',
        value: round(histogram.percentile(99) / 1e6),
        unit: 'ms',
        readsPerSecond: Math.round(reads / 5),
        maxMs: round(histogram.max / 1e6),
        meanMs: round(histogram.mean / 1e6),
      },
    ];
  },
};

export const benchmarks: Benchmark[] = [readsPerSecond, loopLag];
