/** The API's one context: the services, the bus and the simulators every route file is built over. */
import type { Settings } from '../config/settings-schema.ts';
import type { Ledger } from '../store/ledger.ts';
import type { StaffService } from '../modules/staff/staff-service.ts';
import type { SessionBook } from '../modules/staff/sessions.ts';
import type { CatalogService } from '../modules/catalog/catalog-service.ts';
import type { BulkStockService } from '../modules/catalog/bulk-stock-service.ts';
import type { PiecePhotos } from '../modules/catalog/piece-photos.ts';
import type { SaleService } from '../modules/sales/sale-service.ts';
import type { CardPayments } from '../modules/payments/card-payments.ts';
import type { ReturnService } from '../modules/sales/return-service.ts';
import type { TillService } from '../modules/cash/till-service.ts';
import type { ReceiptsModule } from '../modules/receipts/receipts-module.ts';
import type { Certificates } from '../modules/certificates/certificates.ts';
import type { StockModule } from '../modules/stock/stock-module.ts';
import type { ClientService } from '../modules/clients/client-service.ts';
import type { PaymentTerminalSimulator, SimulatedDeviceSet } from '../../../drivers/index.ts';
import type { Health } from '../wire/api.ts';
import type { Actor } from '../domain/actor.ts';
import type { EventBus } from '../event-bus.ts';

import type { ProvisioningPort } from '../wire/api.ts';

/** The simulators standing in for hardware that is not configured (demo, tests). */
export interface Simulators {
  paymentTerminal?: PaymentTerminalSimulator;
  /** RFID, scale, printer, drawer and scanners in demo mode; null with real hardware. */
  counter?: SimulatedDeviceSet | null;
}

/** Everything the routes need, built once by the composition root. */
export interface ApiContext {
  settings: Settings;
  bus: EventBus;
  ledger: Ledger;
  staff: StaffService;
  sessions: SessionBook;
  catalog: CatalogService;
  bulk: BulkStockService;
  photos: PiecePhotos;
  sales: SaleService;
  payments: CardPayments;
  returns: ReturnService;
  till: TillService;
  receipts: ReceiptsModule;
  clients: ClientService;
  certificates: Certificates;
  stock: StockModule;
  /** The simulators behind the devices in demo mode, for the demo's control routes. */
  simulators: Simulators;
  health: () => Health;
  /** Enrollment with HQ (firmware's first boot); absent: the box was provisioned by hand. */
  provisioning?: ProvisioningPort;
  backup: (actor: Actor) => Promise<{ file: string; sizeBytes: number; at: string }>;
}
