import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DrawerRequest } from '../../../drivers/drawer/interface.ts';
import { PrinterKickDrawer } from '../../../drivers/drawer/printer-kick-drawer.ts';
import { DrawerSimulator } from '../../../drivers/drawer/simulator.ts';
import { EscPosPrinter } from '../../../drivers/printer/printer.ts';
import { PrinterSimulator } from '../../../drivers/printer/simulator.ts';
import { tcpOpener } from '../../../drivers/serial/openers.ts';
import { decodeEscPos } from '../helpers/escpos-decoder.ts';
import { nextEvent, rejectionOf, waitFor } from '../helpers/eventually.ts';

const CLAIRE: DrawerRequest = { who: { staffId: 'st-100', name: 'Claire Dubois' }, why: 'cash count' };

interface Context {
  sim: PrinterSimulator;
  mechanism: DrawerSimulator;
  printer: EscPosPrinter;
  drawer: PrinterKickDrawer;
}

const kick = suite<Context>('PrinterKickDrawer through the printer simulator');

kick.before.each(async (context) => {
  context.sim = new PrinterSimulator();
  context.mechanism = new DrawerSimulator();
  context.sim.connectDrawer(context.mechanism.printerConnector());
  await context.sim.start();
  context.printer = new EscPosPrinter({ device: 'receipt-printer', opener: tcpOpener(context.sim.host, context.sim.port), statusPollMs: 10_000 });
  await context.printer.start();
  await waitFor('printer connected', () => context.printer.health.state === 'connected');
  context.drawer = new PrinterKickDrawer({ device: 'cash-drawer', printer: context.printer, sensorPollMs: 40, timing: { pulseMs: 100, confirmOpenMs: 800 } });
  await context.drawer.start();
});

kick.after.each(async ({ sim, printer, drawer }) => {
  await drawer.stop();
  await printer.stop();
  await sim.stop();
});

kick('should kick with the full ESC p and see it open on pin 3 :: 1B 70 00 32 FA, confirmed', async ({ sim, drawer, mechanism }) => {
  const opened = nextEvent<{ who: unknown; why: string }>(drawer, 'drawerOpened');
  const result = await drawer.open(CLAIRE);
  assert.is(result.confirmed, true);
  assert.equal(mechanism.pulses, [100]);
  assert.equal(decodeEscPos(sim.bytes()).pulses, [{ connector: 0, onMs: 100, offMs: 500 }]);
  assert.equal((await opened).who, CLAIRE.who);
  assert.is(drawer.isOpen, true);
  const closed = nextEvent<{ openForMs: number; why: string }>(drawer, 'drawerClosed');
  mechanism.close();
  assert.is((await closed).why, 'cash count');
  assert.equal(sim.protocolErrors, []);
});

kick('should report a drawer that stays shut :: locked → DID_NOT_OPEN', async ({ drawer, mechanism }) => {
  mechanism.lock();
  const { error } = await rejectionOf(drawer.open(CLAIRE));
  assert.is(error.code, 'LOUPE_E_DRAWER_DID_NOT_OPEN');
  assert.equal(mechanism.pulses, [100]);
});

kick('should be as reachable as the printer :: printer unplugged → drawer reconnecting, open fails fast', async ({ sim, drawer, mechanism }) => {
  assert.is(drawer.health.state, 'connected');
  await sim.unplug();
  await waitFor('drawer health reconnecting', () => drawer.health.state === 'reconnecting');
  const { error, ms } = await rejectionOf(drawer.open(CLAIRE));
  assert.is(error.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.ok(ms < 200, `took ${ms} ms`);
  assert.equal(mechanism.pulses, []);
  await sim.plug();
  await waitFor('drawer health connected', () => drawer.health.state === 'connected', 3000);
});

kick.run();
