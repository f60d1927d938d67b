/**
 * Builds TSL ASCII command lines: `.iv -r on -o 29` + CR LF. Parameters persist in the reader, so
 * the driver always states the ones it relies on.
 */
import { DeviceError } from '../../errors.ts';

/** A parameter value, or `true` for a bare switch such as `-n` (store, do not run) or `-x` (reset). */
export type TslParameters = Record<string, string | number | true>;

export function tslCommand(command: string, parameters: TslParameters = {}): Buffer {
  if (!/^\.[a-z]{2}$/.test(command)) throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: `not a TSL command: ${command}` });
  const parts = [command];
  for (const [name, value] of Object.entries(parameters)) {
    if (!/^[a-z]{1,2}$/.test(name)) throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: `not a TSL parameter: -${name}` });
    const text = String(value);
    if (/[\r\n"]/.test(text)) throw new DeviceError('LOUPE_E_DEVICE_PROTOCOL', { reason: `bad value for -${name}` });
    parts.push(value === true ? `-${name}` : `-${name} ${/\s/.test(text) ? `"${text}"` : text}`);
  }
  return Buffer.from(`${parts.join(' ')}\r\n`, 'latin1');
}
