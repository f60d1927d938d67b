/**
 * USB hotplug: the kernel's word that a USB device came or went, so a known device's driver comes
 * up as soon as it is plugged in and is marked unplugged the moment it is pulled out, instead of
 * waiting for a port error or the supervisor's next retry.
 *
 * The binding is injected: `usbHotplug()` (the `usb` package over libusb, loaded lazily) on the
 * appliance, `FakeHotplug` in tests. A binding only reports; `HotplugWatcher` decides which
 * device it concerns (by the VID/PID table of `../serial/discovery.ts`).
 *
 * Obligations of a binding:
 * - `attached`/`detached` come after the system has made or removed the device's nodes (libusb
 *   on Linux hears of a device from udev once its rules ran, so `/dev/serial/by-id` is up to date).
 * - `close()` stops the events and releases what the binding holds; it never throws.
 */
import type { EventEmitter } from 'node:events';

/** A USB device as hotplug reports it: ids in lower-case 4-digit hex, as in sysfs. */
export interface UsbPlug {
  vendorId: string;
  productId: string;
}

export interface HotplugEvents {
  attached: [plug: UsbPlug];
  detached: [plug: UsbPlug];
}

export interface HotplugBinding extends EventEmitter<HotplugEvents> {
  close(): Promise<void>;
}

/** How the runtime gets its binding; it rejects when the box cannot report hotplug (polling still works). */
export type HotplugLoader = () => Promise<HotplugBinding>;

/** `0x403` → `0403`. */
export function usbId(id: number): string {
  return id.toString(16).padStart(4, '0');
}
