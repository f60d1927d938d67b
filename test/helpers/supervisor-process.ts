/**
 * `loupe supervise` as systemd runs it: from the releases root's `good` release, as a real process
 * in its own process group (so a kill takes its child with it, as systemd's cgroup would).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface RunningSupervisor {
  child: ChildProcess;
  output(): string;
  /** The address of the appliance that logged "Loupe is ready" last. */
  lastUrl(): string | null;
  exited: Promise<number | null>;
  kill(): Promise<void>;
}

export function startSupervisor(root: string, dataDir: string, args: string[] = []): RunningSupervisor {
  const child = spawn(process.execPath, [join(root, 'good/firmware/bin/loupe.js'), 'supervise', '--releases', root, '--data', dataDir, '--port', '0', ...args], {
    env: { ...process.env, LOUPE_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => output,
    lastUrl: () => [...output.matchAll(/"address":"(http:\/\/[^"]+)".*"msg":"Loupe is ready"/g)].pop()?.[1] ?? null,
    exited,
    async kill() {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
    },
  };
}

/** Polls `check` until it returns a value, or throws after `timeoutMs` with the supervisor's output. */
export async function waitFor<T>(what: string, supervisor: RunningSupervisor, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms:\n${supervisor.output().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The version the appliance at `url` reports on /healthz, or undefined if it does not answer. */
export async function servedVersion(url: string | null): Promise<string | undefined> {
  if (!url) return undefined;
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok ? ((await response.json()) as { version: string }).version : undefined;
  } catch {
    return undefined;
  }
}
