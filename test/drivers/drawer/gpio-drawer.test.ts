import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { GpioCashDrawer } from '../../../drivers/drawer/gpio-drawer.ts';
import type { GpioProvider } from '../../../drivers/drawer/gpio/interface.ts';
import { MemoryGpio } from '../../../drivers/drawer/gpio/memory-backend.ts';
import type { DrawerEvents, DrawerRequest, DrawerTiming } from '../../../drivers/drawer/interface.ts';
import { DrawerSimulator } from '../../../drivers/drawer/simulator.ts';
import { rejectionOf } from '../helpers/eventually.ts';
import { flush, ManualClock } from '../helpers/manual-clock.ts';

const SOLENOID = { offset: 17 };
const SENSOR = { offset: 27 };
const SAM: DrawerRequest = { who: { staffId: 'st-101', name: 'Sam Okafor' }, why: 'sale 0042-01-000017' };

interface Rig {
  clock: ManualClock;
  gpio: MemoryGpio;
  mechanism: DrawerSimulator;
  drawer: GpioCashDrawer;
  events: { name: keyof DrawerEvents; at: number; payload: any }[];
}

async function rig(timing: Partial<DrawerTiming> = {}, withSensor = true): Promise<Rig> {
  const clock = new ManualClock();
  const gpio = new MemoryGpio(clock);
  const mechanism = new DrawerSimulator(clock);
  const drawer = new GpioCashDrawer({ device: 'cash-drawer', gpio, solenoid: SOLENOID, ...(withSensor ? { sensor: SENSOR } : {}), timing: { leftOpenAlarmMs: 30_000, ...timing }, clock });
  mechanism.attachToGpio(gpio, { solenoid: SOLENOID, ...(withSensor ? { sensor: SENSOR } : {}) });
  const events: Rig['events'] = [];
  for (const name of ['drawerKicked', 'drawerOpened', 'drawerClosed', 'drawerLeftOpen'] as const) {
    drawer.on(name, (payload: any) => events.push({ name, at: clock.now(), payload }));
  }
  await drawer.start();
  return { clock, gpio, mechanism, drawer, events };
}

/** Runs `open()` while the manual clock moves forward in 1 ms steps. */
async function openWithTime(r: Rig, request: DrawerRequest, ms = 2000): Promise<any> {
  const pending = r.drawer.open(request).then(
    (value) => ({ value }),
    (error) => ({ error }),
  );
  await flush(); // let the coil switch on before time moves
  await r.clock.advanceAsync(ms);
  return pending;
}

/** Pulses on the solenoid pin, in ms, read from the timed record of levels written. */
function pulsesOnPin(gpio: MemoryGpio): number[] {
  const writes = gpio.writes.filter((w) => w.line === 'gpio:17');
  const pulses: number[] = [];
  for (let i = 0; i < writes.length; i += 1) {
    const w = writes[i];
    const next = writes[i + 1];
    if (w?.level === 1 && next?.level === 0) pulses.push(next.at - w.at);
  }
  return pulses;
}

const drawer = suite('GpioCashDrawer');

drawer('should pulse 100 ms and confirm the opening with who and why :: one kick, one debounced open', async () => {
  const r = await rig();
  const { value } = await openWithTime(r, SAM, 300);
  assert.equal(pulsesOnPin(r.gpio), [100]);
  assert.is(value.confirmed, true);
  assert.is(r.drawer.isOpen, true);
  assert.equal(r.events.map((e) => e.name), ['drawerKicked', 'drawerOpened']);
  assert.equal(r.events[1]?.payload.who, SAM.who);
  assert.is(r.events[1]?.payload.why, 'sale 0042-01-000017');
  assert.is(r.events[1]?.payload.expected, true);
  assert.equal(r.drawer.health.conditions, ['drawer-open']);
});

drawer('should clamp the pulse to 50–200 ms :: 500 → 200, 10 → 50', async () => {
  const long = await rig({ pulseMs: 500 });
  await openWithTime(long, SAM, 400);
  assert.equal(pulsesOnPin(long.gpio), [200]);
  const short = await rig({ pulseMs: 10 });
  await openWithTime(short, SAM, 400);
  assert.equal(pulsesOnPin(short.gpio), [50]);
});

drawer('should refuse an open without who or why :: nothing written to the solenoid', async () => {
  const r = await rig();
  for (const request of [{ ...SAM, why: ' ' }, { who: { staffId: '', name: 'x' }, why: 'sale' }, {} as DrawerRequest]) {
    const { error } = await rejectionOf(r.drawer.open(request));
    assert.is(error.code, 'LOUPE_E_DRAWER_REASON_REQUIRED');
  }
  assert.equal(pulsesOnPin(r.gpio), []);
});

drawer('should refuse a second kick within the gap :: 400 ms after → TOO_SOON, 1 s after → kicks', async () => {
  const r = await rig();
  await openWithTime(r, SAM, 300);
  r.mechanism.close();
  r.clock.advance(100);
  const { error } = await openWithTime(r, SAM, 100);
  assert.is(error.code, 'LOUPE_E_DRAWER_TOO_SOON');
  r.clock.advance(700);
  const { value } = await openWithTime(r, SAM, 300);
  assert.is(value.confirmed, true);
  assert.equal(pulsesOnPin(r.gpio), [100, 100]);
});

drawer('should refuse a second tap during the pulse :: 2 calls at once → 1 pulse', async () => {
  const r = await rig();
  const first = r.drawer.open(SAM);
  const second = await rejectionOf(r.drawer.open(SAM));
  assert.is(second.error.code, 'LOUPE_E_DRAWER_TOO_SOON');
  await r.clock.advanceAsync(300);
  await first;
  assert.equal(pulsesOnPin(r.gpio), [100]);
});

drawer('should debounce a bouncing switch :: 3 bounces → 1 opened, 1 closed', async () => {
  const r = await rig();
  await openWithTime(r, SAM, 300);
  r.mechanism.close();
  r.clock.advance(100);
  await flush();
  assert.equal(r.events.map((e) => e.name), ['drawerKicked', 'drawerOpened', 'drawerClosed']);
  assert.is(r.events[2]?.payload.why, 'sale 0042-01-000017');
  assert.is(r.drawer.isOpen, false);
});

drawer('should raise the left-open alarm once after 30 s :: with who and why, cleared on close', async () => {
  const r = await rig();
  await openWithTime(r, SAM, 300);
  r.clock.advance(29_000);
  assert.not.ok(r.events.some((e) => e.name === 'drawerLeftOpen'));
  r.clock.advance(2_000);
  const alarms = r.events.filter((e) => e.name === 'drawerLeftOpen');
  assert.is(alarms.length, 1);
  assert.equal(alarms[0]?.payload.who, SAM.who);
  assert.ok(alarms[0]?.payload.openForMs >= 30_000);
  assert.equal(r.drawer.health.conditions, ['drawer-left-open', 'drawer-open']);
  r.clock.advance(60_000);
  assert.is(r.events.filter((e) => e.name === 'drawerLeftOpen').length, 1);
  r.mechanism.close();
  r.clock.advance(100);
  assert.equal(r.drawer.health.conditions, []);
  const closed = r.events.find((e) => e.name === 'drawerClosed');
  assert.ok(closed?.payload.openForMs > 90_000);
});

drawer('should report a locked drawer :: DID_NOT_OPEN after 1.5 s, in health', async () => {
  const r = await rig();
  r.mechanism.lock();
  const { error } = await openWithTime(r, SAM, 2000);
  assert.is(error.code, 'LOUPE_E_DRAWER_DID_NOT_OPEN');
  assert.equal(pulsesOnPin(r.gpio), [100]);
  assert.is(r.drawer.health.lastError?.code, 'LOUPE_E_DRAWER_DID_NOT_OPEN');
});

drawer('should report an opening nobody asked for :: the key, expected false, no who', async () => {
  const r = await rig();
  r.mechanism.openByHand();
  r.clock.advance(100);
  const opened = r.events.find((e) => e.name === 'drawerOpened');
  assert.equal(opened?.payload, { at: opened?.at, expected: false, who: null, why: null });
});

drawer('should work without a sensor :: resolves after the pulse, confirmed false', async () => {
  const r = await rig({}, false);
  const { value } = await openWithTime(r, SAM, 200);
  assert.is(value.confirmed, false);
  assert.is(r.drawer.isOpen, null);
  assert.ok(r.mechanism.open, 'the mechanism still opened');
});

drawer('should be failed, not crashed, without GPIO :: health failed, open refused', async () => {
  const broken: GpioProvider = {
    output: async () => Promise.reject(Object.assign(new Error('EINVAL: invalid argument, write'), { code: 'EINVAL' })),
    input: async () => Promise.reject(new Error('unreachable')),
  };
  const d = new GpioCashDrawer({ device: 'cash-drawer', gpio: broken, solenoid: SOLENOID, clock: new ManualClock() });
  await d.start();
  assert.is(d.health.state, 'failed');
  assert.is(d.health.lastError?.code, 'LOUPE_E_GPIO_UNAVAILABLE');
  assert.is((await rejectionOf(d.open(SAM))).error.code, 'LOUPE_E_GPIO_UNAVAILABLE');
});

drawer.run();
