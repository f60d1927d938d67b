import { rmSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeHotplug } from '../../drivers/hotplug/fake-binding.ts';
import { ScaleSimulator } from '../../drivers/scale/simulator.ts';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.ts';
import { waitFor } from './helpers/eventually.ts';

/** The A&D balance's FTDI cable, as hotplug reports it. */
const FTDI_FT232R = { vendorId: '0403', productId: '6001' };

interface Context {
  sim: ScaleSimulator;
  usb: FakeHotplug;
  t: TestAppliance;
}

const healthz = suite<Context>('USB hotplug in the appliance :: GET /healthz with a scale on a pty');

async function scaleState(t: TestAppliance): Promise<string | undefined> {
  const reply = await t.api.inject({ method: 'GET', url: '/healthz' });
  assert.is(reply.statusCode, 200);
  const body = reply.json() as { devices: { name: string; state: string }[] };
  return body.devices.find((device) => device.name === 'scale')?.state;
}

async function startWith(context: Context, hotplug: () => Promise<FakeHotplug>): Promise<void> {
  context.sim = new ScaleSimulator({ protocol: 'and', unit: 'ct', settleMs: 50 });
  await context.sim.start();
  context.t = await startTestAppliance({ settings: { devices: { scale: { path: context.sim.devicePath, protocol: 'and', baudRate: 2400 } } }, hotplug });
}

healthz.before.each((context) => {
  context.usb = new FakeHotplug();
});

healthz.after.each(async ({ t, sim }) => {
  await t?.stop();
  await sim?.stop();
});

healthz('should show the scale unplugged at once and back within 1 s of the attach :: detach, replug, attach', async (context) => {
  await startWith(context, async () => context.usb);
  await waitFor('the scale connected', () => context.t.appliance.health().devices.some((d) => d.name === 'scale' && d.state === 'connected'));
  assert.is(await scaleState(context.t), 'connected');
  rmSync(context.sim.devicePath);
  context.usb.detach(FTDI_FT232R);
  assert.is(await scaleState(context.t), 'unplugged');
  await context.sim.unplug();
  await context.sim.plug();
  await new Promise((resolve) => setTimeout(resolve, 1200));
  assert.is(await scaleState(context.t), 'unplugged', 'no poll brought it back');
  context.usb.attach(FTDI_FT232R);
  let state: string | undefined;
  const deadline = Date.now() + 1000;
  while ((state = await scaleState(context.t)) !== 'connected' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.is(state, 'connected');
});

healthz('should start and find the scale without hotplug :: the usb binding cannot load (no libusb)', async (context) => {
  await startWith(context, () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')));
  await waitFor('the scale connected', () => context.t.appliance.health().devices.some((d) => d.name === 'scale' && d.state === 'connected'));
  assert.is(await scaleState(context.t), 'connected');
});

healthz('should close the hotplug binding when the appliance stops :: no listener left', async (context) => {
  await startWith(context, async () => context.usb);
  await waitFor('the binding in use', () => context.usb.listenerCount('attached') === 1);
  await context.t.stop();
  assert.ok(context.usb.closed);
  context.t = undefined as unknown as TestAppliance;
});

healthz.run();
