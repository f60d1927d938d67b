/**
 * A TSL handheld (1128/1153/2128) over its serial link (USB CDC `/dev/ttyACM*` or Bluetooth SPP
 * `/dev/rfcomm*`): inventories on command and on trigger pulls, battery, sweeps. Obligations in
 * `../interface.ts`.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../../clock.ts';
import { DeviceError } from '../../errors.ts';
import type { DeviceHealth } from '../../health.ts';
import { silentLog, type DriverLog } from '../../logger.ts';
import type { PortOpener } from '../../serial/interface.ts';
import { PortSupervisor } from '../../serial/supervisor.ts';
import type { Verdict, Waitress } from '../../waitress.ts';
import type { RfidReader, RfidReaderEvents, TagRead } from '../interface.ts';
import { Sweep } from '../sweep.ts';
import { TSL_COMMAND, TSL_ERROR, TSL_HEADER, TSL_OUTPUT_POWER_DBM } from './constants.ts';
import { tslTagReads, tslUnescape, type TslResponse } from './frame.ts';
import { TslParser } from './parser.ts';
import { tslCommand, type TslParameters } from './writer.ts';

export interface TslHandheldOptions {
  device: string;
  opener: PortOpener;
  clock?: Clock;
  log?: DriverLog;
  /** Transmit power, 10–29 dBm; lower it to read one case, not the whole shop. */
  outputPowerDbm?: number;
  /** Ask for PC and EPC CRC with each tag and drop reads whose CRC does not match (default on). */
  verifyEpcCrc?: boolean;
  inventoryTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Silence after which the battery is queried to prove the link is alive. */
  idleProbeMs?: number;
  /** At or below this battery percentage health carries `battery-low`. */
  batteryLowPercent?: number;
  backoffMs?: number[];
}

export interface Battery {
  percent: number;
  charging: boolean;
}

export interface TslHandheldEvents extends RfidReaderEvents {
  barcodeRead: [scan: { barcode: string; at: number }];
  batteryChanged: [battery: Battery];
}

export class TslHandheld extends EventEmitter<TslHandheldEvents> implements RfidReader {
  readonly #options: Required<Omit<TslHandheldOptions, 'outputPowerDbm' | 'log' | 'clock' | 'backoffMs'>> & { outputPowerDbm: number | undefined };
  readonly #clock: Clock;
  readonly #log: DriverLog;
  readonly #supervisor: PortSupervisor;
  readonly #parser = new TslParser();
  readonly #waitress: Waitress<TslResponse>;
  #sweep: Sweep | null = null;
  #rejectedReads = 0;

  constructor(options: TslHandheldOptions) {
    super();
    const power = options.outputPowerDbm;
    if (power !== undefined && (power < TSL_OUTPUT_POWER_DBM.min || power > TSL_OUTPUT_POWER_DBM.max)) {
      throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: `output power ${power} dBm is outside 10–29` });
    }
    this.#options = {
      device: options.device,
      opener: options.opener,
      outputPowerDbm: power,
      verifyEpcCrc: options.verifyEpcCrc ?? true,
      inventoryTimeoutMs: options.inventoryTimeoutMs ?? 5000,
      commandTimeoutMs: options.commandTimeoutMs ?? 1500,
      idleProbeMs: options.idleProbeMs ?? 30_000,
      batteryLowPercent: options.batteryLowPercent ?? 10,
    };
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? silentLog;
    this.#supervisor = new PortSupervisor({
      device: options.device,
      opener: options.opener,
      clock: this.#clock,
      log: this.#log,
      ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
      watchdog: { idleMs: this.#options.idleProbeMs, probe: () => this.battery() },
    });
    this.#waitress = this.#supervisor.serve();
    this.#supervisor.on('data', (chunk) => this.#onData(chunk));
    this.#supervisor.on('health', (health) => this.emit('health', health));
    this.#supervisor.on('disconnected', () => this.#parser.reset());
    this.#supervisor.on('connected', () => void this.#configure());
  }

  get health(): DeviceHealth {
    return this.#supervisor.health;
  }

  /** EPC groups dropped so far for bad hex or a CRC mismatch. */
  get rejectedReads(): number {
    return this.#rejectedReads;
  }

  async start(): Promise<void> {
    await this.#supervisor.start();
  }

  async stop(): Promise<void> {
    await this.#supervisor.stop();
  }

  /** Starts collecting every read (commanded or trigger) into a de-duplicated sweep. */
  beginSweep(): Sweep {
    this.#sweep = new Sweep(this.#clock.now());
    return this.#sweep;
  }

  /** Stops collecting and returns the sweep (null when none was running). */
  endSweep(): Sweep | null {
    const sweep = this.#sweep;
    this.#sweep = null;
    return sweep;
  }

  async inventory(options: { timeoutMs?: number } = {}): Promise<TagRead[]> {
    return this.#request(TSL_COMMAND.INVENTORY, {}, options.timeoutMs ?? this.#options.inventoryTimeoutMs, (response) => {
      if (response.ok) return { kind: 'done', value: tslTagReads(response, this.#clock.now()).reads };
      if (response.errorCode === TSL_ERROR.NO_TRANSPONDER) return { kind: 'done', value: [] };
      return { kind: 'fail', error: this.#readerError(TSL_COMMAND.INVENTORY, response) };
    });
  }

  async battery(): Promise<Battery> {
    const battery = await this.#request(TSL_COMMAND.BATTERY, {}, this.#options.commandTimeoutMs, (response) => {
      if (!response.ok) return { kind: 'fail', error: this.#readerError(TSL_COMMAND.BATTERY, response) };
      const percent = Number.parseInt(response.value(TSL_HEADER.BATTERY_PERCENT) ?? '', 10);
      if (!Number.isFinite(percent)) return { kind: 'fail', error: new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: 'no BP: line in the battery answer' }) };
      return { kind: 'done', value: { percent, charging: /^on$/i.test(response.value(TSL_HEADER.CHARGING)?.trim() ?? '') } };
    });
    this.#supervisor.healthTracker.setCondition('battery-low', battery.percent <= this.#options.batteryLowPercent && !battery.charging);
    this.emit('batteryChanged', battery);
    return battery;
  }

  /** Who the handheld is (`.vr`): for the technician's device page and support calls. */
  async info(): Promise<{ manufacturer: string; unitSerial: string; protocolVersion: string }> {
    return this.#request(TSL_COMMAND.VERSION, {}, this.#options.commandTimeoutMs, (response) => {
      if (!response.ok) return { kind: 'fail', error: this.#readerError(TSL_COMMAND.VERSION, response) };
      return {
        kind: 'done',
        value: {
          manufacturer: response.value(TSL_HEADER.MANUFACTURER) ?? '',
          unitSerial: response.value(TSL_HEADER.UNIT_SERIAL) ?? '',
          protocolVersion: response.value(TSL_HEADER.PROTOCOL_VERSION) ?? '',
        },
      };
    });
  }

  /** Stores the inventory parameters Loupe relies on, so trigger pulls report them too. */
  async #configure(): Promise<void> {
    const parameters: TslParameters = { x: true, n: true, r: 'on' };
    if (this.#options.verifyEpcCrc) Object.assign(parameters, { e: 'on', c: 'on' });
    if (this.#options.outputPowerDbm !== undefined) parameters.o = this.#options.outputPowerDbm;
    try {
      await this.#request(TSL_COMMAND.INVENTORY, parameters, this.#options.commandTimeoutMs, (response) =>
        response.ok ? { kind: 'done', value: undefined } : { kind: 'fail', error: this.#readerError(TSL_COMMAND.INVENTORY, response) },
      );
      await this.battery();
    } catch (error) {
      this.#log.warn({ port: this.#supervisor.address, error: (error as Error).message }, 'handheld configuration failed');
      if (error instanceof DeviceError) this.#supervisor.healthTracker.recordError(error);
    }
  }

  #request<T>(command: string, parameters: TslParameters, timeoutMs: number, accept: (response: TslResponse) => Verdict<T>): Promise<T> {
    const bytes = tslCommand(command, parameters);
    return this.#waitress.request({
      command,
      timeoutMs,
      send: () => this.#supervisor.write(bytes, command),
      accept: (response) => (response.commandName === command ? accept(response) : { kind: 'ignore' }),
    });
  }

  #onData(chunk: Buffer): void {
    for (const response of this.#parser.push(chunk)) {
      const claimed = this.#waitress.deliver(response);
      if (response.commandName === TSL_COMMAND.INVENTORY && response.lines.length > 0) this.#takeReads(response, !claimed);
      for (const barcode of response.values(TSL_HEADER.BARCODE)) this.emit('barcodeRead', { barcode: tslUnescape(barcode), at: this.#clock.now() });
    }
  }

  #takeReads(response: TslResponse, trigger: boolean): void {
    const { reads, rejected } = tslTagReads(response, this.#clock.now());
    this.#rejectedReads += rejected;
    const sweep = this.#sweep;
    for (const read of reads) {
      sweep?.add(read);
      this.emit('tagRead', read);
    }
    this.emit('inventoryCompleted', { reads, trigger });
  }

  #readerError(command: string, response: TslResponse): DeviceError {
    const details = { command, tslError: response.errorCode, reason: response.value(TSL_HEADER.MESSAGE) ?? `ER: ${response.errorCode}` };
    if (response.errorCode === TSL_ERROR.BATTERY_TOO_LOW) return new DeviceError('LOUPE_E_RFID_BATTERY_LOW', details);
    return new DeviceError('LOUPE_E_RFID_READER_FAULT', details);
  }
}
