/**
 * A PostgreSQL cluster of the test's own: `initdb` into a temp dir and `postgres` on a free
 * loopback port, as a child process of the test (so it dies with it). initdb refuses to run as
 * root, so as root both run with the `postgres` user's uid/gid in a dir that user owns.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './mosquitto.ts';

const VERSIONS = ['17', '16', '15'];

export function postgresBin(program: 'initdb' | 'postgres'): string {
  for (const version of VERSIONS) {
    const path = `/usr/lib/postgresql/${version}/bin/${program}`;
    if (existsSync(path)) return path;
  }
  throw new Error('PostgreSQL is missing; install with: apt-get install -y postgresql');
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface PostgresOptions {
  /** fsync on for honest commit figures (benchmarks); off for speed (tests). */
  fsync?: boolean;
}

export class PostgresCluster {
  readonly port: number;
  readonly dir: string;
  readonly #child: ChildProcess;
  #databases = 0;

  private constructor(port: number, dir: string, child: ChildProcess) {
    this.port = port;
    this.dir = dir;
    this.#child = child;
  }

  static async start(options: PostgresOptions = {}): Promise<PostgresCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'loupe-pg-'));
    const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const data = join(dir, 'data');
    const init = spawnSync(postgresBin('initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
      ...(owner ?? {}),
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const port = await freePort();
    const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', `fsync=${options.fsync ? 'on' : 'off'}`];
    args.push('-c', 'shared_buffers=32MB', '-c', 'max_connections=60', '-c', 'log_min_messages=warning', '-c', `logging_collector=off`);
    const child = spawn(postgresBin('postgres'), args, { ...(owner ?? {}), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    running.add(child);
    const cluster = new PostgresCluster(port, dir, child);
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${stderr}`);
      const client = new pg.Client({ connectionString: cluster.url('postgres') });
      try {
        await client.connect();
        await client.end();
        return cluster;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error(`postgres did not start: ${(error as Error).message}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** A fresh, empty database; one per test keeps tests independent. */
  async createDatabase(prefix = 'hq'): Promise<string> {
    this.#databases += 1;
    const name = `${prefix}_${this.#databases}`;
    const client = new pg.Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${name}`);
    } finally {
      await client.end();
    }
    return name;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const fields = line?.split(':');
  if (!fields) throw new Error('running as root needs a postgres user (apt-get install -y postgresql creates it)');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}
