/**
 * The device end of a `PtyPair`: what a simulator reads host bytes from and writes its answers
 * to. Unplug/plug keep the same `devicePath`, so the driver under test reconnects by itself.
 */
import { SerialPort } from 'serialport';
import { PtyPair } from './pty-pair.ts';

export class PtyPeer {
  readonly #pair: PtyPair;
  readonly #onData: (chunk: Buffer) => void;
  #port: SerialPort | null = null;

  constructor(name: string, onData: (chunk: Buffer) => void, dir?: string) {
    this.#pair = new PtyPair(name, dir);
    this.#onData = onData;
  }

  /** The path a driver opens, standing in for `/dev/serial/by-id/...`. */
  get devicePath(): string {
    return this.#pair.devicePath;
  }

  get plugged(): boolean {
    return this.#port !== null;
  }

  async plug(): Promise<void> {
    if (this.#port) return;
    await this.#pair.plug();
    const port = new SerialPort({ path: this.#pair.peerPath, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('data', (chunk: Buffer) => this.#onData(chunk));
    port.on('error', () => undefined);
    port.on('close', () => {
      if (this.#port === port) this.#port = null;
    });
    this.#port = port;
  }

  async unplug(): Promise<void> {
    const port = this.#port;
    this.#port = null;
    await this.#pair.unplug();
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  async stop(): Promise<void> {
    await this.unplug();
    await this.#pair.stop();
  }

  /** Device → host. Dropped while unplugged, as on a real cable. */
  send(bytes: Buffer | string): void {
    this.#port?.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }
}
