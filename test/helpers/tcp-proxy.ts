/**
 * A loopback TCP proxy for network faults between a client and a server: `cut()` drops every
 * connection and refuses new ones until `restore()`; `blackhole()` silently swallows bytes in one
 * direction (e.g. PUBACKs lost) while the connection stays up; `delayMs` adds latency per chunk,
 * keeping order.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type Direction = 'toServer' | 'toClient' | 'both';

interface Pair {
  client: Socket;
  server: Socket;
}

export class TcpProxy {
  readonly #server: Server;
  readonly #target: { host: string; port: number };
  readonly #pairs = new Set<Pair>();
  #down = false;
  #blackhole: Direction | null = null;
  delayMs = 0;
  accepted = 0;

  private constructor(server: Server, target: { host: string; port: number }) {
    this.#server = server;
    this.#target = target;
  }

  static async start(target: { host?: string; port: number }): Promise<TcpProxy> {
    const server = createServer();
    const proxy = new TcpProxy(server, { host: target.host ?? '127.0.0.1', port: target.port });
    server.on('connection', (socket) => proxy.#accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    return proxy;
  }

  get port(): number {
    const address = this.#server.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get connections(): number {
    return this.#pairs.size;
  }

  /** Drops every open connection (both ends see a reset) and refuses new ones. */
  cut(): void {
    this.#down = true;
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.server.destroy();
    }
    this.#pairs.clear();
  }

  restore(): void {
    this.#down = false;
    this.#blackhole = null;
  }

  blackhole(direction: Direction | null): void {
    this.#blackhole = direction;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    if (this.#down) {
      client.destroy();
      return;
    }
    this.accepted += 1;
    const server = createConnection(this.#target);
    const pair = { client, server };
    this.#pairs.add(pair);
    const close = () => {
      this.#pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('error', close);
    server.on('error', close);
    client.on('close', close);
    server.on('close', close);
    this.#pipe(client, server, 'toServer');
    this.#pipe(server, client, 'toClient');
  }

  #pipe(from: Socket, to: Socket, direction: 'toServer' | 'toClient'): void {
    let due = 0;
    from.on('data', (chunk: Buffer) => {
      if (this.#blackhole === direction || this.#blackhole === 'both') return;
      if (this.delayMs <= 0) {
        to.write(chunk);
        return;
      }
      due = Math.max(due, Date.now() + this.delayMs);
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, due - Date.now());
    });
  }
}
