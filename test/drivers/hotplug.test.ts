import { rmSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeHotplug } from '../../drivers/hotplug/fake-binding.ts';
import { usbHotplug } from '../../drivers/hotplug/usb-binding.ts';
import { HotplugWatcher } from '../../drivers/hotplug/watcher.ts';
import { andDialect } from '../../drivers/scale/and/dialect.ts';
import { SerialScale } from '../../drivers/scale/scale.ts';
import { ScaleSimulator } from '../../drivers/scale/simulator.ts';
import { serialOpener } from '../../drivers/serial/openers.ts';
import { waitFor } from './helpers/eventually.ts';
import { trackUnhandled } from './helpers/unhandled.ts';

/** The A&D balance's FTDI cable, as hotplug reports it (Linux `ftdi_sio_ids.h`). */
const FTDI_FT232R = { vendorId: '0403', productId: '6001' };
/** A wireless mouse receiver: not in the discovery table. */
const LOGITECH_RECEIVER = { vendorId: '046d', productId: 'c52b' };
/** The supervisor's next retry is this far away: only a hotplug event can bring the scale up in time. */
const SLOW_RETRY_MS = 30_000;

interface Context {
  sim: ScaleSimulator;
  hotplug: FakeHotplug;
  watcher: HotplugWatcher;
  scale: SerialScale;
}

const hotplug = suite<Context>('USB hotplug over a pty :: an A&D balance on an FTDI cable');

hotplug.before.each(async (context) => {
  context.sim = new ScaleSimulator({ protocol: 'and', unit: 'ct', settleMs: 50 });
  context.hotplug = new FakeHotplug();
  context.watcher = new HotplugWatcher();
  await context.watcher.use(context.hotplug);
  context.scale = new SerialScale({
    device: 'scale',
    opener: context.watcher.watch('scale', serialOpener(context.sim.devicePath, { baudRate: 2400 })),
    dialect: andDialect(),
    pollMs: 50,
    commandTimeoutMs: 300,
    backoffMs: [SLOW_RETRY_MS],
  });
});

hotplug.after.each(async ({ scale, watcher, sim }) => {
  await scale.stop();
  await watcher.close();
  await sim.stop();
});

hotplug('should bring the scale up on attach well before its next retry :: plugged in 0.3 s after a failed first try, retry due at 30 s', async ({ sim, hotplug: usb, scale }) => {
  await scale.start();
  assert.is(scale.health.state, 'reconnecting');
  await sim.start();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.is(scale.health.state, 'reconnecting', 'no retry before the attach');
  usb.attach(FTDI_FT232R);
  await waitFor('the scale connected after the attach', () => scale.health.state === 'connected', 1000);
});

hotplug('should ignore a USB device that is not in the table :: a mouse receiver plugged in', async ({ sim, hotplug: usb, scale }) => {
  await scale.start();
  await sim.start();
  usb.attach(LOGITECH_RECEIVER);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.is(scale.health.state, 'reconnecting');
});

hotplug('should mark the scale unplugged at once on detach :: by-id link gone, the port itself still open', async ({ sim, hotplug: usb, scale }) => {
  await sim.start();
  await scale.start();
  assert.is(scale.health.state, 'connected');
  rmSync(sim.devicePath); // what udev does before libusb reports the detach
  usb.detach(FTDI_FT232R);
  const health = scale.health;
  assert.is(health.state, 'unplugged');
  assert.is(health.lastError?.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.match(health.lastError?.message ?? '', /unplugged/);
});

hotplug('should keep the scale connected on the detach of another device of its kind :: its own link still there', async ({ sim, hotplug: usb, scale }) => {
  await sim.start();
  await scale.start();
  usb.detach(FTDI_FT232R);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.is(scale.health.state, 'connected');
});

hotplug('should wait for the attach after an unplug, not poll :: replugged, still unplugged 1.2 s later, connected within 1 s of the attach', async ({ sim, hotplug: usb, scale }) => {
  await sim.start();
  await scale.start();
  rmSync(sim.devicePath);
  usb.detach(FTDI_FT232R);
  await sim.unplug();
  await sim.plug();
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.is(scale.health.state, 'unplugged');
  usb.attach(FTDI_FT232R);
  await waitFor('the scale connected after the attach', () => scale.health.state === 'connected', 1000);
});

hotplug('should stop listening when the watcher closes :: binding closed, later attach changes nothing', async ({ sim, hotplug: usb, watcher, scale }) => {
  await scale.start();
  await sim.start();
  await watcher.close();
  assert.ok(usb.closed);
  usb.attach(FTDI_FT232R);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.is(scale.health.state, 'reconnecting');
});

hotplug.run();

const usbPackage = suite('The usb package binding on this machine');

usbPackage('should listen or reject, never leave an unhandled rejection :: with or without /sys/bus/usb', async () => {
  const unhandled = trackUnhandled();
  try {
    const binding = await usbHotplug().catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (!(binding instanceof Error)) await binding.close();
    assert.equal(unhandled.errors, []);
  } finally {
    unhandled.stop();
  }
});

usbPackage.run();
