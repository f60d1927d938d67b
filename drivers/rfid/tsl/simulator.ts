/**
 * A simulated TSL handheld on a real pseudo-terminal. It parses every command line the way the
 * reader does (dot + two letters, `-id value` parameters that persist, `-x` reset, `-n` store
 * only), answers unknown commands and parameters with the reader's error codes, and speaks the
 * response blocks of reference/device-protocols.md §1.1.
 *
 * Controls: put tags in the field, pull the trigger, set the battery, scan a barcode, unplug.
 */
import { EventEmitter } from 'node:events';
import { gen2Crc16, pcWordFor } from '../gen2-crc.ts';
import { LineSplitter } from '../../serial/line-splitter.ts';
import { PtyPeer } from '../../serial/pty-peer.ts';
import { TSL_COMMAND, TSL_ERROR, TSL_HEADER, TSL_OUTPUT_POWER_DBM } from './constants.ts';
import { TslResponse, tslEscape, type TslLine } from './frame.ts';

const SWITCHES = new Set(['al', 'c', 'dt', 'e', 'fi', 'fs', 'ie', 'io', 'ix', 'r', 'tf']);
const FREE_VALUES = new Set(['dr', 'qa', 'ql', 'qs', 'qt', 'qv', 'sa', 'sb', 'sd', 'sl', 'so', 'st']);
const DEFAULT_IV: Record<string, string> = { r: 'off', e: 'off', c: 'off', o: '29' };

export interface FieldTag {
  epc: string;
  /** dBm; defaults to -55. */
  rssi?: number;
}

export interface TslSimulatorEvents {
  /** A command line the simulator received, as sent. */
  command: [line: string];
}

export class TslHandheldSimulator extends EventEmitter<TslSimulatorEvents> {
  readonly #peer: PtyPeer;
  readonly #splitter = new LineSplitter('any');
  readonly #field = new Map<string, number>();
  #iv: Record<string, string> = { ...DEFAULT_IV };
  #battery = { percent: 87, charging: false };
  readonly received: string[] = [];
  /** While true the reader takes commands but answers nothing (busy, or its radio hung). */
  silent = false;

  constructor(options: { name?: string; dir?: string } = {}) {
    super();
    this.#peer = new PtyPeer(options.name ?? 'tsl-handheld', (chunk) => this.#onData(chunk), options.dir);
  }

  /** The path the driver opens, standing in for `/dev/rfcomm0` or `/dev/serial/by-id/...`. */
  get devicePath(): string {
    return this.#peer.devicePath;
  }

  /** The stored `.iv` parameters, as the reader would list them with `-p`. */
  get inventoryParameters(): Readonly<Record<string, string>> {
    return { ...this.#iv };
  }

  async start(): Promise<void> {
    await this.#peer.plug();
  }

  async stop(): Promise<void> {
    await this.#peer.stop();
  }

  unplug(): Promise<void> {
    return this.#peer.unplug();
  }

  plug(): Promise<void> {
    return this.#peer.plug();
  }

  putTags(tags: FieldTag[]): void {
    for (const tag of tags) this.#field.set(tag.epc.toUpperCase(), tag.rssi ?? -55);
  }

  removeTags(epcs: string[]): void {
    for (const epc of epcs) this.#field.delete(epc.toUpperCase());
  }

  clearField(): void {
    this.#field.clear();
  }

  setBattery(percent: number, charging = false): void {
    this.#battery = { percent, charging };
  }

  /** The trigger starts an inventory with the stored parameters; its block arrives unsolicited. */
  pullTrigger(): void {
    this.#peer.send(this.#inventory(TSL_COMMAND.INVENTORY).toBuffer());
  }

  /** The handheld's imager read a barcode (CR, LF and ESC in it are ESC-escaped). */
  scanBarcode(barcode: string): void {
    this.#peer.send(new TslResponse('.bc', [{ header: TSL_HEADER.BARCODE, value: tslEscape(barcode) }], null).toBuffer());
  }

  #onData(chunk: Buffer): void {
    for (const line of this.#splitter.push(chunk)) {
      this.received.push(line);
      this.emit('command', line);
      if (!this.silent) this.#peer.send(this.#answer(line.trim()).toBuffer());
    }
  }

  #answer(line: string): TslResponse {
    const parsed = parseCommand(line);
    if (!parsed) return failure(line, TSL_ERROR.SYNTAX, 'Syntax error');
    const { command, parameters } = parsed;
    switch (command) {
      case TSL_COMMAND.INVENTORY:
        return this.#inventoryCommand(line, parameters);
      case TSL_COMMAND.BATTERY:
        return new TslResponse(line, [
          { header: TSL_HEADER.BATTERY_PERCENT, value: `${this.#battery.percent}%` },
          { header: TSL_HEADER.CHARGING, value: this.#battery.charging ? 'On' : 'Off' },
        ], null);
      case TSL_COMMAND.VERSION:
        return new TslResponse(line, [
          { header: TSL_HEADER.MANUFACTURER, value: 'Technology Solutions (UK) Ltd (simulated)' },
          { header: TSL_HEADER.UNIT_SERIAL, value: '1128-SIM-000001' },
          { header: TSL_HEADER.PROTOCOL_VERSION, value: '2.5' },
        ], null);
      case TSL_COMMAND.ABORT:
      case TSL_COMMAND.ECHO:
        return new TslResponse(line, [], null);
      default:
        return failure(line, TSL_ERROR.NOT_SUPPORTED_BY_HARDWARE, 'Command not supported');
    }
  }

  #inventoryCommand(line: string, parameters: [string, string | null][]): TslResponse {
    const next = parameters.some(([name]) => name === 'x') ? { ...DEFAULT_IV } : { ...this.#iv };
    let storeOnly = false;
    for (const [name, value] of parameters) {
      if (name === 'x' || name === 'p') continue;
      if (name === 'n') storeOnly = true;
      else if (SWITCHES.has(name) && (value === 'on' || value === 'off')) next[name] = value;
      else if (name === 'o' && value !== null && /^\d+$/.test(value) && Number(value) >= TSL_OUTPUT_POWER_DBM.min && Number(value) <= TSL_OUTPUT_POWER_DBM.max) next[name] = value;
      else if (FREE_VALUES.has(name) && value !== null) next[name] = value;
      else return failure(line, TSL_ERROR.PARAMETER_NOT_SUPPORTED, `Parameter not supported: -${name}`);
    }
    this.#iv = next; // parameters persist, whether or not the inventory runs
    return storeOnly ? new TslResponse(line, [], null) : this.#inventory(line);
  }

  #inventory(command: string): TslResponse {
    if (this.#field.size === 0) return failure(command, TSL_ERROR.NO_TRANSPONDER, 'No transponder found');
    const lines: TslLine[] = [];
    for (const [epc, rssi] of this.#field) {
      const pc = pcWordFor(epc.length / 2).toString(16).toUpperCase().padStart(4, '0');
      lines.push({ header: TSL_HEADER.EPC, value: epc });
      if (this.#iv.e === 'on') lines.push({ header: TSL_HEADER.PC, value: pc });
      if (this.#iv.c === 'on') lines.push({ header: TSL_HEADER.EPC_CRC, value: gen2Crc16(Buffer.from(pc + epc, 'hex')).toString(16).toUpperCase().padStart(4, '0') });
      if (this.#iv.r === 'on') lines.push({ header: TSL_HEADER.RSSI, value: String(rssi) });
    }
    return new TslResponse(command, lines, null);
  }
}

function failure(command: string, code: number, message: string): TslResponse {
  return new TslResponse(command, [{ header: TSL_HEADER.MESSAGE, value: message }], code);
}

/** `.iv -r on -o 29 -x` → command and parameters; null when it is not a TSL command line. */
function parseCommand(line: string): { command: string; parameters: [string, string | null][] } | null {
  const match = /^(\.[a-z]{2})((?:\s+-[a-z]{1,2}(?:\s+(?:"[^"]*"|[^\s-][^\s]*))?)*)\s*$/.exec(line);
  if (!match) return null;
  const parameters: [string, string | null][] = [];
  const pattern = /-([a-z]{1,2})(?:\s+("[^"]*"|[^\s-][^\s]*))?/g;
  for (const part of (match[2] ?? '').matchAll(pattern)) {
    const value = part[2] ?? null;
    parameters.push([part[1] as string, value?.startsWith('"') ? value.slice(1, -1) : value]);
  }
  return { command: match[1] as string, parameters };
}
