/**
 * The counter reader/encoder on the R2000 "A0" protocol: inventories the pad and writes a new EPC
 * to the one tag on it, then proves the write by reading the tag back through an access match on
 * the new EPC. Obligations in `../interface.ts`.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../../clock.ts';
import { DeviceError, isDeviceError } from '../../errors.ts';
import type { DeviceHealth } from '../../health.ts';
import { silentLog, type DriverLog } from '../../logger.ts';
import type { PortOpener } from '../../serial/interface.ts';
import { PortSupervisor } from '../../serial/supervisor.ts';
import type { Verdict, Waitress } from '../../waitress.ts';
import { pcWordFor } from '../gen2-crc.ts';
import type { RfidReaderEvents, TagEncoder, TagRead } from '../interface.ts';
import { A0_MEMORY_BANK, A0_PUBLIC_ADDRESS, A0_STATUS, EPC_BANK_EPC_WORD, EPC_BANK_PC_WORD } from './constants.ts';
import type { A0Frame } from './frame.ts';
import { decodeInventoryReply, decodeTagOperation, inventoryCommand, matchCommand, readCommand, versionCommand, writeCommand } from './messages.ts';
import { A0Parser } from './parser.ts';

export interface R2000EncoderOptions {
  device: string;
  opener: PortOpener;
  /** Reader address; 0xFF reaches any reader on the line. */
  address?: number;
  clock?: Clock;
  log?: DriverLog;
  backoffMs?: number[];
  inventoryTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Silence after which the firmware version is asked to prove the link is alive. */
  idleProbeMs?: number;
}

export interface R2000EncoderEvents extends RfidReaderEvents {
  tagEncoded: [result: { previousEpc: string; epc: string; at: number }];
}

type Collected = { reads: (TagRead & { pc: number })[] };

export class R2000Encoder extends EventEmitter<R2000EncoderEvents> implements TagEncoder {
  readonly #address: number;
  readonly #clock: Clock;
  readonly #supervisor: PortSupervisor;
  readonly #parser = new A0Parser();
  readonly #waitress: Waitress<A0Frame>;
  readonly #inventoryTimeoutMs: number;
  readonly #commandTimeoutMs: number;

  constructor(options: R2000EncoderOptions) {
    super();
    this.#address = options.address ?? A0_PUBLIC_ADDRESS;
    this.#clock = options.clock ?? systemClock;
    this.#inventoryTimeoutMs = options.inventoryTimeoutMs ?? 2000;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    const log: DriverLog = options.log ?? silentLog;
    this.#supervisor = new PortSupervisor({
      device: options.device,
      opener: options.opener,
      clock: this.#clock,
      log,
      ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
      watchdog: { idleMs: options.idleProbeMs ?? 15_000, probe: () => this.firmwareVersion() },
    });
    this.#waitress = this.#supervisor.serve();
    this.#supervisor.on('data', (chunk) => {
      for (const frame of this.#parser.push(chunk)) {
        if (!this.#waitress.deliver(frame)) log.debug({ frame: frame.toString() }, 'unsolicited A0 frame');
      }
    });
    this.#supervisor.on('health', (health) => this.emit('health', health));
    this.#supervisor.on('disconnected', () => this.#parser.reset());
  }

  get health(): DeviceHealth {
    return this.#supervisor.health;
  }

  /** Frames dropped for a bad checksum since start. */
  get badChecksums(): number {
    return this.#parser.badChecksums;
  }

  start(): Promise<void> {
    return this.#supervisor.start();
  }

  async stop(): Promise<void> {
    await this.#supervisor.stop();
  }

  async firmwareVersion(): Promise<string> {
    return this.#request(versionCommand(this.#address), '0x72 get firmware version', this.#commandTimeoutMs, (frame) =>
      frame.data.length === 2 ? { kind: 'done', value: `${frame.data[0]}.${frame.data[1]}` } : fail('LOUPE_E_DEVICE_PROTOCOL', frame),
    );
  }

  async inventory(options: { timeoutMs?: number } = {}): Promise<TagRead[]> {
    const reads = (await this.#inventoryRound(options.timeoutMs)).map(({ epc, rssi, antenna, at }) => ({ epc, rssi, antenna, at }));
    for (const read of reads) this.emit('tagRead', read);
    this.emit('inventoryCompleted', { reads, trigger: false });
    return reads;
  }

  async writeEpc(request: { newEpc: string; currentEpc?: string }): Promise<{ previousEpc: string; epc: string }> {
    const newEpc = request.newEpc.toUpperCase();
    if (!/^(?:[0-9A-F]{4}){1,31}$/.test(newEpc)) throw new DeviceError('LOUPE_E_RFID_EPC_INVALID', { reason: 'an EPC is whole 16-bit words of hex', epc: request.newEpc });
    const target = this.#pickTarget(await this.#inventoryRound(), request.currentEpc?.toUpperCase());
    const newBytes = Buffer.from(newEpc, 'hex');
    const sameLength = newBytes.length === target.epc.length / 2;
    // A different length needs a new PC word (length in bits 15–11, Gen2 §6.3.2.1.2.2).
    const pc = Buffer.alloc(2);
    pc.writeUInt16BE(pcWordFor(newBytes.length, target.pc));
    try {
      await this.#setMatch(target.epc);
      await this.#write(sameLength ? EPC_BANK_EPC_WORD : EPC_BANK_PC_WORD, sameLength ? newBytes : Buffer.concat([pc, newBytes]));
      await this.#setMatch(newEpc);
      await this.#verify(newEpc, newBytes);
    } finally {
      await this.#setMatch(null).catch(() => undefined);
    }
    const result = { previousEpc: target.epc, epc: newEpc };
    this.emit('tagEncoded', { ...result, at: this.#clock.now() });
    return result;
  }

  #pickTarget(reads: Collected['reads'], currentEpc: string | undefined): { epc: string; pc: number } {
    const distinct = new Map(reads.map((read) => [read.epc, read.pc]));
    if (currentEpc !== undefined) {
      const pc = distinct.get(currentEpc);
      if (pc === undefined) throw new DeviceError('LOUPE_E_RFID_NO_TAG', { reason: `no tag with EPC ${currentEpc} on the pad`, seen: [...distinct.keys()] });
      return { epc: currentEpc, pc };
    }
    if (distinct.size === 0) throw new DeviceError('LOUPE_E_RFID_NO_TAG');
    if (distinct.size > 1) throw new DeviceError('LOUPE_E_RFID_MULTIPLE_TAGS', { seen: [...distinct.keys()] });
    const [[epc, pc]] = [...distinct] as [[string, number]];
    return { epc, pc };
  }

  #inventoryRound(timeoutMs = this.#inventoryTimeoutMs): Promise<Collected['reads']> {
    const collected: Collected = { reads: [] };
    return this.#request(inventoryCommand(this.#address), '0x89 real-time inventory', timeoutMs, (frame) => {
      const reply = decodeInventoryReply(frame);
      if (reply.kind === 'tag') {
        collected.reads.push({ epc: reply.epc, rssi: reply.rssi, antenna: reply.antenna, at: this.#clock.now(), pc: reply.pc });
        return { kind: 'more' };
      }
      if (reply.kind === 'end') return { kind: 'done', value: collected.reads };
      if (reply.code === A0_STATUS.NO_TAG) return { kind: 'done', value: collected.reads };
      return fail('LOUPE_E_RFID_READER_FAULT', frame, reply.code);
    });
  }

  async #setMatch(epc: string | null): Promise<void> {
    await this.#request(matchCommand(this.#address, epc), '0x85 set access EPC match', this.#commandTimeoutMs, (frame) =>
      frame.data[0] === A0_STATUS.SUCCESS ? { kind: 'done', value: undefined } : fail('LOUPE_E_RFID_READER_FAULT', frame, frame.data[0]),
    );
  }

  async #write(wordAddress: number, data: Buffer): Promise<void> {
    let expected = 0;
    let seen = 0;
    await this.#request(writeCommand(this.#address, { bank: A0_MEMORY_BANK.EPC, wordAddress, data }), '0x82 write', this.#commandTimeoutMs * 2, (frame) => {
      const reply = decodeTagOperation(frame);
      if (reply.kind === 'error') return fail(reply.code === A0_STATUS.NO_TAG ? 'LOUPE_E_RFID_NO_TAG' : 'LOUPE_E_RFID_WRITE_FAILED', frame, reply.code);
      if (reply.status !== A0_STATUS.SUCCESS) return fail('LOUPE_E_RFID_WRITE_FAILED', frame, reply.status ?? undefined);
      expected = reply.tagCount;
      seen += 1;
      return seen >= expected ? { kind: 'done', value: undefined } : { kind: 'more' };
    });
  }

  async #verify(newEpc: string, newBytes: Buffer): Promise<void> {
    const wordCount = newBytes.length / 2;
    try {
      await this.#request(readCommand(this.#address, { bank: A0_MEMORY_BANK.EPC, wordAddress: EPC_BANK_EPC_WORD, wordCount }), '0x81 read', this.#commandTimeoutMs * 2, (frame) => {
        const reply = decodeTagOperation(frame);
        if (reply.kind === 'error') return fail('LOUPE_E_RFID_VERIFY_FAILED', frame, reply.code);
        if (reply.epc !== newEpc || !reply.data.equals(newBytes)) {
          return { kind: 'fail', error: new DeviceError('LOUPE_E_RFID_VERIFY_FAILED', { expected: newEpc, read: reply.data.toString('hex').toUpperCase() }) };
        }
        return { kind: 'done', value: undefined };
      });
    } catch (error) {
      if (isDeviceError(error, 'LOUPE_E_DEVICE_TIMEOUT')) throw new DeviceError('LOUPE_E_RFID_VERIFY_FAILED', { reason: 'no answer to the read-back' }, { timedOut: true });
      throw error;
    }
  }

  #request<T>(frame: A0Frame, command: string, timeoutMs: number, accept: (frame: A0Frame) => Verdict<T>): Promise<T> {
    const bytes = frame.toBuffer();
    return this.#waitress.request({
      command,
      timeoutMs,
      send: () => this.#supervisor.write(bytes, command),
      accept: (reply) => (reply.command === frame.command ? accept(reply) : { kind: 'ignore' }),
    });
  }
}

function fail(code: ConstructorParameters<typeof DeviceError>[0], frame: A0Frame, readerCode?: number): Verdict<never> {
  const details: Record<string, unknown> = { frame: frame.toBuffer().toString('hex') };
  if (readerCode !== undefined) details.readerStatus = `0x${readerCode.toString(16)}`;
  return { kind: 'fail', error: new DeviceError(code, details) };
}
