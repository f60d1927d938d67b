/**
 * A receipt as the runtime hands it over (amounts already formatted: money is the runtime's
 * business), laid out in ESC/POS by node-thermal-printer. A reprint carries COPY at the top and
 * the bottom, so it can never pass for the original.
 */
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';

export interface ReceiptLine {
  description: string;
  amount: string;
  /** Smaller lines under the item: stock number, metal and stones, certificate. */
  detail?: string[];
}

export interface Receipt {
  /** Store name first (printed tall and bold), then address, tax number. */
  header: string[];
  /** Receipt number, date, who served. */
  meta: string[];
  items: ReceiptLine[];
  totals: { label: string; amount: string; emphasis?: boolean }[];
  payments: { label: string; amount: string }[];
  footer: string[];
  /** Printed as a CODE128 barcode for returns, e.g. `0042-01-000017`. */
  receiptNumber: string;
}

export interface LayoutOptions {
  /** Characters per line: 48 on 80 mm paper (font A), 32 on 58 mm. */
  width: number;
  copy: boolean;
}

export const COPY_BANNER = '*** COPY ***';

/** The printer node-thermal-printer drives; `transport` is its custom-interface seam. */
export function createThermalPrinter(width: number, transport?: { execute(buffer: Buffer): Promise<unknown>; isPrinterConnected(): Promise<boolean> }): ThermalPrinter {
  return new ThermalPrinter({
    type: PrinterTypes.EPSON,
    width,
    characterSet: CharacterSet.PC858_EURO, // code page 19: Western European with the euro sign
    // node-thermal-printer takes an object as a custom interface; its typings say string (reference §3.2).
    ...(transport ? { interface: transport as unknown as string } : {}),
  } as ConstructorParameters<typeof ThermalPrinter>[0]);
}

/** Appends the receipt's ESC/POS to `printer`'s buffer. */
export function layOutReceipt(printer: ThermalPrinter, receipt: Receipt, options: LayoutOptions): void {
  const copyBanner = (): void => {
    if (!options.copy) return;
    printer.alignCenter();
    printer.bold(true);
    printer.setTextDoubleHeight();
    printer.println(COPY_BANNER);
    printer.setTextNormal();
    printer.bold(false);
  };
  copyBanner();
  printer.alignCenter();
  const [storeName, ...address] = receipt.header;
  if (storeName !== undefined) {
    printer.setTextDoubleHeight();
    printer.bold(true);
    printer.println(storeName);
    printer.bold(false);
    printer.setTextNormal();
  }
  for (const line of address) printer.println(line);
  printer.alignLeft();
  printer.drawLine();
  for (const line of receipt.meta) printer.println(line);
  printer.drawLine();
  const amountLine = (label: string, amount: string): void => {
    // leftRight() does not wrap: a label too long for the roll would run into the amount.
    if (label.length + amount.length + 1 <= options.width) return printer.leftRight(label, amount);
    printer.println(label);
    printer.alignRight();
    printer.println(amount);
    printer.alignLeft();
  };
  for (const item of receipt.items) {
    amountLine(item.description, item.amount);
    for (const detail of item.detail ?? []) printer.println(`  ${detail}`);
  }
  printer.drawLine();
  for (const total of receipt.totals) {
    if (total.emphasis) printer.bold(true);
    amountLine(total.label, total.amount);
    if (total.emphasis) printer.bold(false);
  }
  for (const payment of receipt.payments) amountLine(payment.label, payment.amount);
  printer.newLine();
  printer.alignCenter();
  printer.code128(receipt.receiptNumber, { height: 60 });
  for (const line of receipt.footer) printer.println(line);
  copyBanner();
  printer.cut();
}

/** The bytes of a receipt, without sending them (previews, tests). */
export function renderReceipt(receipt: Receipt, options: LayoutOptions): Buffer {
  const printer = createThermalPrinter(options.width);
  layOutReceipt(printer, receipt, options);
  return printer.getBuffer();
}
