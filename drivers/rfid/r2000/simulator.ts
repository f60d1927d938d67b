/**
 * A simulated R2000 counter reader/encoder on a real pseudo-terminal. It checks the checksum of
 * every frame it is sent (bad ones are dropped, as the reader does), keeps real tag memory (EPC
 * bank = CRC, PC, EPC words; the PC's length bits decide what the tag backscatters), honours the
 * access EPC match, and answers in the reader's frames.
 *
 * Controls: put tags on the pad, take them off, make the next write fail or not stick (a tag slid
 * off mid-write), go silent, unplug.
 */
import { EventEmitter } from 'node:events';
import { PtyPeer } from '../../serial/pty-peer.ts';
import { gen2Crc16, pcWordFor } from '../gen2-crc.ts';
import { A0_COMMAND, A0_MATCH, A0_MEMORY_BANK, A0_STATUS } from './constants.ts';
import { A0Frame } from './frame.ts';
import { encodeInventoryEnd, encodeInventoryTag, encodeTagOperation, statusReply } from './messages.ts';
import { A0Parser } from './parser.ts';

/** Largest EPC bank a simulated tag has: CRC + PC + 128-bit EPC (an Impinj Monza R6 has 96). */
const EPC_BANK_BYTES = 4 + 16;

interface SimulatedTag {
  epcBank: Buffer;
  user: Buffer;
  rssi: number;
}

export interface R2000SimulatorEvents {
  frame: [frame: A0Frame];
}

export class R2000Simulator extends EventEmitter<R2000SimulatorEvents> {
  readonly #peer: PtyPeer;
  readonly #parser = new A0Parser();
  readonly #address: number;
  readonly #pad: SimulatedTag[] = [];
  #match: string | null = null;
  #nextWrite: { kind: 'fail'; code: number } | { kind: 'weak' } | null = null;
  readonly received: A0Frame[] = [];
  silent = false;

  constructor(options: { name?: string; dir?: string; address?: number } = {}) {
    super();
    this.#address = options.address ?? 0x01;
    this.#peer = new PtyPeer(options.name ?? 'rfid-encoder', (chunk) => this.#onData(chunk), options.dir);
  }

  get devicePath(): string {
    return this.#peer.devicePath;
  }

  /** Frames received with a bad checksum (dropped unanswered). */
  get badFrames(): number {
    return this.#parser.badChecksums;
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

  /** Lays a tag on the pad with the given EPC (a factory EPC, or one written before). */
  putTag(epc: string, rssi = -45): void {
    const epcBytes = Buffer.from(epc, 'hex');
    const bank = Buffer.alloc(EPC_BANK_BYTES);
    bank.writeUInt16BE(pcWordFor(epcBytes.length), 2);
    epcBytes.copy(bank, 4);
    this.#pad.push({ epcBank: bank, user: Buffer.alloc(8), rssi });
  }

  removeTag(epc: string): void {
    const index = this.#pad.findIndex((tag) => epcOf(tag) === epc.toUpperCase());
    if (index >= 0) this.#pad.splice(index, 1);
  }

  clearPad(): void {
    this.#pad.length = 0;
  }

  /** What the tags on the pad answer now. */
  tagsOnPad(): string[] {
    return this.#pad.map(epcOf);
  }

  failNextWrite(code: number = A0_STATUS.TAG_WRITE_ERROR): void {
    this.#nextWrite = { kind: 'fail', code };
  }

  /** The next write is acknowledged but does not stick (the tag slid off the pad). */
  weakNextWrite(): void {
    this.#nextWrite = { kind: 'weak' };
  }

  #onData(chunk: Buffer): void {
    for (const frame of this.#parser.push(chunk)) {
      this.received.push(frame);
      this.emit('frame', frame);
      if (this.silent) continue;
      for (const reply of this.#answer(frame)) this.#peer.send(reply.toBuffer());
    }
  }

  #answer(frame: A0Frame): A0Frame[] {
    const d = frame.data;
    switch (frame.command) {
      case A0_COMMAND.REAL_TIME_INVENTORY: {
        if (d.length !== 1) return [statusReply(this.#address, frame.command, A0_STATUS.FAIL)];
        const tags = this.#pad.map((tag) => encodeInventoryTag(this.#address, { epc: epcOf(tag), pc: tag.epcBank.readUInt16BE(2), rssi: tag.rssi }));
        return [...tags, encodeInventoryEnd(this.#address, { readRate: tags.length * 10, totalRead: tags.length })];
      }
      case A0_COMMAND.SET_ACCESS_EPC_MATCH:
        return [statusReply(this.#address, frame.command, this.#setMatch(d))];
      case A0_COMMAND.WRITE:
        return this.#write(frame);
      case A0_COMMAND.READ:
        return this.#read(frame);
      case A0_COMMAND.GET_FIRMWARE_VERSION:
        return [new A0Frame(this.#address, frame.command, [8, 1])];
      case A0_COMMAND.RESET:
        return [];
      default:
        return [statusReply(this.#address, frame.command, A0_STATUS.FAIL)];
    }
  }

  #setMatch(d: Buffer): number {
    if (d.length === 1 && d[0] === A0_MATCH.CANCEL) {
      this.#match = null;
      return A0_STATUS.SUCCESS;
    }
    if (d.length >= 2 && d[0] === A0_MATCH.ENABLE && d[1] === d.length - 2) {
      this.#match = d.subarray(2).toString('hex').toUpperCase();
      return A0_STATUS.SUCCESS;
    }
    return A0_STATUS.FAIL;
  }

  #selected(): SimulatedTag[] {
    return this.#match === null ? this.#pad : this.#pad.filter((tag) => epcOf(tag) === this.#match);
  }

  #write(frame: A0Frame): A0Frame[] {
    const d = frame.data;
    const bank = d[4];
    const wordAddress = d[5] ?? 0;
    const wordCount = d[6] ?? 0;
    const data = d.subarray(7);
    if (d.length < 7 || data.length !== wordCount * 2 || wordCount === 0) return [statusReply(this.#address, frame.command, A0_STATUS.FAIL)];
    const tags = this.#selected();
    if (tags.length === 0) return [statusReply(this.#address, frame.command, A0_STATUS.NO_TAG)];
    const outcome = this.#nextWrite;
    this.#nextWrite = null;
    return tags.map((tag) => {
      const before = { pc: tag.epcBank.readUInt16BE(2), epc: epcOf(tag), crc: tag.epcBank.readUInt16BE(0) };
      let status: number = A0_STATUS.SUCCESS;
      if (outcome?.kind === 'fail') status = outcome.code;
      else if (bank === A0_MEMORY_BANK.EPC && wordAddress >= 1 && (wordAddress + wordCount) * 2 <= EPC_BANK_BYTES) {
        if (outcome?.kind !== 'weak') writeEpcBank(tag, wordAddress, data);
      } else if (bank === A0_MEMORY_BANK.USER && (wordAddress + wordCount) * 2 <= tag.user.length) {
        if (outcome?.kind !== 'weak') data.copy(tag.user, wordAddress * 2);
      } else status = A0_STATUS.TAG_WRITE_ERROR;
      return encodeTagOperation(this.#address, frame.command, { tagCount: tags.length, ...before, status });
    });
  }

  #read(frame: A0Frame): A0Frame[] {
    const d = frame.data;
    const [bank, wordAddress = 0, wordCount = 0] = d;
    if (d.length !== 7 || wordCount === 0) return [statusReply(this.#address, frame.command, A0_STATUS.FAIL)];
    const tags = this.#selected();
    if (tags.length === 0) return [statusReply(this.#address, frame.command, A0_STATUS.NO_TAG)];
    return tags.map((tag) => {
      const memory = bank === A0_MEMORY_BANK.EPC ? tag.epcBank : bank === A0_MEMORY_BANK.USER ? tag.user : Buffer.alloc(0);
      const end = (wordAddress + wordCount) * 2;
      const readData = end <= memory.length ? memory.subarray(wordAddress * 2, end) : Buffer.alloc(0);
      if (readData.length === 0) return statusReply(this.#address, frame.command, A0_STATUS.TAG_READ_ERROR);
      return encodeTagOperation(this.#address, frame.command, {
        tagCount: tags.length,
        pc: tag.epcBank.readUInt16BE(2),
        epc: epcOf(tag),
        crc: tag.epcBank.readUInt16BE(0),
        data: Buffer.from(readData),
      });
    });
  }
}

/** The EPC a tag backscatters: as many words after the PC as the PC's length bits say. */
function epcOf(tag: SimulatedTag): string {
  const words = tag.epcBank.readUInt16BE(2) >> 11;
  return tag.epcBank.subarray(4, 4 + words * 2).toString('hex').toUpperCase();
}

function writeEpcBank(tag: SimulatedTag, wordAddress: number, data: Buffer): void {
  data.copy(tag.epcBank, wordAddress * 2);
  const words = tag.epcBank.readUInt16BE(2) >> 11;
  // The tag recomputes its stored CRC over PC + EPC after every write (Gen2 §6.3.2.1.2.1).
  tag.epcBank.writeUInt16BE(gen2Crc16(tag.epcBank.subarray(2, 4 + words * 2)), 0);
}
