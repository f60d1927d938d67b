/**
 * Simulated barcode scanners. The serial one types codes plus its suffix into a pseudo-terminal,
 * as a scanner in USB CDC mode does. The keyboard one writes kernel `input_event` records (key
 * press and release, shift, Enter) into a FIFO standing in for `/dev/input/by-id/*-event-kbd`.
 *
 * Controls: scan a code, unplug, plug.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync, constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyPeer } from '../serial/pty-peer.ts';
import { encodeInputEvent, EV_KEY, EV_SYN, KEY_STATE, type InputEvent } from './evdev.ts';
import { KEY, keyFor } from './keymap.ts';

export class SerialScannerSimulator {
  readonly #peer: PtyPeer;
  readonly #suffix: string;
  readonly #prefix: string;

  constructor(options: { name?: string; dir?: string; suffix?: '\r' | '\n' | '\r\n'; prefix?: string } = {}) {
    this.#peer = new PtyPeer(options.name ?? 'scanner', () => undefined, options.dir);
    this.#suffix = options.suffix ?? '\r';
    this.#prefix = options.prefix ?? '';
  }

  get devicePath(): string {
    return this.#peer.devicePath;
  }

  start(): Promise<void> {
    return this.#peer.plug();
  }

  stop(): Promise<void> {
    return this.#peer.stop();
  }

  unplug(): Promise<void> {
    return this.#peer.unplug();
  }

  plug(): Promise<void> {
    return this.#peer.plug();
  }

  scan(code: string): void {
    this.#peer.send(Buffer.from(`${this.#prefix}${code}${this.#suffix}`, 'latin1'));
  }

  /** Raw bytes, for noise and half codes. */
  sendRaw(bytes: Buffer | string): void {
    this.#peer.send(bytes);
  }
}

export class KeyboardWedgeSimulator {
  readonly devicePath: string;
  readonly #dir: string;
  readonly #arch: string;
  #fd: number | null = null;

  /** `arch` is the reading process's: it fixes the record size (16 or 24 bytes). */
  constructor(options: { dir?: string; arch?: string } = {}) {
    this.#dir = options.dir ?? mkdtempSync(join(tmpdir(), 'loupe-kbd-'));
    this.devicePath = join(this.#dir, 'usb-Simulated_Scanner-event-kbd');
    this.#arch = options.arch ?? process.arch;
  }

  async start(): Promise<void> {
    await this.plug();
  }

  async stop(): Promise<void> {
    await this.unplug();
    rmSync(this.#dir, { recursive: true, force: true });
  }

  /** Creates the node (a FIFO) and holds it open, so readers block instead of seeing end of file. */
  async plug(): Promise<void> {
    if (this.#fd !== null) return;
    rmSync(this.devicePath, { force: true });
    execFileSync('mkfifo', [this.devicePath]);
    this.#fd = openSync(this.devicePath, constants.O_RDWR | constants.O_NONBLOCK);
  }

  /** The node disappears, as `/dev/input/by-id/...` does when the scanner is unplugged. */
  async unplug(): Promise<void> {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
    rmSync(this.devicePath, { force: true });
  }

  /** Types `code` and Enter, with shift for upper-case letters and symbols. */
  scan(code: string, options: { enter?: boolean } = {}): void {
    const events: InputEvent[] = [];
    const key = (code: number, value: number): void => {
      events.push({ type: EV_KEY, code, value }, { type: EV_SYN, code: 0, value: 0 });
    };
    for (const char of code) {
      const stroke = keyFor(char);
      if (!stroke) throw new Error(`a US keyboard cannot type ${JSON.stringify(char)}`);
      if (stroke.shift) key(KEY.LEFT_SHIFT, KEY_STATE.PRESS);
      key(stroke.code, KEY_STATE.PRESS);
      key(stroke.code, KEY_STATE.RELEASE);
      if (stroke.shift) key(KEY.LEFT_SHIFT, KEY_STATE.RELEASE);
    }
    if (options.enter ?? true) {
      key(KEY.ENTER, KEY_STATE.PRESS);
      key(KEY.ENTER, KEY_STATE.RELEASE);
    }
    this.writeEvents(events);
  }

  writeEvents(events: InputEvent[]): void {
    if (this.#fd === null) return;
    const now = Date.now();
    writeSync(this.#fd, Buffer.concat(events.map((event) => encodeInputEvent(event, now, this.#arch))));
  }
}
