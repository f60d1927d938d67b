import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeviceError } from '../../../drivers/errors.ts';
import type { DeviceHealth } from '../../../drivers/health.ts';
import { PortSupervisor } from '../../../drivers/serial/supervisor.ts';
import { rejectionOf } from '../helpers/eventually.ts';
import { flush, ManualClock } from '../helpers/manual-clock.ts';
import { MemoryOpener } from '../helpers/memory-port.ts';

interface Rig {
  clock: ManualClock;
  opener: MemoryOpener;
  supervisor: PortSupervisor;
  health: DeviceHealth[];
}

function rig(options: Partial<ConstructorParameters<typeof PortSupervisor>[0]> = {}): Rig {
  const clock = new ManualClock();
  const opener = new MemoryOpener();
  const supervisor = new PortSupervisor({ device: 'scale', opener, clock, backoffMs: [250, 500, 1000, 2000], failAfterAttempts: 4, ...options });
  const health: DeviceHealth[] = [];
  supervisor.on('health', (h) => health.push(h));
  return { clock, opener, supervisor, health };
}

/** Moves the clock to each pending retry, letting the async open run. */
async function step(r: Rig, ms: number): Promise<void> {
  r.clock.advance(ms);
  await flush();
}

const supervisor = suite('PortSupervisor');

supervisor('should back off 250, 500, 1000 ms and then say failed :: 4 refused opens', async () => {
  const r = rig();
  r.opener.failOpens = 5;
  await r.supervisor.start();
  assert.is(r.opener.opens, 1);
  await step(r, 249);
  assert.is(r.opener.opens, 1);
  await step(r, 1);
  assert.is(r.opener.opens, 2);
  await step(r, 500);
  assert.is(r.opener.opens, 3);
  await step(r, 1000);
  assert.is(r.opener.opens, 4);
  assert.equal(r.health.map((h) => h.state), ['reconnecting', 'reconnecting', 'reconnecting', 'failed']);
  assert.is(r.supervisor.health.lastError?.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.match(r.supervisor.health.lastError?.message ?? '', 'ENOENT');
  await step(r, 2000);
  await step(r, 2000);
  assert.is(r.supervisor.health.state, 'connected');
  await r.supervisor.stop();
});

supervisor('should report an unplug and reconnect after 250 ms :: disconnected event, pending write refused', async () => {
  const r = rig();
  await r.supervisor.start();
  const lost: DeviceError[] = [];
  r.supervisor.on('disconnected', (error) => lost.push(error));
  r.opener.drop();
  assert.is(lost.length, 1);
  assert.is(lost[0]?.disconnected, true);
  assert.is(r.supervisor.health.state, 'reconnecting');
  const { error } = await rejectionOf(r.supervisor.write(Buffer.from('SI\r\n'), 'SI'));
  assert.is(error.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.is(error.details.sent, 0);
  await step(r, 250);
  assert.is(r.supervisor.health.state, 'connected');
  await r.supervisor.write(Buffer.from('SI\r\n'), 'SI');
  assert.is(r.opener.writtenText(), 'SI\r\n');
  await r.supervisor.stop();
});

supervisor('should time out a write that never completes and reopen the link :: 2000 ms, a vanished port', async () => {
  const r = rig();
  await r.supervisor.start();
  r.opener.hangWrites = true;
  const pending = rejectionOf(r.supervisor.write(Buffer.from('.iv\r\n'), '.iv'));
  await step(r, 2000);
  const { error } = await pending;
  assert.is(error.code, 'LOUPE_E_DEVICE_TIMEOUT');
  assert.match(error.message, `cmd=.iv port=${r.opener.address}`);
  assert.is(r.supervisor.health.state, 'reconnecting');
  r.opener.hangWrites = false;
  await step(r, 250);
  assert.is(r.supervisor.health.state, 'connected');
  assert.is(r.opener.opens, 2);
  await r.supervisor.stop();
});

supervisor('should probe a silent device and reopen when the probe times out :: 5 s idle', async () => {
  let probes = 0;
  const r = rig({
    watchdog: {
      idleMs: 5000,
      probe: async () => {
        probes += 1;
        throw new DeviceError('LOUPE_E_DEVICE_TIMEOUT', { reason: 'no answer' });
      },
    },
  });
  await r.supervisor.start();
  await step(r, 4000);
  r.opener.send('S S 1.000 g\r\n'); // data re-arms the watchdog
  await step(r, 4000);
  assert.is(probes, 0);
  await step(r, 1000);
  assert.is(probes, 1);
  assert.is(r.supervisor.health.state, 'reconnecting');
  assert.match(r.supervisor.health.lastError?.message ?? '', 'silent for 5000ms');
  await r.supervisor.stop();
});

supervisor('should keep the link when the probe answers :: probe resolves', async () => {
  const r = rig({ watchdog: { idleMs: 1000, probe: async () => 'ok' } });
  await r.supervisor.start();
  await step(r, 3500);
  assert.is(r.supervisor.health.state, 'connected');
  assert.is(r.opener.opens, 1);
  await r.supervisor.stop();
});

supervisor('should tell a deliberate stop from an unplug :: no reconnect, no health change', async () => {
  const r = rig();
  await r.supervisor.start();
  const before = r.health.length;
  await r.supervisor.stop();
  await step(r, 10_000);
  assert.is(r.opener.opens, 1);
  assert.is(r.health.length, before);
});

supervisor('should say failed at once for a permission error :: EACCES on /dev/ttyACM0', async () => {
  const clock = new ManualClock();
  const s = new PortSupervisor({
    device: 'scanner',
    clock,
    opener: { address: '/dev/ttyACM0', open: async () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) },
  });
  await s.start();
  assert.is(s.health.state, 'failed');
  assert.is(s.health.lastError?.code, 'LOUPE_E_DEVICE_PERMISSION');
  await s.stop();
});

supervisor('should fail the request in flight on a served waitress when the link drops, and when it stops', async () => {
  const r = rig();
  await r.supervisor.start();
  const waitress = r.supervisor.serve<string>();
  const never = () => ({ kind: 'ignore' as const });
  const dropped = rejectionOf(waitress.request({ command: 'SI', timeoutMs: 60_000, send: async () => {}, accept: never }));
  await flush();
  r.opener.drop();
  const lost = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the request in flight did not fail on unplug')), 1_000));
  assert.is((await Promise.race([dropped, lost])).error.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  await step(r, 250); // reconnected
  const stopped = rejectionOf(waitress.request({ command: 'SI', timeoutMs: 60_000, send: async () => {}, accept: never }));
  await flush();
  await r.supervisor.stop();
  // Real time bounds the wait: the request's own timeout runs on the manual clock and would never fire.
  const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the request in flight did not fail on stop')), 1_000));
  const { error } = await Promise.race([stopped, late]);
  assert.equal([error.code, error.details.port], ['LOUPE_E_DEVICE_STOPPED', '/dev/serial/by-id/usb-Memory_Test-if00']);
});

supervisor.run();
