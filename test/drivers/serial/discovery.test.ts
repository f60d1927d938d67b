import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { discover, discoverOne, MatchScore, sysfsPortLister, USB_FINGERPRINTS, type UsbFingerprint } from '../../../drivers/serial/discovery.ts';
import { rejectionOf } from '../helpers/eventually.ts';

interface UsbDevice {
  tty: string;
  byId: string;
  /** Path of the USB device under /sys/devices (the directory holding idVendor). */
  usbPath: string;
  /** The tty's `device` link target, relative to the USB device directory. */
  interfaceDir: string;
  attributes: Record<string, string>;
}

// As seen on a Raspberry Pi 4: an FTDI cable to an A&D balance, a CP2102 R2000 reader,
// a Mettler Toledo balance and a Honeywell scanner in CDC mode.
const DEVICES: UsbDevice[] = [
  {
    tty: 'ttyUSB0',
    byId: 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0',
    usbPath: 'platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.2',
    interfaceDir: '1-1.2:1.0/ttyUSB0',
    attributes: { idVendor: '0403', idProduct: '6001', manufacturer: 'FTDI', product: 'FT232R USB UART', serial: 'A50285BI' },
  },
  {
    tty: 'ttyUSB1',
    byId: 'usb-Silicon_Labs_CP2102_USB_to_UART_Bridge_Controller_0001-if00-port0',
    usbPath: 'platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.3',
    interfaceDir: '1-1.3:1.0/ttyUSB1',
    attributes: { idVendor: '10c4', idProduct: 'ea60', manufacturer: 'Silicon Labs', product: 'CP2102 USB to UART Bridge Controller', serial: '0001' },
  },
  {
    tty: 'ttyACM0',
    byId: 'usb-Mettler_Toledo_XS_Balance_B123456789-if00',
    usbPath: 'platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.4',
    interfaceDir: '1-1.4:1.0',
    attributes: { idVendor: '0eb8', idProduct: '2200', manufacturer: 'Mettler Toledo', product: 'XS Balance', serial: 'B123456789' },
  },
  {
    tty: 'ttyACM1',
    byId: 'usb-Honeywell_Imaging___Mobility_1900-if00',
    usbPath: 'platform/scb/fd500000.pcie/pci0000:00/0000:00:00.0/0000:01:00.0/usb1/1-1/1-1.1',
    interfaceDir: '1-1.1:1.0',
    attributes: { idVendor: '0c2e', idProduct: '0b61', manufacturer: 'Honeywell Imaging & Mobility', product: '1900' },
  },
];

/** Builds `/dev/serial/by-id` and the sysfs device tree the lister walks. */
function fixture(devices: UsbDevice[]): string {
  const root = mkdtempSync(join(tmpdir(), 'loupe-usb-'));
  const byId = join(root, 'dev', 'serial', 'by-id');
  mkdirSync(byId, { recursive: true });
  for (const device of devices) {
    const usbDir = join(root, 'sys', 'devices', device.usbPath);
    mkdirSync(join(usbDir, device.interfaceDir), { recursive: true });
    for (const [name, value] of Object.entries(device.attributes)) writeFileSync(join(usbDir, name), `${value}\n`);
    const classDir = join(root, 'sys', 'class', 'tty', device.tty);
    mkdirSync(classDir, { recursive: true });
    symlinkSync(join('..', '..', '..', 'devices', device.usbPath, device.interfaceDir), join(classDir, 'device'));
    writeFileSync(join(root, 'dev', device.tty), '');
    symlinkSync(join('..', '..', device.tty), join(byId, device.byId));
  }
  return root;
}

const roots: string[] = [];
const lister = (devices = DEVICES) => {
  const root = fixture(devices);
  roots.push(root);
  return { root, list: sysfsPortLister({ devRoot: join(root, 'dev'), sysRoot: join(root, 'sys') }) };
};

const listing = suite('sysfsPortLister');

const cleanUp = (): void => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
};

listing.after(cleanUp);

listing('should read by-id links and USB attributes :: 4 ports on a Pi 4', async () => {
  const { root, list } = lister();
  const ports = await list();
  assert.equal(ports.map((p) => [p.path.slice(root.length), p.devicePath.slice(root.length), p.vendorId, p.productId]), [
    ['/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0', '/dev/ttyUSB0', '0403', '6001'],
    ['/dev/serial/by-id/usb-Honeywell_Imaging___Mobility_1900-if00', '/dev/ttyACM1', '0c2e', '0b61'],
    ['/dev/serial/by-id/usb-Mettler_Toledo_XS_Balance_B123456789-if00', '/dev/ttyACM0', '0eb8', '2200'],
    ['/dev/serial/by-id/usb-Silicon_Labs_CP2102_USB_to_UART_Bridge_Controller_0001-if00-port0', '/dev/ttyUSB1', '10c4', 'ea60'],
  ]);
  assert.is(ports[0]?.serialNumber, 'A50285BI');
  assert.is(ports[2]?.manufacturer, 'Mettler Toledo');
});

listing('should list nothing when no USB serial device was ever plugged :: no /dev/serial', async () => {
  assert.equal(await sysfsPortLister({ devRoot: join(tmpdir(), 'loupe-no-such-dev'), sysRoot: '/nonexistent' })(), []);
});

listing.run();

// ---

const matching = suite('discover');

matching.after(cleanUp);

matching('should find the Mettler balance by vendor :: VID 0eb8, score Vid', async () => {
  const { list } = lister();
  const found = await discover('scale', list);
  assert.equal(found.map((d) => [d.fingerprint.model, d.score]), [['Mettler Toledo balance (MT-SICS over USB CDC)', MatchScore.Vid]]);
});

matching('should not take a bare FTDI cable for the A&D balance :: conflict-prone without a path', async () => {
  const { list } = lister();
  assert.not.ok((await discover('scale', list)).some((d) => d.port.vendorId === '0403'));
});

matching('should take it once the store pins the cable serial :: pathRegex A50285BI ranks first', async () => {
  const { list } = lister();
  const pinned: UsbFingerprint[] = [...USB_FINGERPRINTS, { kind: 'scale', model: 'A&D GX-224A (counter 1)', vendorId: '0403', productId: '6001', pathRegex: /A50285BI/, conflictProne: true }];
  const found = await discover('scale', list, pinned);
  assert.equal(found.map((d) => [d.fingerprint.model, d.score]), [
    ['A&D GX-224A (counter 1)', MatchScore.VidPidPath],
    ['Mettler Toledo balance (MT-SICS over USB CDC)', MatchScore.Vid],
  ]);
  assert.equal(found[0]?.fingerprint.settings, undefined);
});

matching('should accept a bridge by manufacturer :: CP2102 with manufacturer /Silicon Labs/', async () => {
  const { list } = lister();
  const fingerprints: UsbFingerprint[] = [{ kind: 'rfid-encoder', model: 'R2000', vendorId: '10c4', productId: 'ea60', manufacturer: /Silicon Labs/, conflictProne: true }];
  const [found] = await discover('rfid-encoder', list, fingerprints);
  assert.is(found?.score, MatchScore.VidPidManuf);
  assert.match(found?.port.path ?? '', 'CP2102');
});

matching('should fail clearly when nothing matches :: NOT_FOUND listing what is plugged', async () => {
  const { list } = lister(DEVICES.slice(0, 1));
  const { error } = await rejectionOf(discoverOne('printer', list));
  assert.is(error.code, 'LOUPE_E_DEVICE_NOT_FOUND');
  assert.match(error.details.plugged[0], 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0 (0403:6001)');
  assert.ok(dirname(error.details.plugged[0]).endsWith('by-id'));
});

matching.run();
