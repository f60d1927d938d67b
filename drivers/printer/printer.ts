/**
 * An ESC/POS receipt printer on any link the supervisor can keep open: TCP 9100, a device file
 * (`/dev/usb/lp0`) or a serial port. Obligations in `./interface.ts`.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from '../clock.ts';
import { DeviceError, isDeviceError, toDeviceError } from '../errors.ts';
import type { DeviceHealth } from '../health.ts';
import { silentLog, type DriverLog } from '../logger.ts';
import type { PortOpener } from '../serial/interface.ts';
import { PortSupervisor } from '../serial/supervisor.ts';
import type { Waitress } from '../waitress.ts';
import { DLE, DRAWER_KICK, EOT, PAPER_SENSOR_BIT, PAPER_SENSOR_QUERY, STATUS_QUERY } from './constants.ts';
import type { PrintJob, PrintResult, PrinterEvents, ReceiptPrinter } from './interface.ts';
import { MemoryPrintJournal, type PrintJournal } from './journal.ts';
import { createThermalPrinter, layOutReceipt, type Receipt } from './receipt.ts';
import { decodeStatus, StatusParser, type PrinterStatus, type StatusReply } from './status.ts';

export interface EscPosPrinterOptions {
  device: string;
  opener: PortOpener;
  clock?: Clock;
  log?: DriverLog;
  backoffMs?: number[];
  journal?: PrintJournal;
  /** Characters per line (48 on 80 mm paper). */
  width?: number;
  /** False for a write-only link (a unidirectional usblp): no status, no paper checks. */
  readsStatus?: boolean;
  statusTimeoutMs?: number;
  /** How long a receipt may take to come out before it is called uncertain. */
  printTimeoutMs?: number;
  /** How often the status is refreshed for health while idle. */
  statusPollMs?: number;
}

export class EscPosPrinter extends EventEmitter<PrinterEvents> implements ReceiptPrinter {
  readonly #clock: Clock;
  readonly #supervisor: PortSupervisor;
  readonly #parser = new StatusParser();
  readonly #waitress: Waitress<StatusReply>;
  readonly #journal: PrintJournal;
  readonly #width: number;
  readonly #readsStatus: boolean;
  readonly #statusTimeoutMs: number;
  readonly #printTimeoutMs: number;
  readonly #statusPollMs: number;
  #lock: Promise<unknown> = Promise.resolve();
  #pollTimer: TimerHandle | null = null;
  #running = false;
  #last: PrinterStatus | null = null;

  constructor(options: EscPosPrinterOptions) {
    super();
    this.#clock = options.clock ?? systemClock;
    this.#journal = options.journal ?? new MemoryPrintJournal();
    this.#width = options.width ?? 48;
    this.#readsStatus = options.readsStatus ?? true;
    this.#statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.#printTimeoutMs = options.printTimeoutMs ?? 10_000;
    this.#statusPollMs = options.statusPollMs ?? 5000;
    this.#supervisor = new PortSupervisor({
      device: options.device,
      opener: options.opener,
      clock: this.#clock,
      log: options.log ?? silentLog,
      ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
      ...(this.#readsStatus ? { watchdog: { idleMs: this.#statusPollMs * 3, probe: () => this.status() } } : {}),
    });
    this.#waitress = this.#supervisor.serve();
    this.#supervisor.on('data', (chunk) => {
      for (const reply of this.#parser.push(chunk)) this.#waitress.deliver(reply);
    });
    this.#supervisor.on('health', (health) => this.emit('health', health));
  }

  get health(): DeviceHealth {
    return this.#supervisor.health;
  }

  get lastStatus(): PrinterStatus | null {
    return this.#last;
  }

  async start(): Promise<void> {
    this.#running = true;
    await this.#supervisor.start();
    this.#schedulePoll();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#pollTimer) this.#clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = null;
    await this.#supervisor.stop();
  }

  status(): Promise<PrinterStatus> {
    return this.#exclusive(() => this.#readStatus());
  }

  print(job: PrintJob): Promise<PrintResult> {
    return this.#exclusive(async () => {
      const known = await this.#journal.get(job.id);
      if (known?.state === 'uncertain') throw new DeviceError('LOUPE_E_PRINTER_JOB_UNCERTAIN', { jobId: job.id });
      if (known) return { id: job.id, outcome: 'already-printed', copy: false };
      await this.#ensureReady();
      if (!(await this.#journal.claim(job.id, job.receipt))) return { id: job.id, outcome: 'already-printed', copy: false };
      await this.#send(job.id, job.receipt, false);
      return { id: job.id, outcome: 'printed', copy: false };
    });
  }

  reprint(id: string): Promise<PrintResult> {
    return this.#exclusive(async () => {
      const known = await this.#journal.get(id);
      if (!known) throw new DeviceError('LOUPE_E_PRINTER_JOB_UNKNOWN', { jobId: id });
      await this.#ensureReady();
      await this.#send(id, known.receipt, true);
      return { id, outcome: 'printed', copy: true };
    });
  }

  kickDrawer(pulse: { pin: 2 | 5; onMs: number; offMs: number }): Promise<void> {
    // t1 and t2 are one byte of 2 ms units each: at most 510 ms.
    const bytes = DRAWER_KICK(pulse.pin, Math.min(Math.max(pulse.onMs, 2), 510), Math.min(Math.max(pulse.offMs, 2), 510));
    return this.#exclusive(() => this.#supervisor.write(bytes, 'ESC p drawer pulse'));
  }

  /** Sends the receipt through node-thermal-printer's custom-interface seam; settles the journal. */
  async #send(id: string, receipt: Receipt, copy: boolean): Promise<void> {
    let started = false;
    const transport = {
      execute: async (buffer: Buffer) => {
        started = true;
        await this.#supervisor.write(buffer, `print ${id}`, 2000 + buffer.length);
      },
      isPrinterConnected: async () => this.#supervisor.connected,
    };
    const printer = createThermalPrinter(this.#width, transport);
    layOutReceipt(printer, receipt, { width: this.#width, copy });
    try {
      await printer.execute();
    } catch (error) {
      const deviceError = toDeviceError(error);
      const nothingSent = !started || deviceError.details?.sent === 0;
      if (!copy) await this.#journal.settle(id, nothingSent ? 'released' : 'uncertain');
      if (nothingSent) throw deviceError;
      throw new DeviceError('LOUPE_E_PRINTER_JOB_UNCERTAIN', { jobId: id, reason: deviceError.message }, { disconnected: deviceError.disconnected, timedOut: deviceError.timedOut });
    }
    if (this.#readsStatus && !(await this.#cameOut())) {
      // The paper-sensor answer never came: the printer stopped mid-receipt. Ask it why, in real time.
      const after = await this.#readStatus().catch((error: unknown) => toDeviceError(error));
      if (!copy) await this.#journal.settle(id, 'uncertain');
      const code = after instanceof DeviceError ? 'LOUPE_E_PRINTER_JOB_UNCERTAIN' : after.paperOut ? 'LOUPE_E_PRINTER_PAPER_OUT' : after.coverOpen ? 'LOUPE_E_PRINTER_COVER_OPEN' : after.online ? 'LOUPE_E_PRINTER_JOB_UNCERTAIN' : 'LOUPE_E_PRINTER_OFFLINE';
      throw new DeviceError(code, { jobId: id, reason: 'the receipt may be incomplete; print a copy' });
    }
    if (copy) await this.#journal.recordCopy(id);
    else await this.#journal.settle(id, 'printed');
    this.emit('jobPrinted', { id, copy, at: this.#clock.now() });
  }

  /**
   * Queues GS r 1 behind the receipt: the printer answers only once it has processed every byte
   * before it. True when the answer came and the roll had not ended.
   */
  async #cameOut(): Promise<boolean> {
    try {
      const sensor = await this.#waitress.request<number>({
        command: 'GS r 1 (after the receipt)',
        timeoutMs: this.#printTimeoutMs,
        send: () => this.#supervisor.write(PAPER_SENSOR_QUERY, 'GS r 1'),
        accept: (reply) => (reply.kind === 'paper-sensor' ? { kind: 'done', value: reply.byte } : { kind: 'ignore' }),
      });
      this.#supervisor.healthTracker.setCondition('paper-near-end', (sensor & PAPER_SENSOR_BIT.NEAR_END) !== 0);
      return (sensor & PAPER_SENSOR_BIT.PAPER_END) === 0;
    } catch {
      return false;
    }
  }

  async #ensureReady(): Promise<void> {
    if (!this.#readsStatus) {
      if (!this.#supervisor.connected) throw new DeviceError('LOUPE_E_DEVICE_DISCONNECTED', { port: this.#supervisor.address });
      return;
    }
    const status = await this.#readStatus();
    if (status.paperOut) throw new DeviceError('LOUPE_E_PRINTER_PAPER_OUT');
    if (status.coverOpen) throw new DeviceError('LOUPE_E_PRINTER_COVER_OPEN');
    if (!status.online) throw new DeviceError('LOUPE_E_PRINTER_OFFLINE');
  }

  async #readStatus(): Promise<PrinterStatus> {
    const printer = await this.#query(STATUS_QUERY.PRINTER);
    const offline = await this.#query(STATUS_QUERY.OFFLINE_CAUSE);
    const paper = await this.#query(STATUS_QUERY.ROLL_PAPER);
    const status = decodeStatus({ printer, offline, paper });
    this.#record(status);
    return status;
  }

  #query(n: number): Promise<number> {
    const bytes = Buffer.from([DLE, EOT, n]);
    const command = `DLE EOT ${n}`;
    return this.#waitress.request<number>({
      command,
      timeoutMs: this.#statusTimeoutMs,
      send: () => this.#supervisor.write(bytes, command),
      accept: (reply) => (reply.kind === 'realtime' ? { kind: 'done', value: reply.byte } : { kind: 'ignore' }),
    });
  }

  #record(status: PrinterStatus): void {
    const tracker = this.#supervisor.healthTracker;
    tracker.setCondition('paper-out', status.paperOut);
    tracker.setCondition('paper-near-end', status.paperNearEnd && !status.paperOut);
    tracker.setCondition('cover-open', status.coverOpen);
    tracker.setCondition('offline', !status.online && !status.paperOut && !status.coverOpen);
    const previous = this.#last;
    this.#last = status;
    if (!previous || Object.keys(status).some((key) => status[key as keyof PrinterStatus] !== previous[key as keyof PrinterStatus])) {
      this.emit('statusChanged', status);
    }
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.#lock.then(work);
    this.#lock = turn.catch(() => undefined);
    return turn;
  }

  #schedulePoll(): void {
    if (!this.#running || !this.#readsStatus) return;
    this.#pollTimer = this.#clock.setTimeout(() => void this.#poll(), this.#statusPollMs);
  }

  async #poll(): Promise<void> {
    this.#pollTimer = null;
    if (this.#supervisor.connected) {
      await this.status().catch((error: unknown) => {
        if (!isDeviceError(error, 'LOUPE_E_DEVICE_DISCONNECTED')) this.#supervisor.healthTracker.recordError(toDeviceError(error));
      });
    }
    this.#schedulePoll();
  }
}
