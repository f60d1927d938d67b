/**
 * A Mosquitto broker of the test's own: `/usr/sbin/mosquitto` with a generated config in a temp
 * dir, on a free loopback port. `kill('SIGKILL')` + `restart()` reuse the port, so clients
 * reconnect to "the same broker" after a crash. Killed on process exit even when a test fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto';

export interface MosquittoOptions {
  /** Keep retained messages and sessions on disk (snapshots: only on SIGTERM or autosave). */
  persistence?: boolean;
  /** Replaces the default plain listener; `{port}` and `{dir}` are substituted. */
  listener?: string[];
  /** More lines for mosquitto.conf. */
  extra?: string[];
  /** A whole mosquitto.conf to run instead of the generated one (`{port}`, `{dir}` substituted). */
  config?: string;
  port?: number;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export class MosquittoBroker {
  readonly port: number;
  readonly dir: string;
  readonly #configFile: string;
  #child: ChildProcess | undefined;

  private constructor(port: number, dir: string, configFile: string) {
    this.port = port;
    this.dir = dir;
    this.#configFile = configFile;
  }

  static async start(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
    if (!existsSync(MOSQUITTO_BIN)) throw new Error(`Mosquitto is missing; install with: apt-get install -y mosquitto`);
    const dir = mkdtempSync(join(tmpdir(), 'loupe-mosquitto-'));
    const port = options.port ?? (await freePort());
    const listener = (options.listener ?? ['listener {port} 127.0.0.1', 'allow_anonymous true']).map((line) =>
      line.replaceAll('{port}', String(port)).replaceAll('{dir}', dir),
    );
    const config = options.config !== undefined ? [
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      options.config.replaceAll('{port}', String(port)).replaceAll('{dir}', dir),
      `log_dest file ${dir}/mosquitto.log`,
    ] : [
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      'per_listener_settings false',
      ...listener,
      `persistence ${options.persistence ? 'true' : 'false'}`,
      `persistence_location ${dir}/`,
      `log_dest file ${dir}/mosquitto.log`,
      'log_type error',
      'log_type warning',
      'log_type notice',
      'log_type information',
      'max_queued_messages 0',
      'max_queued_bytes 268435456',
      'max_inflight_messages 20',
      'set_tcp_nodelay true',
      ...(options.extra ?? []),
    ];
    const configFile = join(dir, 'mosquitto.conf');
    writeFileSync(configFile, `${config.join('\n')}\n`);
    const broker = new MosquittoBroker(port, dir, configFile);
    await broker.#spawn();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  log(): string {
    try {
      return readFileSync(join(this.dir, 'mosquitto.log'), 'utf8');
    } catch {
      return '';
    }
  }

  /** Kills the broker (SIGKILL: a crash; retained messages and queues since the last snapshot are lost). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    running.delete(child);
    this.#child = undefined;
  }

  /** Starts the broker again on the same port with the same config. */
  async restart(): Promise<void> {
    await this.kill('SIGKILL');
    await this.#spawn();
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }

  async #spawn(): Promise<void> {
    const child = spawn(MOSQUITTO_BIN, ['-c', this.#configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    running.add(child);
    this.#child = child;
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`Mosquitto exited with ${child.exitCode}: ${stderr}\n${this.log()}`);
      if (await canConnect(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`Mosquitto did not listen on ${this.port} within 10 s: ${stderr}\n${this.log()}`);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const SAMPLE = fileURLToPath(new URL('../../images/mosquitto/', import.meta.url));

/** The sample broker config (images/mosquitto/) as it is, with its files, port and folder replaced. */
export function sampleBrokerConfig(files: { serverCert: string; serverKey: string; caCert: string; crl: string }): string {
  return readFileSync(join(SAMPLE, 'mosquitto.conf'), 'utf8')
    .replace(/^listener 8883$/m, 'listener {port} 127.0.0.1')
    .replaceAll('/etc/mosquitto/tls/server.crt', files.serverCert)
    .replaceAll('/etc/mosquitto/tls/server.key', files.serverKey)
    .replaceAll('/etc/mosquitto/tls/device-ca.crt', files.caCert)
    .replaceAll('/etc/mosquitto/tls/device-ca.crl', files.crl)
    .replaceAll('/etc/mosquitto/acl', join(SAMPLE, 'acl'))
    .replaceAll('/var/lib/mosquitto/', '{dir}/')
    .replace(/^log_dest syslog$/m, '');
}
