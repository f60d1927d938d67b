/**
 * Turns a (chip label, offset) line into the number the sysfs GPIO interface wants.
 *
 * Since Raspberry Pi kernel 6.6 the sysfs numbers are offset by the gpiochip's base (512 and up;
 * 571 reported on a Pi 5): `new Gpio(17)` then fails with EINVAL at export (fivdi/onoff#199,
 * #200, raspberrypi/linux#6084). The base is read from `/sys/class/gpio/gpiochipN/base` next to
 * its `label`; on older kernels it is 0 and the numbers come out unchanged.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeviceError } from '../../errors.ts';
import type { LineRef } from './interface.ts';

/** Labels of the header GPIO block: Pi 5 (RP1), Pi 4, Pi 0–3. */
export const RASPBERRY_PI_GPIO_LABELS = ['pinctrl-rp1', 'pinctrl-bcm2711', 'pinctrl-bcm2835'] as const;

export interface GpioChip {
  name: string;
  label: string;
  base: number;
  lines: number;
}

export async function listGpioChips(sysRoot = '/sys'): Promise<GpioChip[]> {
  const root = join(sysRoot, 'class', 'gpio');
  const names = await readdir(root).catch(() => [] as string[]);
  const chips: GpioChip[] = [];
  for (const name of names.filter((n) => n.startsWith('gpiochip')).sort()) {
    const read = (file: string): Promise<string> => readFile(join(root, name, file), 'utf8').then((text) => text.trim());
    try {
      chips.push({ name, label: await read('label'), base: Number.parseInt(await read('base'), 10), lines: Number.parseInt(await read('ngpio'), 10) });
    } catch {
      // A chip directory without attributes is not a GPIO bank we can use.
    }
  }
  return chips;
}

/** The sysfs number for `line`, or `LOUPE_E_GPIO_UNAVAILABLE` naming what was found instead. */
export async function resolveSysfsNumber(line: LineRef, sysRoot = '/sys'): Promise<number> {
  const chips = await listGpioChips(sysRoot);
  const wanted: readonly string[] = line.chipLabel ? [line.chipLabel] : RASPBERRY_PI_GPIO_LABELS;
  const chip = wanted.map((label) => chips.find((c) => c.label === label)).find((c) => c !== undefined);
  if (!chip) {
    const found = chips.map((c) => `${c.name}=${c.label}`).join(', ') || 'none';
    throw new DeviceError('LOUPE_E_GPIO_UNAVAILABLE', { reason: `no gpiochip labelled ${wanted.join(' or ')} (found: ${found})`, sysRoot });
  }
  if (!Number.isInteger(line.offset) || line.offset < 0 || line.offset >= chip.lines) {
    throw new DeviceError('LOUPE_E_GPIO_UNAVAILABLE', { reason: `line ${line.offset} is outside ${chip.label} (0–${chip.lines - 1})` });
  }
  return chip.base + line.offset;
}
