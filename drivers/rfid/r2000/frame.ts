/**
 * One R2000 "A0" frame: `A0 | Len | Address | Cmd | Data… | Check`, where Len counts the bytes
 * after it and Check is the two's complement of the sum of every byte before it. Immutable,
 * after zigbee-herdsman's unpi `Frame`.
 */
import { DeviceError } from '../../errors.ts';
import { A0_HEAD, A0_MIN_LEN } from './constants.ts';

export function a0Checksum(bytes: Uint8Array, end = bytes.length): number {
  let sum = 0;
  for (let i = 0; i < end; i += 1) sum += bytes[i] as number;
  return (~sum + 1) & 0xff;
}

export class A0Frame {
  readonly address: number;
  readonly command: number;
  readonly data: Buffer;

  constructor(address: number, command: number, data: Uint8Array | readonly number[] = Buffer.alloc(0)) {
    if (data.length > 255 - A0_MIN_LEN) throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: `A0 data of ${data.length} bytes is too long` });
    this.address = address;
    this.command = command;
    this.data = Buffer.from(data as Uint8Array);
    Object.freeze(this);
  }

  toBuffer(): Buffer {
    const out = Buffer.alloc(this.data.length + 5);
    out[0] = A0_HEAD;
    out[1] = this.data.length + A0_MIN_LEN;
    out[2] = this.address;
    out[3] = this.command;
    this.data.copy(out, 4);
    out[out.length - 1] = a0Checksum(out, out.length - 1);
    return out;
  }

  /** Parses exactly one frame; throws `LOUPE_E_DEVICE_PROTOCOL` on a bad head, length or checksum. */
  static fromBuffer(bytes: Buffer): A0Frame {
    const len = bytes[1] ?? 0;
    if (bytes[0] !== A0_HEAD || len < A0_MIN_LEN || bytes.length !== len + 2) {
      throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: 'not an A0 frame', hex: bytes.toString('hex') });
    }
    const check = bytes[bytes.length - 1];
    if (check !== a0Checksum(bytes, bytes.length - 1)) {
      throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: 'invalid checksum', hex: bytes.toString('hex') });
    }
    return new A0Frame(bytes[2] as number, bytes[3] as number, bytes.subarray(4, bytes.length - 1));
  }

  toString(): string {
    return `A0Frame(addr=0x${this.address.toString(16)} cmd=0x${this.command.toString(16)} data=${this.data.toString('hex')})`;
  }
}
