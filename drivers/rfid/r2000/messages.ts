/**
 * The R2000 commands Loupe uses and their replies, as frames. Layouts from the reader vendors'
 * SDKs (ReaderBase.java `readTag`/`writeTag`/`setAccessEpcMatch`; reference §1.4a):
 *
 * - 0x89 inventory `[Repeat]` → per tag `FreqAnt PC(2) EPC(N) RSSI`, then `AntID ReadRate(2)
 *   TotalRead(4)`, or one error byte.
 * - 0x85 match `[0x00, EpcLen, EPC…]` / cancel `[0x01]` → one status byte.
 * - 0x82 write `Password(4) Bank WordAdd WordCnt Data(2×WordCnt)`; 0x81 read
 *   `Bank WordAdd WordCnt Password(4)` → per tag `TagCount(2) DataLen PC EPC CRC [ReadData]
 *   ReadLen|Status AntId ReadCount`, or one error byte. ReadLen counts bytes [likely].
 */
import { DeviceError } from '../../errors.ts';
import { A0_COMMAND, A0_MATCH, A0_RSSI_OFFSET } from './constants.ts';
import { A0Frame } from './frame.ts';

export type InventoryReply =
  | { kind: 'tag'; epc: string; pc: number; rssi: number; antenna: number; frequency: number }
  | { kind: 'end'; antenna: number; readRate: number; totalRead: number }
  | { kind: 'error'; code: number };

export type TagOperationReply =
  | { kind: 'tag'; tagCount: number; pc: number; epc: string; data: Buffer; status: number | null; antenna: number }
  | { kind: 'error'; code: number };

export const inventoryCommand = (address: number, repeat = 1): A0Frame => new A0Frame(address, A0_COMMAND.REAL_TIME_INVENTORY, [repeat]);

export const versionCommand = (address: number): A0Frame => new A0Frame(address, A0_COMMAND.GET_FIRMWARE_VERSION);

export function matchCommand(address: number, epc: string | null): A0Frame {
  if (epc === null) return new A0Frame(address, A0_COMMAND.SET_ACCESS_EPC_MATCH, [A0_MATCH.CANCEL]);
  const bytes = Buffer.from(epc, 'hex');
  return new A0Frame(address, A0_COMMAND.SET_ACCESS_EPC_MATCH, Buffer.concat([Buffer.from([A0_MATCH.ENABLE, bytes.length]), bytes]));
}

export function writeCommand(address: number, write: { password?: Buffer; bank: number; wordAddress: number; data: Buffer }): A0Frame {
  if (write.data.length % 2 !== 0) throw new DeviceError('LOUPE_E_RFID_EPC_INVALID', { reason: 'tag memory is written in 16-bit words' });
  const head = Buffer.concat([write.password ?? Buffer.alloc(4), Buffer.from([write.bank, write.wordAddress, write.data.length / 2])]);
  return new A0Frame(address, A0_COMMAND.WRITE, Buffer.concat([head, write.data]));
}

export function readCommand(address: number, read: { bank: number; wordAddress: number; wordCount: number; password?: Buffer }): A0Frame {
  return new A0Frame(address, A0_COMMAND.READ, Buffer.concat([Buffer.from([read.bank, read.wordAddress, read.wordCount]), read.password ?? Buffer.alloc(4)]));
}

export function decodeInventoryReply(frame: A0Frame): InventoryReply {
  const d = frame.data;
  if (d.length === 1) return { kind: 'error', code: d[0] as number };
  if (d.length === 7) return { kind: 'end', antenna: (d[0] as number) + 1, readRate: d.readUInt16BE(1), totalRead: d.readUInt32BE(3) };
  if (d.length < 6 || (d.length - 4) % 2 !== 0) throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: 'inventory reply of odd length', hex: d.toString('hex') });
  const freqAnt = d[0] as number;
  const rssiByte = d[d.length - 1] as number;
  return {
    kind: 'tag',
    pc: d.readUInt16BE(1),
    epc: d.subarray(3, d.length - 1).toString('hex').toUpperCase(),
    rssi: (rssiByte & 0x7f) - A0_RSSI_OFFSET,
    antenna: (freqAnt & 0x03) + 1,
    frequency: freqAnt >> 2,
  };
}

export function encodeInventoryTag(address: number, tag: { epc: string; pc: number; rssi: number; antenna?: number; frequency?: number }): A0Frame {
  const epc = Buffer.from(tag.epc, 'hex');
  const body = Buffer.alloc(epc.length + 4);
  body[0] = (((tag.frequency ?? 0) & 0x3f) << 2) | (((tag.antenna ?? 1) - 1) & 0x03);
  body.writeUInt16BE(tag.pc, 1);
  epc.copy(body, 3);
  body[body.length - 1] = (tag.rssi + A0_RSSI_OFFSET) & 0x7f;
  return new A0Frame(address, A0_COMMAND.REAL_TIME_INVENTORY, body);
}

export function encodeInventoryEnd(address: number, end: { antenna?: number; readRate: number; totalRead: number }): A0Frame {
  const body = Buffer.alloc(7);
  body[0] = (end.antenna ?? 1) - 1;
  body.writeUInt16BE(end.readRate, 1);
  body.writeUInt32BE(end.totalRead, 3);
  return new A0Frame(address, A0_COMMAND.REAL_TIME_INVENTORY, body);
}

/** Decodes a 0x81/0x82 reply; `readBytes` is the read's length for 0x81 (it follows the CRC). */
export function decodeTagOperation(frame: A0Frame): TagOperationReply {
  const d = frame.data;
  if (d.length === 1) return { kind: 'error', code: d[0] as number };
  const dataLen = d[2] ?? 0;
  if (d.length !== dataLen + 6 || dataLen < 6) throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: 'tag operation reply of wrong length', hex: d.toString('hex') });
  const tagData = d.subarray(3, 3 + dataLen);
  const lenOrStatus = d[3 + dataLen] as number;
  const readBytes = frame.command === A0_COMMAND.READ ? lenOrStatus : 0;
  const epcLength = dataLen - 4 - readBytes;
  if (epcLength < 0) throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: 'read length longer than the tag data', hex: d.toString('hex') });
  return {
    kind: 'tag',
    tagCount: d.readUInt16BE(0),
    pc: tagData.readUInt16BE(0),
    epc: tagData.subarray(2, 2 + epcLength).toString('hex').toUpperCase(),
    data: Buffer.from(tagData.subarray(4 + epcLength)),
    status: frame.command === A0_COMMAND.READ ? null : lenOrStatus,
    antenna: ((d[4 + dataLen] as number) & 0x03) + 1,
  };
}

export function encodeTagOperation(
  address: number,
  command: number,
  reply: { tagCount: number; pc: number; epc: string; crc: number; data?: Buffer; status?: number; antenna?: number },
): A0Frame {
  const epc = Buffer.from(reply.epc, 'hex');
  const readData = reply.data ?? Buffer.alloc(0);
  const tagData = Buffer.alloc(2 + epc.length + 2 + readData.length);
  tagData.writeUInt16BE(reply.pc, 0);
  epc.copy(tagData, 2);
  tagData.writeUInt16BE(reply.crc, 2 + epc.length);
  readData.copy(tagData, 4 + epc.length);
  const head = Buffer.alloc(3);
  head.writeUInt16BE(reply.tagCount, 0);
  head[2] = tagData.length;
  const tail = Buffer.from([command === A0_COMMAND.READ ? readData.length : (reply.status ?? 0x10), (reply.antenna ?? 1) - 1, 1]);
  return new A0Frame(address, command, Buffer.concat([head, tagData, tail]));
}

export const statusReply = (address: number, command: number, code: number): A0Frame => new A0Frame(address, command, [code]);
