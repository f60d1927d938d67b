/**
 * The composition root: builds the ledger, the bus, the services and the API, in that order, and
 * takes them down in reverse. The constructor only assigns; `start()` does the work.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Logger } from 'pino';
import type { Settings } from './config/settings-schema.ts';
import type { Actor } from './domain/actor.ts';
import { createUlidFactory } from './domain/ulid.ts';
import { adoptHqSettings, withHqSettings } from './config/hq-settings.ts';
import { appliedBody } from './store/link-state.ts';
import { EventBus } from './event-bus.ts';
import { LINK_FACTS } from './facts.ts';
import { buildApi, type Api } from './api/app.ts';
import type { Simulators } from './api/context.ts';
import { listen } from './api/server.ts';
import { CatalogService } from './modules/catalog/catalog-service.ts';
import { BulkStockService } from './modules/catalog/bulk-stock-service.ts';
import { PhotoLibrary } from './modules/catalog/photo-library.ts';
import { PiecePhotos } from './modules/catalog/piece-photos.ts';
import { SaleService } from './modules/sales/sale-service.ts';
import { ReturnService } from './modules/sales/return-service.ts';
import { TillService } from './modules/cash/till-service.ts';
import { seedDemoStore } from './modules/demo/demo-store.ts';
import { CardPayments } from './modules/payments/card-payments.ts';
import { SessionBook } from './modules/staff/sessions.ts';
import { StaffService } from './modules/staff/staff-service.ts';
import { backupDatabase, checkBackup } from './store/backup.ts';
import { appliedMigrations, Ledger } from './store/ledger.ts';
import { outboxStats } from './store/outbox.ts';
import type { Health, ProvisioningPort } from './wire/api.ts';
import { exponentOf } from './domain/money.ts';
import { startPaymentTerminal, type HotplugLoader, type PaymentTerminalSetup } from '../../drivers/index.ts';
import type { Receipt } from '../../drivers/printer/receipt.ts';
import { DevicesModule } from './modules/devices/devices-module.ts';
import { StockModule } from './modules/stock/stock-module.ts';
import { ledgerPrintJournal, ReceiptsModule } from './modules/receipts/receipts-module.ts';
import { HqLink } from './link/hq-link.ts';
import { LedgerCheckpoints } from './modules/ledger-checkpoints.ts';
import { Certificates } from './modules/certificates/certificates.ts';
import { exchangeRate } from './domain/exchange-rate.ts';
import { fxRates } from './store/hq-documents.ts';
import { ClientSales } from './modules/clients/client-sales.ts';
import { ClientService } from './modules/clients/client-service.ts';

export const LEDGER_FILE = 'ledger.sqlite';
export const BACKUP_DIR = 'backups';
/** Piece photos, one file per distinct picture, named by its SHA-256. */
export const PHOTO_DIR = 'photos';

/** Facts about the box the runtime cannot decide itself; firmware reads them from the OS. */
export interface Platform {
  bootId: string;
  clockSynced: () => boolean;
}

export interface ApplianceOptions {
  dataDir: string;
  settings: Settings;
  logger: Logger;
  platform: Platform;
  version: string;
  now?: () => Date;
  /** Enrollment with HQ, for the sign-in screen (firmware's first boot); absent: provisioned by hand. */
  provisioning?: ProvisioningPort;
  /** USB hotplug for real hardware; the `usb` package's when absent (tests inject a fake). */
  hotplug?: HotplugLoader;
}

export class Appliance {
  readonly #options: ApplianceOptions;
  readonly #now: () => Date;
  #ledger: Ledger | undefined;
  #api: Api | undefined;
  #paymentTerminal: PaymentTerminalSetup | undefined;
  /** Started modules, stopped in reverse. */
  readonly #modules: { stop(): Promise<void> }[] = [];
  #devices: DevicesModule | undefined;
  #receipts: ReceiptsModule | undefined;
  #link: HqLink | undefined;
  #startedAt = 0;

  constructor(options: ApplianceOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Opens the ledger (migrating it), seeds the demo store on an empty one, and starts the API. Returns its address. */
  async start(): Promise<string> {
    const { dataDir, settings, logger, platform, version } = this.#options;
    this.#startedAt = this.#now().getTime();
    mkdirSync(join(dataDir, BACKUP_DIR), { recursive: true });
    const newId = createUlidFactory({ now: () => this.#now().getTime(), randomBytes: (size) => randomBytes(size) });
    const bus = new EventBus(logger);
    const ledger = Ledger.open({
      path: join(dataDir, LEDGER_FILE),
      identity: { deviceId: settings.device.id, storeId: settings.store.id, bootId: platform.bootId, clockSynced: platform.clockSynced },
      now: this.#now,
      newId,
      onCommitted: bus.announce,
    });
    this.#ledger = ledger;
    // HQ's settings document, as last applied, over the file's: selling rules, large cash, client tiers (config/hq-settings.ts).
    const localSettings = structuredClone(settings);
    const hqSettings = () => {
      const body = appliedBody(ledger.db, 'settings');
      return body === undefined ? undefined : (JSON.parse(body) as Record<string, unknown>);
    };
    adoptHqSettings(settings, localSettings, hqSettings());
    const staff = new StaffService({ ledger, now: this.#now, newId, pinHashCost: settings.security.pinHashCost, lockout: settings.security.lockout });
    const catalog = new CatalogService({ ledger, now: this.#now, newId, currency: settings.store.currency });
    const photos = new PiecePhotos({ ledger, now: this.#now, library: new PhotoLibrary(join(dataDir, PHOTO_DIR)), limits: settings.photos });
    const bulk = new BulkStockService({ ledger, now: this.#now, newId, currency: settings.store.currency });
    if (settings.demo.seedEmptyLedger && staff.list().length === 0) {
      logger.info('empty ledger: creating the demo store');
      await seedDemoStore(staff, catalog, bulk, photos);
    }
    const sessions = new SessionBook(settings.security, this.#now);
    this.#paymentTerminal = await startPaymentTerminal({
      url: settings.payment.terminalUrl,
      saleId: settings.device.id,
      poiId: settings.payment.poiId,
      currencyExponent: exponentOf,
      answerTimeoutMs: settings.payment.answerTimeoutSeconds * 1000,
    });
    // Foreign cash is taken at HQ's exchange rate (the fx desired document); without one it is refused.
    const rateFor = (currency: string) => exchangeRate(fxRates(ledger.db), settings.store.currency, currency);
    const clientSales = new ClientSales({ settings, newId });
    const clients = new ClientService({ ledger, now: this.#now, newId, settings, sales: clientSales });
    const returns = new ReturnService({ ledger, now: this.#now, newId, settings, clients: clientSales });
    const payments = new CardPayments({ ledger, now: this.#now, newId, terminal: this.#paymentTerminal.terminal, log: logger.child({ module: 'payments' }) });
    const sales = new SaleService({ ledger, now: this.#now, newId, settings, rateFor, payments, returns, clients: clientSales });
    const till = new TillService({ ledger, now: this.#now, newId, settings });
    const hotplug = this.#options.hotplug ? { hotplug: this.#options.hotplug } : {};
    const devices = new DevicesModule({ hardware: settings.devices, bus, ledger, log: logger, now: this.#now, journal: ledgerPrintJournal(ledger, this.#now), ...hotplug });
    const receipts = new ReceiptsModule({ ledger, bus, settings, log: logger, now: this.#now, printer: () => devices.devices.printer });
    this.#devices = devices;
    this.#receipts = receipts;
    const stock = new StockModule({
      ledger,
      bus,
      now: this.#now,
      newId,
      devices: () => devices.devices,
      store: { id: settings.store.id, currency: settings.store.currency, timeZone: settings.store.timeZone },
      companyPrefix: settings.stock.companyPrefix,
    });
    const link = new HqLink({
      ledger,
      bus,
      settings: settings.hq,
      identity: { deviceId: settings.device.id, storeId: settings.store.id, appVersion: version },
      logger: logger.child({ module: 'hq-link' }),
      clock: { now: this.#now, clockSynced: platform.clockSynced },
      deviceHealth: () => devices.health(),
      dataDir,
      checkSettings: (body) => {
        const checked = withHqSettings(localSettings, body);
        return checked.ok ? [] : checked.problems;
      },
    });
    this.#link = link;
    link.subscribe((event) => bus.emit(LINK_FACTS[event.type], event));
    // However HQ's settings document came to be applied, the live settings follow it once it is committed.
    bus.on(this, 'hqDocumentApplied', ({ payload }) => {
      if (payload.doc === 'settings') adoptHqSettings(settings, localSettings, hqSettings());
    });
    for (const module of [new LedgerCheckpoints(ledger, logger), clients, devices, stock, receipts, payments, link]) {
      await module.start();
      this.#modules.push(module);
    }
    this.#api = await buildApi(
      {
        settings,
        bus,
        ledger,
        staff,
        sessions,
        catalog,
        bulk,
        photos,
        sales,
        payments,
        returns,
        till,
        receipts,
        stock,
        clients,
        certificates: new Certificates({ ledger, catalog, receipts, settings, now: this.#now }),
        simulators: this.simulators,
        health: () => this.health(),
        backup: (actor) => this.backup(actor),
        ...(this.#options.provisioning ? { provisioning: this.#options.provisioning } : {}),
      },
      logger,
      version,
    );
    const address = await listen(this.#api, settings.api);
    logger.info({ address, ledger: ledger.db.name, session: ledger.session }, 'Loupe is ready');
    return address;
  }

  /** Stops everything in reverse; a step that fails is logged and the others still run (the first failure is thrown at the end). */
  async stop(): Promise<void> {
    const failures: unknown[] = [];
    const step = async (name: string, run: () => unknown) => {
      try {
        await run();
      } catch (error) {
        failures.push(error);
        this.#options.logger.error({ err: error, step: name }, 'a stop step failed; stopping the rest');
      }
    };
    await step('api', () => this.#api?.close());
    for (const module of this.#modules.splice(0).reverse()) await step(module.constructor.name, () => module.stop());
    await step('payment terminal simulator', () => this.#paymentTerminal?.stop());
    await step('ledger', () => this.#ledger?.close());
    if (failures.length > 0) throw failures[0];
  }

  /** Prints a page that is not a receipt now (the pairing slip); a printer problem is the caller's. */
  printPage(id: string, page: Receipt): Promise<void> {
    if (!this.#receipts) throw new Error('the appliance has not started');
    return this.#receipts.printPage(id, page);
  }

  /** The simulated peripherals standing in for hardware that is not configured (demo, tests). */
  get simulators(): Simulators {
    const paymentTerminal = this.#paymentTerminal?.simulator;
    return { ...(paymentTerminal ? { paymentTerminal } : {}), counter: this.#devices?.simulated ?? null };
  }

  get api(): Api {
    if (!this.#api) throw new Error('the appliance has not started');
    return this.#api;
  }

  get ledger(): Ledger {
    if (!this.#ledger) throw new Error('the appliance has not started');
    return this.#ledger;
  }

  health(): Health {
    const { settings, version } = this.#options;
    const ledger = this.ledger;
    let ledgerOk = true;
    try {
      ledger.db.prepare('SELECT 1').get();
    } catch {
      ledgerOk = false;
    }
    const sizeBytes = fileSize(ledger.db.name) + fileSize(`${ledger.db.name}-wal`);
    return {
      status: ledgerOk ? 'ok' : 'degraded',
      version,
      uptimeSeconds: Math.floor((this.#now().getTime() - this.#startedAt) / 1000),
      store: { id: settings.store.id, name: settings.store.name },
      deviceId: settings.device.id,
      ledger: { ok: ledgerOk, sizeBytes, migrations: ledgerOk ? appliedMigrations(ledger.db) : [] },
      devices: (this.#devices?.health() ?? []).map((device) => ({
        name: device.device,
        state: device.state,
        lastError: device.lastError?.message ?? null,
        conditions: device.conditions,
      })),
      hqLink: this.#link?.status() ?? { state: 'not-configured' },
      outbox: ledgerOk ? outboxStats(ledger.db) : { depth: 0, oldestAt: null, lastSeq: 0 },
    };
  }

  /** Backs the ledger up into `<data>/backups/`, checks the copy, and records who made it. */
  async backup(actor: Actor): Promise<{ file: string; sizeBytes: number; at: string }> {
    const { dataDir, settings } = this.#options;
    const at = this.#now().toISOString();
    const file = join(dataDir, BACKUP_DIR, backupFileName(settings, at));
    const { sizeBytes } = await backupDatabase(this.ledger.db, file);
    const verdict = checkBackup(file);
    this.ledger.write({ action: 'system.backedUp', actor, target: `backup:${basename(file)}` }, () => ({
      result: undefined,
      after: { file: basename(file), sizeBytes, auditEntries: verdict.entries },
      events: [{ stream: 'audit', type: 'system.backed_up', schemaVersion: 1, payload: { file: basename(file), sizeBytes, auditHead: verdict.headHash } }],
    }));
    return { file, sizeBytes, at };
  }
}

export function backupFileName(settings: Settings, at: string): string {
  return `loupe-${settings.store.id}-${settings.device.id}-${at.replace(/[:.]/g, '').replace('T', '-')}.sqlite`;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
