/**
 * The ways to reach a device: a serial port (serialport 13, binding injectable), a TCP socket
 * (printers on 9100, ser2net, loopback simulators) and a device file (`/dev/usb/lp0`).
 */
import { open as openFile, read, write, close as closeFile, constants, stat } from 'node:fs';
import { Socket } from 'node:net';
import { SerialPort } from 'serialport';
import type { OpenPort, PortHandlers, PortOpener, SerialSettings } from './interface.ts';

/** The part of serialport's `SerialPortStream` the supervisor uses; `SerialPortMock` fits too. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  write(data: Buffer, callback: (error: Error | null | undefined) => void): boolean;
  close(callback: (error: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: (error: (Error & { disconnected?: boolean }) | null) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  removeAllListeners(): this;
}

export type SerialPortFactory = (options: { path: string; autoOpen: false } & Required<SerialSettings>) => SerialPortLike;

const realSerialPort: SerialPortFactory = (options) => new SerialPort(options);

/**
 * A serial port by path. Besides serialport's own disconnect event, the path is checked every
 * `presencePollMs`: when a USB device (or a socat pty) goes away its node and by-id link vanish,
 * while serialport can miss the hang-up (on a pty its read returns 0 bytes and is simply retried,
 * @serialport/bindings-cpp `unix-read.ts`). `presencePollMs: 0` turns the check off (an in-memory
 * binding has no node to look at).
 */
export function serialOpener(path: string, settings: SerialSettings, createPort: SerialPortFactory = realSerialPort, presencePollMs = 500): PortOpener {
  return {
    address: path,
    open: (handlers) =>
      new Promise<OpenPort>((resolve, reject) => {
        const port = createPort({ path, autoOpen: false, dataBits: 8, parity: 'none', stopBits: 1, ...settings });
        let deliberate = false;
        let presence: ReturnType<typeof setInterval> | null = null;
        const lost = (error: Error | null): void => {
          if (presence) clearInterval(presence);
          presence = null;
          if (deliberate) return;
          deliberate = true;
          handlers.closed(error);
        };
        port.on('data', (chunk) => handlers.data(chunk));
        // An 'error' without a close (a failed write) is reported by the write itself.
        port.on('error', () => undefined);
        port.on('close', (error) => lost(error ?? null));
        port.open((error) => {
          if (error) {
            forget(port);
            reject(error);
            return;
          }
          if (presencePollMs > 0) presence = setInterval(() => {
            stat(path, (statError) => {
              if (!statError || statError.code !== 'ENOENT' || deliberate) return;
              lost(Object.assign(new Error(`${path} disappeared (device unplugged)`), { disconnected: true }));
              port.close(() => forget(port));
            });
          }, presencePollMs);
          resolve({
            write: (data) => new Promise((done, fail) => void port.write(data, (e) => (e ? fail(e) : done()))),
            close: () =>
              new Promise((done) => {
                deliberate = true;
                if (presence) clearInterval(presence);
                if (!port.isOpen) {
                  forget(port);
                  return done();
                }
                port.close(() => {
                  forget(port);
                  done();
                });
              }),
          });
        });
      }),
  };
}

/** `tcp://host:port`, kept open with TCP keep-alive so a dead peer is noticed. */
export function tcpOpener(host: string, port: number, connectTimeoutMs = 3000): PortOpener {
  return {
    address: `tcp://${host}:${port}`,
    open: (handlers) =>
      new Promise<OpenPort>((resolve, reject) => {
        const socket = new Socket();
        let deliberate = false;
        let connected = false;
        socket.setNoDelay(true);
        socket.setTimeout(connectTimeoutMs, () => socket.destroy(new Error(`connect timeout after ${connectTimeoutMs}ms`)));
        socket.on('data', (chunk) => handlers.data(chunk));
        socket.on('error', (error) => {
          if (!connected) reject(error);
        });
        socket.on('close', () => {
          if (connected && !deliberate) handlers.closed(new Error('connection closed by the device'));
        });
        socket.connect(port, host, () => {
          connected = true;
          socket.setTimeout(0);
          socket.setKeepAlive(true, 15_000);
          resolve({
            write: (data) => new Promise((done, fail) => void socket.write(data, (e) => (e ? fail(e) : done()))),
            close: () =>
              new Promise((done) => {
                deliberate = true;
                socket.once('close', () => done());
                socket.destroy();
              }),
          });
        });
      }),
  };
}

/**
 * A character device such as `/dev/usb/lp0`, opened read-write and non-blocking: blocking reads
 * would hold libuv's thread pool forever. Reads are polled every `pollMs`; end of file, EIO or
 * ENODEV means the device went away (usblp removes the node on unplug).
 */
export function deviceFileOpener(path: string, pollMs = 50): PortOpener {
  return {
    address: path,
    open: (handlers: PortHandlers) =>
      new Promise<OpenPort>((resolve, reject) => {
        openFile(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY, (openError, fd) => {
          if (openError) {
            reject(openError);
            return;
          }
          let open = true;
          const buffer = Buffer.alloc(256);
          const shut = (error: Error | null): void => {
            if (!open) return;
            open = false;
            clearInterval(poller);
            closeFile(fd, () => handlers.closed(error));
          };
          let reading = false;
          const poller = setInterval(() => {
            if (reading || !open) return;
            reading = true;
            read(fd, buffer, 0, buffer.length, null, (error, bytes) => {
              reading = false;
              if (!open) return;
              if (error && (error.code === 'EAGAIN' || error.code === 'EWOULDBLOCK')) return;
              if (error) shut(error);
              else if (bytes === 0) shut(new Error('device closed (end of file)'));
              else handlers.data(Buffer.from(buffer.subarray(0, bytes)));
            });
          }, pollMs);
          resolve({
            write: (data) => writeAll(fd, data, () => open),
            close: () =>
              new Promise((done) => {
                if (!open) return done();
                open = false;
                clearInterval(poller);
                closeFile(fd, () => done());
              }),
          });
        });
      }),
  };
}

/** Writes every byte, retrying briefly while a non-blocking device says EAGAIN (buffer full). */
function writeAll(fd: number, data: Buffer, isOpen: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      if (!isOpen()) return reject(new Error('device closed'));
      if (offset >= data.length) return resolve();
      write(fd, data, offset, data.length - offset, null, (error, written) => {
        if (error && error.code === 'EAGAIN') setTimeout(() => step(offset), 10);
        else if (error) reject(error);
        else step(offset + written);
      });
    };
    step(0);
  });
}

/**
 * Drops a closed port's listeners but keeps a quiet 'error' one: a write still queued when the
 * close completes fails with EBADF afterwards, and an 'error' nobody listens to would crash the
 * process (seen once in three full test runs, in the device tests' stop).
 */
function forget(port: { removeAllListeners(): unknown; on(event: 'error', listener: () => void): unknown }): void {
  port.removeAllListeners();
  port.on('error', () => undefined);
}
