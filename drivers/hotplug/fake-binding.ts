/**
 * A hotplug binding that tests drive by hand: `attach()` and `detach()` report what the kernel
 * would. Pair it with the simulators on real ptys: remove or make the pty's link as udev would,
 * then report the event.
 */
import { EventEmitter } from 'node:events';
import type { HotplugBinding, HotplugEvents, UsbPlug } from './interface.ts';

export class FakeHotplug extends EventEmitter<HotplugEvents> implements HotplugBinding {
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  attach(plug: UsbPlug): void {
    if (!this.#closed) this.emit('attached', plug);
  }

  detach(plug: UsbPlug): void {
    if (!this.#closed) this.emit('detached', plug);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.removeAllListeners();
  }
}
