/**
 * A pair of connected pseudo-terminals made by socat, so a simulator can be a real serial peer:
 * the driver opens `devicePath` exactly as it would open `/dev/serial/by-id/...`, the simulator
 * opens `peerPath`. `unplug()` kills socat (the driver's port closes with `disconnected`, the
 * links vanish like a by-id link does); `plug()` brings the same paths back.
 *
 * Every socat started here is killed on `stop()` and, as a last resort, when the process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOCAT = process.env.LOUPE_SOCAT ?? 'socat';
const STARTUP_TIMEOUT_MS = 5000;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

export class PtyPair {
  readonly devicePath: string;
  readonly peerPath: string;
  readonly #dir: string;
  readonly #ownsDir: boolean;
  #socat: ChildProcess | null = null;

  /** `dir` defaults to a fresh unique temp folder, removed by `stop()`. */
  constructor(name: string, dir?: string) {
    this.#ownsDir = dir === undefined;
    this.#dir = dir ?? mkdtempSync(join(tmpdir(), 'loupe-pty-'));
    this.devicePath = join(this.#dir, `${name}`);
    this.peerPath = join(this.#dir, `${name}.peer`);
  }

  get plugged(): boolean {
    return this.#socat !== null;
  }

  /** Starts socat and resolves once both links exist. */
  async plug(): Promise<void> {
    if (this.#socat) return;
    for (const path of [this.devicePath, this.peerPath]) rmSync(path, { force: true });
    installExitHook();
    const child = spawn(SOCAT, ['-d', '-d', `pty,raw,echo=0,link=${this.devicePath}`, `pty,raw,echo=0,link=${this.peerPath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    live.add(child);
    child.once('exit', () => live.delete(child));
    this.#socat = child;
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const timer = setTimeout(() => fail(new Error(`socat did not start within ${STARTUP_TIMEOUT_MS}ms: ${log}`)), STARTUP_TIMEOUT_MS);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        this.#socat = null;
        reject(error);
      };
      child.once('error', (error) => fail(new Error(`cannot run ${SOCAT} (install the socat package): ${error.message}`)));
      child.stderr?.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('starting data transfer loop') && existsSync(this.devicePath) && existsSync(this.peerPath)) {
          clearTimeout(timer);
          child.stderr?.removeAllListeners('data');
          child.stderr?.resume();
          resolve();
        }
      });
    });
  }

  /** Kills socat, like pulling the USB cable; resolves once it has exited. */
  async unplug(): Promise<void> {
    const child = this.#socat;
    this.#socat = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  async stop(): Promise<void> {
    await this.unplug();
    if (this.#ownsDir) rmSync(this.#dir, { recursive: true, force: true });
  }
}
