/**
 * The real `loupe` command as a child process, the way systemd or a technician runs it.
 * `startLoupe` resolves once the API answers, with its address read from the ready log line
 * (the appliance listens on port 0, so parallel runs never collide).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const LOUPE_BIN = fileURLToPath(new URL('../../firmware/bin/loupe.js', import.meta.url));

export interface RunningLoupe {
  child: ChildProcess;
  url: string;
  /** What the process wrote so far, both streams. */
  output(): string;
  /** SIGKILL, and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, and wait for a clean exit; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** `args` replaces the default `--data <dataDir> --port 0` (to test the environment variables). */
export function startLoupe(dataDir: string, options: { env?: Record<string, string>; args?: string[]; timeoutMs?: number } = {}): Promise<RunningLoupe> {
  const child = spawn(process.execPath, [LOUPE_BIN, 'start', ...(options.args ?? ['--data', dataDir, '--port', '0'])], {
    env: { ...process.env, LOUPE_LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a kill takes the simulators' socat processes with it, as systemd's cgroup would.
    detached: true,
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(-(child.pid as number), 'SIGKILL');
      reject(new Error(`loupe start did not become ready in ${options.timeoutMs ?? 20_000} ms:\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /"address":"(http:\/\/[^"]+)".*"msg":"Loupe is ready"/.exec(output);
      if (ready) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (more: Buffer) => (output += more.toString()));
        resolve({
          child,
          url: ready[1] as string,
          output: () => output,
          kill: async () => {
            process.kill(-(child.pid as number), 'SIGKILL');
            await exited;
          },
          stop: async () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`loupe start exited with ${code} before it was ready:\n${output}`));
    });
  });
}

/** Runs a `loupe` command to completion. */
export function runLoupe(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [LOUPE_BIN, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export async function post(url: string, token: string | null, body?: unknown): Promise<Response> {
  const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  // A route that takes no body refuses one (LOUPE_E_API_BODY_NOT_EXPECTED): none is sent when none is given.
  if (body === undefined) return fetch(url, { method: 'POST', headers: auth });
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) });
}
