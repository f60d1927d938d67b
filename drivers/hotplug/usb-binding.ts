/**
 * The appliance's hotplug binding: the `usb` package (v3, WebUSB-style `connect`/`disconnect`
 * events over libusb). It is imported only when asked for, so start-up does not pay for the native
 * addon, and a box without libusb or without USB in sysfs still starts: the loader rejects, the
 * runtime logs it, and the drivers keep finding their devices by polling.
 */
import { EventEmitter } from 'node:events';
import { usbId, type HotplugBinding, type HotplugEvents, type HotplugLoader } from './interface.ts';

/** The part of `usb`'s WebUSB object used here. */
interface WebUsbLike {
  getDevices(): Promise<unknown[]>;
  addEventListener(type: 'connect' | 'disconnect', listener: (event: UsbConnectionEvent) => void): void;
  removeEventListener(type: 'connect' | 'disconnect', listener: (event: UsbConnectionEvent) => void): void;
}

interface UsbConnectionEvent {
  device: { vendorId: number; productId: number };
}

class UsbHotplug extends EventEmitter<HotplugEvents> implements HotplugBinding {
  readonly #usb: WebUsbLike;
  readonly #connect = (event: UsbConnectionEvent): void => void this.emit('attached', plugOf(event));
  readonly #disconnect = (event: UsbConnectionEvent): void => void this.emit('detached', plugOf(event));

  constructor(usb: WebUsbLike) {
    super();
    this.#usb = usb;
    usb.addEventListener('connect', this.#connect);
    usb.addEventListener('disconnect', this.#disconnect);
  }

  async close(): Promise<void> {
    this.#usb.removeEventListener('connect', this.#connect);
    this.#usb.removeEventListener('disconnect', this.#disconnect);
    this.removeAllListeners();
  }
}

function plugOf(event: UsbConnectionEvent): { vendorId: string; productId: string } {
  return { vendorId: usbId(event.device.vendorId), productId: usbId(event.device.productId) };
}

/**
 * Loads `usb` and listens. Throws when the addon cannot load or the USB bus cannot be listed; the
 * listing is tried first because `usb` 3.1 lists the bus again inside `addEventListener` without
 * catching, which would be an unhandled rejection on a box without `/sys/bus/usb`.
 */
export const usbHotplug: HotplugLoader = async () => {
  const { usb } = (await import('usb')) as unknown as { usb: WebUsbLike };
  await usb.getDevices();
  return new UsbHotplug(usb);
};
