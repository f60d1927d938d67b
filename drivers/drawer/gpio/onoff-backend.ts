/**
 * GPIO through onoff (sysfs), with the gpiochip base applied (./chip-base.ts). onoff is loaded
 * only when this backend is chosen, so machines without GPIO never touch its native epoll addon.
 */
import { DeviceError, toDeviceError } from '../../errors.ts';
import { resolveSysfsNumber } from './chip-base.ts';
import type { DigitalIn, DigitalOut, GpioProvider, Level, LineRef } from './interface.ts';

type OnoffModule = typeof import('onoff');

export interface OnoffGpioOptions {
  /** Where sysfs is mounted; only the base lookup reads it (onoff itself always uses /sys/class/gpio). */
  sysRoot?: string;
}

/** Resolves once onoff is loaded and `/sys/class/gpio/export` is writable. */
export async function createOnoffGpio(options: OnoffGpioOptions = {}): Promise<GpioProvider> {
  const onoff: OnoffModule = await import('onoff').catch((error: unknown) => {
    throw new DeviceError('LOUPE_E_GPIO_UNAVAILABLE', { reason: `onoff cannot load: ${(error as Error).message}` });
  });
  // onoff's documented switch for machines without GPIO access (fivdi/onoff README, "accessible").
  if (!onoff.Gpio.accessible) throw new DeviceError('LOUPE_E_GPIO_UNAVAILABLE', { reason: '/sys/class/gpio/export is not writable' });
  const sysRoot = options.sysRoot ?? '/sys';
  const open = async (line: LineRef, direction: 'in' | 'high' | 'low', activeLow: boolean) => {
    const number = await resolveSysfsNumber(line, sysRoot);
    try {
      return new onoff.Gpio(number, direction, direction === 'in' ? 'both' : 'none', { activeLow });
    } catch (error) {
      throw toDeviceError(error, 'LOUPE_E_GPIO_UNAVAILABLE');
    }
  };
  return {
    async output(line, options = {}): Promise<DigitalOut> {
      const gpio = await open(line, options.initial === 1 ? 'high' : 'low', options.activeLow ?? false);
      return {
        set: (level) => gpio.write(level),
        close: async () => gpio.unexport(),
      };
    },
    async input(line, options = {}): Promise<DigitalIn> {
      const gpio = await open(line, 'in', options.activeLow ?? false);
      const listeners = new Set<(level: Level) => void>();
      gpio.watch((error, value) => {
        if (!error) for (const listener of listeners) listener(value);
      });
      return {
        get: () => gpio.read(),
        onChange: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        close: async () => {
          gpio.unwatchAll();
          gpio.unexport();
        },
      };
    },
  };
}
