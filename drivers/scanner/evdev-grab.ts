/**
 * Opens an evdev node and takes it for Loupe alone (EVIOCGRAB), so a keyboard-mode scanner's
 * keystrokes do not also type into the kiosk browser.
 *
 * Node has no ioctl(2), and a native addon would be one more thing to build for the Pi. The grab is
 * held by a tiny Python helper (Python 3 ships with Raspberry Pi OS): it opens the node, grabs it,
 * says `ready` on stderr and copies the raw `input_event` records to stdout. The grab lasts exactly
 * as long as the helper: when Loupe closes the link or dies, the kernel releases it.
 */
import { spawn } from 'node:child_process';
import { DeviceError } from '../errors.ts';
import type { OpenPort, PortOpener } from '../serial/interface.ts';

/** _IOW('E', 0x90, int) (include/uapi/linux/input.h). */
export const EVIOCGRAB = 0x40044590;

const HELPER = `
import os, sys, fcntl
path, grab = sys.argv[1], sys.argv[2] == "1"
try:
    fd = os.open(path, os.O_RDONLY)
except OSError as e:
    sys.stderr.write("open: %s\\n" % e.strerror); sys.exit(2)
if grab:
    try:
        fcntl.ioctl(fd, ${EVIOCGRAB}, 1)
    except OSError as e:
        sys.stderr.write("grab: %s\\n" % e.strerror); sys.exit(3)
sys.stderr.write("ready\\n"); sys.stderr.flush()
out = sys.stdout.buffer
while True:
    try:
        data = os.read(fd, 4096)
    except OSError as e:
        sys.stderr.write("read: %s\\n" % e.strerror); sys.exit(4)
    if not data:
        sys.exit(0)
    out.write(data); out.flush()
`;

export interface EvdevOpenerOptions {
  /** `/dev/input/by-id/usb-<vendor>_<product>-event-kbd`. */
  path: string;
  /** Take the device exclusively (default true). Off only for a FIFO in tests and the demo. */
  grab?: boolean;
  python?: string;
}

export function evdevOpener(options: EvdevOpenerOptions): PortOpener {
  const grab = options.grab ?? true;
  return {
    address: options.path,
    open: (handlers) =>
      new Promise<OpenPort>((resolve, reject) => {
        const child = spawn(options.python ?? 'python3', ['-c', HELPER, options.path, grab ? '1' : '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let ready = false;
        let deliberate = false;
        let stderr = '';
        child.on('error', (error) => reject(new DeviceError('LOUPE_E_SCANNER_GRAB_FAILED', { reason: `cannot run ${options.python ?? 'python3'}: ${error.message}` })));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (!ready && stderr.includes('ready\n')) {
            ready = true;
            resolve({
              write: async () => {
                throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: 'an input device cannot be written to' });
              },
              close: () =>
                new Promise((done) => {
                  deliberate = true;
                  if (child.exitCode !== null || child.signalCode !== null) return done();
                  child.once('exit', () => done());
                  child.kill('SIGTERM');
                }),
            });
          }
        });
        child.stdout.on('data', (chunk: Buffer) => handlers.data(chunk));
        child.on('exit', (code) => {
          const reason = stderr.replace('ready\n', '').trim() || `helper exited with ${code}`;
          if (!ready) {
            const osCode = /Permission denied/.test(reason) ? 'EACCES' : /No such file/.test(reason) ? 'ENOENT' : undefined;
            if (code === 3) reject(new DeviceError('LOUPE_E_SCANNER_GRAB_FAILED', { reason, path: options.path }));
            else reject(Object.assign(new Error(reason), osCode ? { code: osCode } : {}));
          } else if (!deliberate) handlers.closed(new Error(reason === `helper exited with 0` ? 'the input device went away' : reason));
        });
      }),
  };
}
