/**
 * `struct input_event` records from `/dev/input/event*`, across reads (kernel ABI,
 * include/uapi/linux/input.h): `tv_sec`, `tv_usec` (longs: 8 bytes each in a 64-bit process,
 * 4 in a 32-bit one), then `type` u16, `code` u16, `value` s32, little-endian on x86 and ARM.
 * The record size follows the reading process, not the kernel (reference §5.3).
 */

export const EV_SYN = 0;
export const EV_KEY = 1;
export const EV_MSC = 4;

/** EV_KEY values. */
export const KEY_STATE = { RELEASE: 0, PRESS: 1, REPEAT: 2 } as const;

export interface InputEvent {
  type: number;
  code: number;
  value: number;
}

export function inputEventSize(arch: string = process.arch): 16 | 24 {
  return arch === 'arm' || arch === 'ia32' ? 16 : 24;
}

export class InputEventParser {
  readonly #size: 16 | 24;
  #pending: Buffer = Buffer.alloc(0);

  constructor(arch: string = process.arch) {
    this.#size = inputEventSize(arch);
  }

  push(chunk: Buffer): InputEvent[] {
    const data = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    const events: InputEvent[] = [];
    const timeBytes = this.#size - 8;
    let at = 0;
    for (; at + this.#size <= data.length; at += this.#size) {
      events.push({ type: data.readUInt16LE(at + timeBytes), code: data.readUInt16LE(at + timeBytes + 2), value: data.readInt32LE(at + timeBytes + 4) });
    }
    this.#pending = Buffer.from(data.subarray(at));
    return events;
  }

  reset(): void {
    this.#pending = Buffer.alloc(0);
  }
}

/** One record, for the simulator: what the kernel writes for an event at `timeMs`. */
export function encodeInputEvent(event: InputEvent, timeMs: number, arch: string = process.arch): Buffer {
  const size = inputEventSize(arch);
  const out = Buffer.alloc(size);
  const seconds = Math.floor(timeMs / 1000);
  const micros = Math.min(999_999, Math.round((timeMs - seconds * 1000) * 1000));
  if (size === 24) {
    out.writeBigInt64LE(BigInt(seconds), 0);
    out.writeBigInt64LE(BigInt(micros), 8);
  } else {
    out.writeInt32LE(seconds, 0);
    out.writeInt32LE(micros, 4);
  }
  out.writeUInt16LE(event.type, size - 8);
  out.writeUInt16LE(event.code, size - 6);
  out.writeInt32LE(event.value, size - 4);
  return out;
}
