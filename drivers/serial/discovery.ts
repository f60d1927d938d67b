/**
 * Finds serial devices by USB fingerprint and names them by stable path (after zigbee-herdsman
 * `src/adapter/adapterDiscovery.ts`).
 *
 * `SerialPort.list()` cannot be used: it runs `udevadm`, which the appliance image does not ship
 * (reference/device-protocols.md §6). The lister here reads `/dev/serial/by-id` and the USB
 * attributes in sysfs itself; both roots are injectable so tests point them at a fixture tree.
 */
import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { DeviceError } from '../errors.ts';
import type { SerialSettings } from './interface.ts';

export type DeviceKind = 'rfid-handheld' | 'rfid-encoder' | 'scale' | 'printer' | 'scanner';

export interface UsbSerialPort {
  /** Stable path, e.g. `/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0`. */
  path: string;
  /** The kernel name it points at today, e.g. `/dev/ttyUSB0` (changes between boots). */
  devicePath: string;
  vendorId?: string;
  productId?: string;
  manufacturer?: string;
  product?: string;
  serialNumber?: string;
}

export type PortLister = () => Promise<UsbSerialPort[]>;

export interface UsbFingerprint {
  kind: DeviceKind;
  model: string;
  /** Lower-case hex, 4 digits. */
  vendorId: string;
  productId?: string;
  manufacturer?: RegExp;
  /** Matched against the by-id path; how a store pins "the scale is the FTDI cable A50285BI". */
  pathRegex?: RegExp;
  /** Generic USB-serial bridges: a VID/PID match alone proves nothing, a manufacturer or path must match too. */
  conflictProne?: boolean;
  settings?: SerialSettings;
}

/** Better matches score higher (herdsman's UsbFingerprintMatchScore). */
export const MatchScore = {
  None: 0,
  Vid: 1,
  VidPid: 2,
  VidPidManuf: 3,
  VidPidPath: 4,
  VidPidManufPath: 5,
} as const;
export type MatchScore = (typeof MatchScore)[keyof typeof MatchScore];

/**
 * Known devices. Bridges are conflict-prone: a store adds a `pathRegex` with its cable's serial.
 * Sources: Linux `drivers/usb/serial/ftdi_sio_ids.h`, `cp210x.c`, `ch341.c`, `pl2303.h`; odoo
 * `hw_escpos/xmlescpos/supported_devices.py` (Epson); usb.ids (Mettler Toledo 0eb8, Honeywell 0c2e,
 * Zebra/Symbol 05e0, Datalogic 05f9).
 */
export const USB_FINGERPRINTS: UsbFingerprint[] = [
  { kind: 'scale', model: 'Mettler Toledo balance (MT-SICS over USB CDC)', vendorId: '0eb8', settings: { baudRate: 9600 } },
  { kind: 'scale', model: 'A&D balance on an FTDI RS-232 cable', vendorId: '0403', productId: '6001', conflictProne: true, settings: { baudRate: 2400, dataBits: 7, parity: 'even', stopBits: 1 } },
  { kind: 'rfid-encoder', model: 'R2000 reader on a CP210x bridge', vendorId: '10c4', productId: 'ea60', conflictProne: true, settings: { baudRate: 115_200 } },
  { kind: 'rfid-encoder', model: 'R2000 reader on a CH340 bridge', vendorId: '1a86', productId: '7523', conflictProne: true, settings: { baudRate: 115_200 } },
  { kind: 'printer', model: 'ESC/POS printer on a PL2303 cable', vendorId: '067b', productId: '2303', conflictProne: true, settings: { baudRate: 38_400 } },
  { kind: 'scanner', model: 'Honeywell scanner in USB serial mode', vendorId: '0c2e', settings: { baudRate: 115_200 } },
  { kind: 'scanner', model: 'Zebra scanner in USB CDC mode', vendorId: '05e0', settings: { baudRate: 115_200 } },
  { kind: 'scanner', model: 'Datalogic scanner in USB COM mode', vendorId: '05f9', settings: { baudRate: 115_200 } },
];

export interface DiscoveryRoots {
  devRoot?: string;
  sysRoot?: string;
}

/** Lists `/dev/serial/by-id/*` with the USB attributes of each port's device in sysfs. */
export function sysfsPortLister({ devRoot = '/dev', sysRoot = '/sys' }: DiscoveryRoots = {}): PortLister {
  return async () => {
    const byId = join(devRoot, 'serial', 'by-id');
    const names = await readdir(byId).catch(() => [] as string[]);
    const ports: UsbSerialPort[] = [];
    for (const name of names.sort()) {
      const path = join(byId, name);
      const target = await readlink(path).catch(() => null);
      if (!target) continue;
      const tty = basename(resolve(byId, target));
      ports.push({ path, devicePath: join(devRoot, tty), ...(await usbAttributes(sysRoot, tty)) });
    }
    return ports;
  };
}

async function usbAttributes(sysRoot: string, tty: string): Promise<Partial<UsbSerialPort>> {
  let dir = await realpath(join(sysRoot, 'class', 'tty', tty, 'device')).catch(() => null);
  // The USB device directory (with idVendor) sits a few levels above the tty's interface.
  for (let level = 0; dir && level < 6; level += 1, dir = dirname(dir)) {
    const vendorId = await readAttribute(dir, 'idVendor');
    if (vendorId === undefined) continue;
    return {
      vendorId,
      productId: await readAttribute(dir, 'idProduct'),
      manufacturer: await readAttribute(dir, 'manufacturer'),
      product: await readAttribute(dir, 'product'),
      serialNumber: await readAttribute(dir, 'serial'),
    };
  }
  return {};
}

async function readAttribute(dir: string, name: string): Promise<string | undefined> {
  const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
  return text?.trim();
}

/** Whether a USB device's ids are those of the fingerprint (a fingerprint without a PID takes any). */
export function idsMatch(fingerprint: UsbFingerprint, vendorId: string | undefined, productId: string | undefined): boolean {
  if (vendorId?.toLowerCase() !== fingerprint.vendorId) return false;
  return fingerprint.productId === undefined || productId?.toLowerCase() === fingerprint.productId;
}

/**
 * The kinds of device a USB device with these ids may be. Hotplug knows only the ids, so a
 * conflict-prone bridge counts here: its event makes the drivers of that kind look, nothing more.
 */
export function kindsWithIds(vendorId: string, productId: string, fingerprints: UsbFingerprint[] = USB_FINGERPRINTS): Set<DeviceKind> {
  return new Set(fingerprints.filter((f) => idsMatch(f, vendorId, productId)).map((f) => f.kind));
}

export function matchScore(port: UsbSerialPort, fingerprint: UsbFingerprint): MatchScore {
  if (!idsMatch(fingerprint, port.vendorId, port.productId)) return MatchScore.None;
  const manuf = fingerprint.manufacturer !== undefined && fingerprint.manufacturer.test(port.manufacturer ?? '');
  const path = fingerprint.pathRegex !== undefined && fingerprint.pathRegex.test(port.path);
  if (fingerprint.manufacturer && !manuf) return MatchScore.None;
  if (fingerprint.pathRegex && !path) return MatchScore.None;
  if (fingerprint.conflictProne && !manuf && !path) return MatchScore.None;
  if (manuf && path) return MatchScore.VidPidManufPath;
  if (path) return MatchScore.VidPidPath;
  if (manuf) return MatchScore.VidPidManuf;
  return fingerprint.productId === undefined ? MatchScore.Vid : MatchScore.VidPid;
}

export interface DiscoveredDevice {
  port: UsbSerialPort;
  fingerprint: UsbFingerprint;
  score: MatchScore;
}

/** Every port that matches a fingerprint of `kind`, best first, each port once. */
export async function discover(kind: DeviceKind, lister: PortLister, fingerprints: UsbFingerprint[] = USB_FINGERPRINTS): Promise<DiscoveredDevice[]> {
  const found: DiscoveredDevice[] = [];
  for (const port of await lister()) {
    let best: DiscoveredDevice | null = null;
    for (const fingerprint of fingerprints.filter((f) => f.kind === kind)) {
      const score = matchScore(port, fingerprint);
      if (score > (best?.score ?? MatchScore.None)) best = { port, fingerprint, score };
    }
    if (best) found.push(best);
  }
  return found.sort((a, b) => b.score - a.score || a.port.path.localeCompare(b.port.path));
}

/** The best match, or `LOUPE_E_DEVICE_NOT_FOUND` naming what was looked for and what is plugged in. */
export async function discoverOne(kind: DeviceKind, lister: PortLister, fingerprints: UsbFingerprint[] = USB_FINGERPRINTS): Promise<DiscoveredDevice> {
  const [best] = await discover(kind, lister, fingerprints);
  if (best) return best;
  const plugged = (await lister()).map((p) => `${p.path} (${p.vendorId ?? '?'}:${p.productId ?? '?'})`);
  throw new DeviceError('LOUPE_E_DEVICE_NOT_FOUND', { kind, plugged, reason: `no ${kind} among ${plugged.length} USB serial port(s)` });
}
