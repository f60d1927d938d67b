/**
 * A simulated ESC/POS receipt printer, on loopback TCP (like a printer on port 9100) or on a
 * pseudo-terminal (like a serial or usblp printer). It reads commands with a full length table,
 * answers DLE EOT at once with real status bytes, keeps the printed lines, cuts receipts, pulses
 * an attached drawer, and reports every command it does not know (node-thermal-printer's
 * truncated `ESC p 0` shows up here as a stray byte).
 *
 * Controls: pull the paper, near end, open the cover, unplug, and look at what was printed.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { PtyPeer } from '../serial/pty-peer.ts';
import { decodeText } from './code-pages.ts';
import { EscPosReader } from './escpos-reader.ts';
import { encodeStatus, type PrinterStatus } from './status.ts';

export interface PrintedReceipt {
  lines: string[];
  at: number;
}

/** What the printer's drawer connector is wired to (see drawer/simulator.ts). */
export interface DrawerConnector {
  kick(pin: 2 | 5, onMs: number): void;
  /** Level of the pin 3 switch input. */
  readonly pin3High: boolean;
}

export interface PrinterSimulatorEvents {
  receiptPrinted: [receipt: PrintedReceipt];
  drawerPulse: [pulse: { pin: 2 | 5; onMs: number; offMs: number }];
  protocolError: [description: string];
}

export class PrinterSimulator extends EventEmitter<PrinterSimulatorEvents> {
  readonly transport: 'tcp' | 'pty';
  readonly #pty: PtyPeer | null;
  #server: Server | null = null;
  #port = 0;
  readonly #sockets = new Set<Socket>();
  #drawer: DrawerConnector | null = null;
  #paper: 'ok' | 'near-end' | 'out' = 'ok';
  #coverOpen = false;
  #paperLeft: number | null = null;
  #codePage = 0;
  #line = '';
  #lines: string[] = [];
  /** Every byte the printer received, in order: what a test decodes. */
  readonly received: Buffer[] = [];
  readonly receipts: PrintedReceipt[] = [];
  /** What was printed before the paper ran out, never cut. */
  readonly tornReceipts: PrintedReceipt[] = [];
  readonly protocolErrors: string[] = [];
  /** Bytes thrown away because the printer could not print (paper out, cover open). */
  lostBytes = 0;

  constructor(options: { transport?: 'tcp' | 'pty'; name?: string; dir?: string } = {}) {
    super();
    this.transport = options.transport ?? 'tcp';
    const reader = new EscPosReader();
    this.#pty = this.transport === 'pty' ? new PtyPeer(options.name ?? 'receipt-printer', (chunk) => this.#onData(reader, chunk, (b) => this.#pty?.send(b)), options.dir) : null;
  }

  /** `tcp://127.0.0.1:<port>` or the pty path a driver opens. */
  get address(): string {
    return this.#pty ? this.#pty.devicePath : `tcp://127.0.0.1:${this.#port}`;
  }

  get host(): string {
    return '127.0.0.1';
  }

  get port(): number {
    return this.#port;
  }

  get status(): PrinterStatus {
    const paperOut = this.#paper === 'out';
    return {
      online: !paperOut && !this.#coverOpen,
      coverOpen: this.#coverOpen,
      paperNearEnd: this.#paper === 'near-end',
      paperOut,
      drawerPin3High: this.#drawer?.pin3High ?? false,
      error: false,
    };
  }

  /** All bytes received so far, concatenated. */
  bytes(): Buffer {
    return Buffer.concat(this.received);
  }

  connectDrawer(drawer: DrawerConnector): void {
    this.#drawer = drawer;
  }

  async start(): Promise<void> {
    if (this.#pty) return this.#pty.plug();
    await this.#listen();
  }

  async stop(): Promise<void> {
    if (this.#pty) return this.#pty.stop();
    await this.unplug();
  }

  /** Power off / cable out: every connection drops and no new one is accepted. */
  async unplug(): Promise<void> {
    if (this.#pty) return this.#pty.unplug();
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Power back on, on the same port. */
  async plug(): Promise<void> {
    if (this.#pty) return this.#pty.plug();
    await this.#listen();
  }

  pullPaper(): void {
    this.#paper = 'out';
    if (this.#line) this.#newLine();
    if (this.#lines.length > 0) this.tornReceipts.push({ lines: this.#lines, at: Date.now() });
    this.#lines = [];
  }

  /** The roll ends after `bytes` more bytes of print data (a receipt cut off mid-way). */
  runOutOfPaperAfter(bytes: number): void {
    this.#paperLeft = bytes;
  }

  setPaperNearEnd(): void {
    this.#paper = 'near-end';
  }

  loadPaper(): void {
    this.#paper = 'ok';
    this.#paperLeft = null;
  }

  openCover(): void {
    this.#coverOpen = true;
  }

  closeCover(): void {
    this.#coverOpen = false;
  }

  async #listen(): Promise<void> {
    const server = createServer((socket) => {
      const reader = new EscPosReader();
      this.#sockets.add(socket);
      socket.on('data', (chunk) => this.#onData(reader, chunk, (bytes) => socket.write(bytes)));
      socket.on('error', () => undefined);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  #onData(reader: EscPosReader, chunk: Buffer, reply: (bytes: Buffer) => void): void {
    this.received.push(Buffer.from(chunk));
    for (const token of reader.push(chunk)) {
      if (token.kind === 'command' && token.name === 'realtime-status') {
        reply(Buffer.from([encodeStatus(token.bytes[2] as number, this.status)]));
        continue;
      }
      if (token.kind === 'unknown') {
        this.#protocolError(`unknown or truncated command: ${token.bytes.toString('hex')}`);
        continue;
      }
      if (!this.status.online) {
        this.lostBytes += token.kind === 'text' || token.kind === 'command' ? token.bytes.length : 1;
        continue;
      }
      if (this.#paperLeft !== null) {
        const size = token.kind === 'lf' ? 1 : token.bytes.length;
        this.#paperLeft -= size;
        if (this.#paperLeft <= 0) {
          this.pullPaper();
          this.lostBytes += size;
          continue;
        }
      }
      if (token.kind === 'text') this.#text(token.bytes);
      else if (token.kind === 'lf') this.#newLine();
      else this.#command(token.name, token.bytes, reply);
    }
  }

  #text(bytes: Buffer): void {
    const text = decodeText(bytes, this.#codePage);
    if (text === null) this.#protocolError(`text in unknown code table ${this.#codePage}`);
    this.#line += (text ?? '').replace(/\r/g, '');
  }

  #newLine(): void {
    this.#lines.push(this.#line);
    this.#line = '';
  }

  #command(name: string, bytes: Buffer, reply: (bytes: Buffer) => void): void {
    const p = bytes[2] ?? 0;
    switch (name) {
      case 'initialize':
        this.#codePage = 0;
        return;
      case 'code-table':
        if (decodeText(Buffer.from([0x80]), p) === null && p !== 0) this.#protocolError(`code table ${p} is not installed`);
        this.#codePage = p;
        return;
      case 'justify':
        if (![0, 1, 2, 48, 49, 50].includes(p)) this.#protocolError(`justification ${p} is out of range`);
        return;
      case 'cut':
        if (this.#line) this.#newLine();
        this.#finishReceipt();
        return;
      case 'drawer-pulse':
        return this.#pulse(bytes);
      case 'transmit-status':
        reply(Buffer.from([this.status.paperOut ? 0x0c : this.status.paperNearEnd ? 0x03 : 0x00]));
        return;
      default:
        return;
    }
  }

  #pulse(bytes: Buffer): void {
    const [, , m = 0, t1 = 0, t2 = 0] = bytes;
    if (![0, 1, 48, 49].includes(m)) {
      this.#protocolError(`drawer pulse on connector ${m}`);
      return;
    }
    const pin: 2 | 5 = m === 0 || m === 48 ? 2 : 5;
    const onMs = t1 * 2;
    // ON time over 510 ms is out of spec; OFF shorter than ON is stretched by the printer (reference §3.1).
    const offMs = Math.max(t2, t1) * 2;
    this.emit('drawerPulse', { pin, onMs, offMs });
    this.#drawer?.kick(pin, onMs);
  }

  #finishReceipt(): void {
    const receipt = { lines: this.#lines, at: Date.now() };
    this.#lines = [];
    this.receipts.push(receipt);
    this.emit('receiptPrinted', receipt);
  }

  #protocolError(description: string): void {
    this.protocolErrors.push(description);
    this.emit('protocolError', description);
  }
}
