/**
 * The drivers' public surface: what `runtime/` and `firmware/` may import. Everything else in
 * `drivers/` is an implementation detail of one device kind.
 */
export { DEVICE_ERRORS, DeviceError, isDeviceError, type DeviceErrorCode, type DeviceErrorDefinition } from './errors.ts';
export type { DeviceCondition, DeviceHealth, LinkState } from './health.ts';
export { systemClock, type Clock } from './clock.ts';
export { silentLog, type DriverLog } from './logger.ts';
export { createDevices, type DeviceConfig, type DeviceDependencies, type DeviceSet } from './devices.ts';
export { startSimulatedDevices, type SimulatedDeviceOptions, type SimulatedDeviceSet } from './simulated-devices.ts';

export { discover, discoverOne, sysfsPortLister, USB_FINGERPRINTS, type DeviceKind, type UsbFingerprint, type UsbSerialPort } from './serial/discovery.ts';
export { deviceFileOpener, serialOpener, tcpOpener } from './serial/openers.ts';
export { PortSupervisor } from './serial/supervisor.ts';
export type { HotplugBinding, HotplugLoader, UsbPlug } from './hotplug/interface.ts';
export { HotplugWatcher } from './hotplug/watcher.ts';
export { FakeHotplug } from './hotplug/fake-binding.ts';
export { usbHotplug } from './hotplug/usb-binding.ts';

export type { RfidReader, RfidReaderEvents, TagEncoder, TagRead } from './rfid/interface.ts';
export { TslHandheld, type Battery } from './rfid/tsl/handheld.ts';
export { R2000Encoder } from './rfid/r2000/encoder.ts';
export { Sweep, type SweptTag } from './rfid/sweep.ts';
export { decodeSgtin96, encodeSgtin96, sgtinGtin14, sgtinPureIdentityUri, sgtinTagUri, type Sgtin96 } from './rfid/sgtin96.ts';
export { decodePieceTag, encodePieceTag, identifyTag, maxStyleNumber, type PieceTag, type TagIdentity } from './rfid/piece-tag.ts';

export type { PriceWeight, Scale, ScaleEvents, ScaleReading, ScaleStatus } from './scale/interface.ts';
export { SerialScale } from './scale/scale.ts';
export { fromMicrograms, toMicrograms, type MassUnit } from './scale/units.ts';
export { DEFAULT_WEIGHING_RULES, type WeighingRules } from './scale/weighing.ts';

export type { PrintJob, PrintResult, PrinterEvents, ReceiptPrinter } from './printer/interface.ts';
export { EscPosPrinter } from './printer/printer.ts';
export { MemoryPrintJournal, type JobState, type JournalEntry, type PrintJournal } from './printer/journal.ts';
export { renderReceipt, type Receipt, type ReceiptLine } from './printer/receipt.ts';
export type { PrinterStatus } from './printer/status.ts';

export type { CashDrawer, DrawerEvents, DrawerOpenResult, DrawerRequest, DrawerTiming } from './drawer/interface.ts';
export { GpioCashDrawer } from './drawer/gpio-drawer.ts';
export { PrinterKickDrawer } from './drawer/printer-kick-drawer.ts';
export type { GpioProvider, LineRef } from './drawer/gpio/interface.ts';
export { createOnoffGpio } from './drawer/gpio/onoff-backend.ts';
export { MemoryGpio } from './drawer/gpio/memory-backend.ts';

export type { BarcodeScanner, Scan, ScannerEvents } from './scanner/interface.ts';
export { SerialScanner } from './scanner/serial-scanner.ts';
export { KeyboardWedgeScanner } from './scanner/keyboard-wedge.ts';

export type { PaymentOutcome, PaymentRequest, PaymentTerminal } from './payment/interface.ts';
export { NexoTerminal } from './payment/nexo-terminal.ts';
export { PaymentTerminalSimulator, type CardHolderChoice } from './payment/simulator.ts';
export { startPaymentTerminal, type PaymentTerminalSetup } from './payment/terminal-setup.ts';
