/**
 * Stock control: tagging pieces at the counter encoder, sweeps with the RFID handhelds, daily
 * showcase counts and stock movements. `start()` closes sweeps a previous run left open and
 * listens for tag reads; `stop()` stops listening.
 */
import { decodePieceTag, type DeviceSet } from '../../../../drivers/index.ts';
import type { EventBus } from '../../event-bus.ts';
import type { Ledger } from '../../store/ledger.ts';
import { DailyCounts } from './daily-counts.ts';
import { Movements } from './movements.ts';
import { Sweeps } from './sweeps.ts';
import { Tagging } from './tagging.ts';

/** The bus name of the handheld's reads (devices module). */
export const HANDHELD_READER = 'rfid-handheld';

export interface StockModuleContext {
  ledger: Ledger;
  bus: EventBus;
  now: () => Date;
  newId: () => string;
  /** The counter's devices (started before this module). */
  devices: () => DeviceSet;
  store: { id: string; currency: string; timeZone: string };
  companyPrefix: string;
}

export class StockModule {
  readonly sweeps: Sweeps;
  readonly tagging: Tagging;
  readonly movements: Movements;
  readonly counts: DailyCounts;

  constructor(ctx: StockModuleContext) {
    const { ledger, bus, now, newId, store, companyPrefix } = ctx;
    this.sweeps = new Sweeps({
      ledger,
      bus,
      now,
      newId,
      readers: () => (ctx.devices().rfidHandheld ? [HANDHELD_READER] : []),
      isChainTag: (epc) => decodePieceTag(epc, [companyPrefix]) !== null,
    });
    this.tagging = new Tagging({ ledger, now, encoder: () => ctx.devices().rfidEncoder, companyPrefix, storeId: store.id });
    this.movements = new Movements({ ledger, now, newId, storeId: store.id, currency: store.currency });
    this.counts = new DailyCounts({ ledger, now, newId, timeZone: store.timeZone });
  }

  async start(): Promise<void> {
    await this.sweeps.start();
  }

  async stop(): Promise<void> {
    await this.sweeps.stop();
  }
}
