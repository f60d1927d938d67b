/**
 * Turns USB hotplug events into the presence of the configured serial devices. A device is
 * watched by kind and path (`/dev/serial/by-id/...`); an `attached` device whose VID/PID is in
 * the discovery table for that kind tells the device's supervisor to try now, and a `detached` one
 * marks the device of that kind unplugged when its path is gone (udev has removed the link by
 * the time libusb reports, `./interface.ts`). A detach whose ids match but whose path is still
 * there is another device of the same kind: nothing happens.
 */
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { silentLog, type DriverLog } from '../logger.ts';
import { kindsWithIds, USB_FINGERPRINTS, type DeviceKind, type UsbFingerprint } from '../serial/discovery.ts';
import type { DevicePresence, PortOpener } from '../serial/interface.ts';
import type { HotplugBinding, UsbPlug } from './interface.ts';

export interface HotplugWatcherOptions {
  fingerprints?: UsbFingerprint[];
  log?: DriverLog;
}

interface Watched {
  kind: DeviceKind;
  path: string;
  presence: EventEmitter<{ plugged: []; unplugged: [] }>;
}

export class HotplugWatcher {
  readonly #fingerprints: UsbFingerprint[];
  readonly #log: DriverLog;
  readonly #watched: Watched[] = [];
  #binding: HotplugBinding | null = null;
  #closed = false;
  readonly #attached = (plug: UsbPlug): void => this.#each(plug, 'attached', () => true, 'plugged');
  readonly #detached = (plug: UsbPlug): void => this.#each(plug, 'detached', (watched) => !existsSync(watched.path), 'unplugged');

  constructor(options: HotplugWatcherOptions = {}) {
    this.#fingerprints = options.fingerprints ?? USB_FINGERPRINTS;
    this.#log = options.log ?? silentLog;
  }

  /** The opener of a serial device of `kind` at `path`, with its presence for the supervisor. */
  watch(kind: DeviceKind, opener: PortOpener): PortOpener {
    const watched: Watched = { kind, path: opener.address, presence: new EventEmitter() };
    this.#watched.push(watched);
    const presence: DevicePresence = watched.presence;
    return { address: opener.address, open: (handlers) => opener.open(handlers), presence };
  }

  /** Starts listening to a binding (it may come after the devices started); after `close()` it is closed at once. */
  async use(binding: HotplugBinding): Promise<void> {
    if (this.#closed || this.#binding) {
      await binding.close();
      return;
    }
    this.#binding = binding;
    binding.on('attached', this.#attached);
    binding.on('detached', this.#detached);
  }

  async close(): Promise<void> {
    this.#closed = true;
    const binding = this.#binding;
    this.#binding = null;
    if (!binding) return;
    binding.off('attached', this.#attached);
    binding.off('detached', this.#detached);
    await binding.close();
  }

  #each(plug: UsbPlug, what: string, concerns: (watched: Watched) => boolean, signal: 'plugged' | 'unplugged'): void {
    const kinds = kindsWithIds(plug.vendorId, plug.productId, this.#fingerprints);
    if (kinds.size === 0) return;
    for (const watched of this.#watched) {
      if (!kinds.has(watched.kind) || !concerns(watched)) continue;
      this.#log.info({ port: watched.path, vendorId: plug.vendorId, productId: plug.productId }, `USB device ${what}`);
      watched.presence.emit(signal);
    }
  }
}
