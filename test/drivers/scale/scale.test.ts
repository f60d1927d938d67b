import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { andDialect } from '../../../drivers/scale/and/dialect.ts';
import { mtSicsDialect } from '../../../drivers/scale/mtsics/dialect.ts';
import { SerialScale } from '../../../drivers/scale/scale.ts';
import { ScaleSimulator } from '../../../drivers/scale/simulator.ts';
import { serialOpener } from '../../../drivers/serial/openers.ts';
import { PortSupervisor } from '../../../drivers/serial/supervisor.ts';
import { rejectionOf, waitFor } from '../helpers/eventually.ts';
import { MemoryOpener } from '../helpers/memory-port.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';
import { trackUnhandled } from '../helpers/unhandled.ts';

interface Context {
  sim: ScaleSimulator;
  scale: SerialScale;
  unhandled: ReturnType<typeof trackUnhandled>;
}

for (const protocol of ['and', 'mt-sics'] as const) {
  const scaleSuite = suite<Context>(`SerialScale over a pty :: ${protocol}`);

  scaleSuite.before.each(async (context) => {
    context.unhandled = trackUnhandled();
    context.sim = new ScaleSimulator({ protocol, unit: 'ct', decimals: 3, settleMs: 150, stableTimeoutMs: 300, capacityMicrograms: 50_000_000n });
    await context.sim.start();
    context.scale = new SerialScale({
      device: 'scale',
      opener: serialOpener(context.sim.devicePath, { baudRate: 9600 }),
      dialect: protocol === 'and' ? andDialect() : mtSicsDialect(),
      pollMs: 20,
      commandTimeoutMs: 300,
      zeroTimeoutMs: 600,
      weighTimeoutMs: 600,
      backoffMs: [50, 100],
    });
    await context.scale.start();
    await waitFor('the first zero reading', () => context.scale.readyToWeigh);
  });

  scaleSuite.after.each(async ({ sim, scale, unhandled }) => {
    await scale.stop();
    await sim.stop();
    unhandled.stop();
  });

  scaleSuite('should price a stone only once it settles :: 0.512 ct placed, stable after 150 ms', async ({ sim, scale }) => {
    sim.place(102_400n);
    const weight = await scale.weighForPrice();
    assert.is(weight.micrograms, 102_400n);
    assert.is(weight.unit, 'ct');
    assert.is(weight.stable, true);
    // The driver asked for readings while the pan moved and did not take them.
    assert.ok(sim.received.filter((c) => c === 'SI').length >= 2);
  });

  scaleSuite('should refuse a second weighing before zero :: NOT_ZEROED, then OK after clearing the pan', async ({ sim, scale }) => {
    sim.place(102_400n);
    await scale.weighForPrice();
    sim.place(204_800n);
    assert.is((await rejectionOf(scale.weighForPrice())).error.code, 'LOUPE_E_SCALE_NOT_ZEROED');
    sim.clear();
    await waitFor('the return to zero', () => scale.readyToWeigh, 2000);
    sim.place(204_800n);
    assert.is((await scale.weighForPrice()).micrograms, 204_800n);
  });

  scaleSuite('should never price while a hand is on the pan :: UNSTABLE after 600 ms', async ({ sim, scale }) => {
    sim.place(102_400n);
    sim.touch();
    const { error, ms } = await rejectionOf(scale.weighForPrice());
    assert.is(error.code, 'LOUPE_E_SCALE_UNSTABLE');
    assert.ok(ms >= 500, `gave up after ${ms} ms`);
    sim.release();
    assert.is((await scale.weighForPrice()).micrograms, 102_400n);
  });

  scaleSuite('should report overload, not a weight :: 60 g on a 50 g balance', async ({ sim, scale }) => {
    sim.place(60_000_000n);
    assert.is((await rejectionOf(scale.weighForPrice())).error.code, 'LOUPE_E_SCALE_OVERLOAD');
  });

  scaleSuite('should price in troy ounces after the unit key :: 1.000 ozt placed', async ({ sim, scale }) => {
    sim.setUnit('ozt');
    sim.place(31_103_477n);
    const weight = await scale.weighForPrice();
    assert.is(weight.unit, 'ozt');
    assert.is(weight.value.replace('+', '').replace(/^0+(?=\d)/, ''), '1.000');
  });

  scaleSuite('should zero and tare only when still :: refused while touched, accepted after', async ({ sim, scale }) => {
    sim.place(1_000_000n);
    sim.touch();
    assert.is((await rejectionOf(scale.zero())).error.code, 'LOUPE_E_SCALE_REFUSED');
    sim.release();
    await waitFor('stability', () => sim.stable);
    await scale.tare();
    const reading = await scale.read();
    assert.is(reading.micrograms, 0n);
  });

  scaleSuite('should time out a silent scale, never read it as 0 :: DEVICE_TIMEOUT', async ({ sim, scale }) => {
    sim.silent = true;
    const { error } = await rejectionOf(scale.weighForPrice());
    assert.is(error.code, 'LOUPE_E_DEVICE_TIMEOUT');
    assert.ok(error.timedOut);
  });

  scaleSuite('should survive an unplug and come back :: reconnecting, fast failure, then weighs', async ({ sim, scale, unhandled }) => {
    await sim.unplug();
    await waitFor('reconnecting', () => scale.health.state === 'reconnecting');
    const away = await rejectionOf(scale.read());
    assert.is(away.error.code, 'LOUPE_E_DEVICE_DISCONNECTED');
    assert.ok(away.ms < 100);
    await sim.plug();
    await waitFor('connected', () => scale.health.state === 'connected', 3000);
    sim.place(102_400n);
    assert.is((await scale.weighForPrice()).micrograms, 102_400n);
    assert.is(unhandled.count, 0, String((unhandled.errors[0] as Error)?.stack ?? unhandled.errors[0]));
  });

  scaleSuite.run();
}

// ---

const simulator = suite('ScaleSimulator');

simulator('should answer unknown commands with the protocol’s error :: A&D EC,E01, MT-SICS ES', async () => {
  for (const [protocol, expected] of [['and', 'EC,E01\r\n'], ['mt-sics', 'ES\r\n']] as const) {
    const sim = new ScaleSimulator({ protocol });
    await sim.start();
    const link = new PortSupervisor({ device: 'raw', opener: serialOpener(sim.devicePath, { baudRate: 9600 }) });
    let answer = '';
    link.on('data', (chunk) => (answer += chunk.toString('latin1')));
    try {
      await link.start();
      await link.write(Buffer.from('XYZ\r\n'), 'XYZ');
      await waitFor(`the ${protocol} error`, () => answer.endsWith('\n'));
      assert.is(answer, expected);
    } finally {
      await link.stop();
      await sim.stop();
    }
  }
});

simulator.run();

// ---

const randomized = suite('SerialScale price weights :: random A&D answers');

randomized('should only ever return the last stable line it was sent :: 150 weighings, seed 9', async () => {
  const random = seededRandom(9);
  const opener = new MemoryOpener();
  const lines = ['ST,+0000.000 ct', 'US,+0000.001 ct', 'US,+0002.515 ct', 'ST,+0002.515 ct', 'ST,+0001.020 ct', 'US,+0001.020 ct', 'OL,+9999999 ct', 'ST,+0000.000 ct'];
  let lastSent = '';
  opener.onWrite(() => {
    lastSent = lines[Math.floor(random() * lines.length)] as string;
    queueMicrotask(() => opener.send(`${lastSent}\r\n`));
  });
  const scale = new SerialScale({ device: 'scale', opener, dialect: andDialect(), pollMs: 1, weighTimeoutMs: 5, commandTimeoutMs: 100 });
  await scale.start();
  let priced = 0;
  try {
    for (let i = 0; i < 150; i += 1) {
      try {
        const weight = await scale.weighForPrice();
        priced += 1;
        assert.ok(lastSent.startsWith('ST,'), `priced from "${lastSent}"`);
        assert.is(weight.value, lastSent.slice(3, 12));
      } catch (error) {
        assert.match((error as Error & { code: string }).code, /^LOUPE_E_SCALE_/);
      }
    }
  } finally {
    await scale.stop();
  }
  assert.ok(priced >= 10, `only ${priced} weighings priced`);
});

randomized('should refuse a count or a percentage as a price weight :: QT,+00012345 PC → UNIT', async () => {
  const opener = new MemoryOpener();
  const answers = ['ST,+0000.000  g', 'QT,+00012345 PC'];
  opener.onWrite(() => queueMicrotask(() => opener.send(`${answers.shift() ?? 'QT,+00012345 PC'}\r\n`)));
  const scale = new SerialScale({ device: 'scale', opener, dialect: andDialect(), pollMs: 1000, weighTimeoutMs: 50 });
  await scale.start();
  try {
    await scale.read(); // the zero
    assert.is((await rejectionOf(scale.weighForPrice())).error.code, 'LOUPE_E_SCALE_UNIT');
  } finally {
    await scale.stop();
  }
});

randomized.run();
