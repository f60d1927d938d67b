/**
 * An in-process link for unit tests and benchmarks: the test plays the device, sees every byte
 * the driver wrote, and can pull the plug or refuse to open.
 */
import type { OpenPort, PortHandlers, PortOpener } from '../../../drivers/serial/interface.ts';

export class MemoryOpener implements PortOpener {
  readonly address: string;
  readonly written: Buffer[] = [];
  opens = 0;
  /** Number of upcoming `open()` calls that fail with ENOENT. */
  failOpens = 0;
  /** When true, writes never complete (a vanished serial port). */
  hangWrites = false;
  #handlers: PortHandlers | null = null;
  #onWrite: ((data: Buffer) => void) | null = null;

  constructor(address = '/dev/serial/by-id/usb-Memory_Test-if00') {
    this.address = address;
  }

  get isOpen(): boolean {
    return this.#handlers !== null;
  }

  /** Called with every write, for a device that answers. */
  onWrite(callback: (data: Buffer) => void): void {
    this.#onWrite = callback;
  }

  async open(handlers: PortHandlers): Promise<OpenPort> {
    this.opens += 1;
    if (this.failOpens > 0) {
      this.failOpens -= 1;
      throw Object.assign(new Error(`ENOENT: no such file or directory, open '${this.address}'`), { code: 'ENOENT' });
    }
    this.#handlers = handlers;
    return {
      write: (data) => {
        if (this.hangWrites) return new Promise(() => undefined);
        this.written.push(Buffer.from(data));
        this.#onWrite?.(Buffer.from(data));
        return Promise.resolve();
      },
      close: async () => {
        this.#handlers = null;
      },
    };
  }

  /** Device → driver. */
  send(data: Buffer | string): void {
    this.#handlers?.data(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  /** The cable is pulled. */
  drop(reason = 'device unplugged'): void {
    const handlers = this.#handlers;
    this.#handlers = null;
    handlers?.closed(Object.assign(new Error(reason), { disconnected: true }));
  }

  writtenText(): string {
    return Buffer.concat(this.written).toString('latin1');
  }
}
