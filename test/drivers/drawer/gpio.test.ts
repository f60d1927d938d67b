import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { listGpioChips, resolveSysfsNumber } from '../../../drivers/drawer/gpio/chip-base.ts';
import { MemoryGpio } from '../../../drivers/drawer/gpio/memory-backend.ts';
import { createOnoffGpio } from '../../../drivers/drawer/gpio/onoff-backend.ts';
import { rejectionOf } from '../helpers/eventually.ts';

/** Writes a fake `/sys/class/gpio` with the given chips under a fresh temp root. */
function sysfsFixture(chips: { name: string; base: number; label: string; ngpio: number }[]): string {
  const root = mkdtempSync(join(tmpdir(), 'loupe-sysfs-'));
  const gpio = join(root, 'class', 'gpio');
  mkdirSync(gpio, { recursive: true });
  writeFileSync(join(gpio, 'export'), '');
  for (const chip of chips) {
    mkdirSync(join(gpio, chip.name));
    writeFileSync(join(gpio, chip.name, 'base'), `${chip.base}\n`);
    writeFileSync(join(gpio, chip.name, 'label'), `${chip.label}\n`);
    writeFileSync(join(gpio, chip.name, 'ngpio'), `${chip.ngpio}\n`);
  }
  return root;
}

// What /sys/class/gpio lists on each board (base numbers as reported in fivdi/onoff#199/#200).
const PI4_KERNEL_66 = [
  { name: 'gpiochip512', base: 512, label: 'pinctrl-bcm2711', ngpio: 58 },
  { name: 'gpiochip570', base: 570, label: 'raspberrypi-exp-gpio', ngpio: 8 },
];
const PI5_KERNEL_66 = [
  { name: 'gpiochip512', base: 512, label: 'gpio-brcmstb@107d508500', ngpio: 32 },
  { name: 'gpiochip571', base: 571, label: 'pinctrl-rp1', ngpio: 54 },
];
const PI3_KERNEL_61 = [{ name: 'gpiochip0', base: 0, label: 'pinctrl-bcm2835', ngpio: 54 }];

const base = suite<{ roots: string[] }>('resolveSysfsNumber');

base.before.each((context) => {
  context.roots = [];
});

base.after.each(({ roots }) => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

base('should add the gpiochip base on a Pi 4 with kernel 6.6 :: BCM 17 → 529', async ({ roots }) => {
  const root = sysfsFixture(PI4_KERNEL_66);
  roots.push(root);
  assert.is(await resolveSysfsNumber({ offset: 17 }, root), 529);
});

base('should find the RP1 block on a Pi 5 :: BCM 17 → 588, not the brcmstb chip', async ({ roots }) => {
  const root = sysfsFixture(PI5_KERNEL_66);
  roots.push(root);
  assert.is(await resolveSysfsNumber({ offset: 17 }, root), 588);
});

base('should keep old numbers on an old kernel :: base 0, BCM 17 → 17', async ({ roots }) => {
  const root = sysfsFixture(PI3_KERNEL_61);
  roots.push(root);
  assert.is(await resolveSysfsNumber({ offset: 17 }, root), 17);
});

base('should take an explicit chip label :: raspberrypi-exp-gpio line 2 → 572', async ({ roots }) => {
  const root = sysfsFixture(PI4_KERNEL_66);
  roots.push(root);
  assert.is(await resolveSysfsNumber({ chipLabel: 'raspberrypi-exp-gpio', offset: 2 }, root), 572);
  assert.equal((await listGpioChips(root)).map((c) => c.label), ['pinctrl-bcm2711', 'raspberrypi-exp-gpio']);
});

base('should refuse a line outside the chip :: offset 58 on a 58-line bank', async ({ roots }) => {
  const root = sysfsFixture(PI4_KERNEL_66);
  roots.push(root);
  const { error } = await rejectionOf(resolveSysfsNumber({ offset: 58 }, root));
  assert.is(error.code, 'LOUPE_E_GPIO_UNAVAILABLE');
  assert.match(error.message, 'outside pinctrl-bcm2711 (0–57)');
});

base('should say what it found when the Pi block is missing :: a PC with one unrelated chip', async ({ roots }) => {
  const root = sysfsFixture([{ name: 'gpiochip0', base: 0, label: 'INT34C5:00', ngpio: 32 }]);
  roots.push(root);
  const { error } = await rejectionOf(resolveSysfsNumber({ offset: 17 }, root));
  assert.match(error.message, 'found: gpiochip0=INT34C5:00');
});

base.run();

// ---

const onoff = suite('createOnoffGpio');

onoff('should refuse clearly where sysfs GPIO is absent :: this CI machine', async () => {
  const { error } = await rejectionOf(createOnoffGpio());
  assert.is(error.code, 'LOUPE_E_GPIO_UNAVAILABLE');
  // Without /sys/class/gpio (or without onoff's native epoll addon) there is no GPIO to hand out.
  assert.match(error.message, /\/sys\/class\/gpio\/export is not writable|onoff cannot load/);
});

onoff.run();

// ---

const memory = suite('MemoryGpio');

memory('should invert active-low lines both ways :: output set 1 drives 0, input reads the inverse', async () => {
  const gpio = new MemoryGpio();
  const out = await gpio.output({ offset: 17 }, { activeLow: true });
  await out.set(1);
  assert.is(gpio.level({ offset: 17 }), 0);
  const input = await gpio.input({ offset: 27 }, { activeLow: true });
  const seen: number[] = [];
  input.onChange((level) => seen.push(level));
  gpio.drive({ offset: 27 }, 1);
  assert.is(await input.get(), 0);
  assert.equal(seen, [0]);
});

memory.run();
