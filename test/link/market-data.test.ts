/**
 * Metal spot prices from HQ, through a real broker, and the staleness guard: anything priced from
 * spot refuses with a coded error once the quote is too old, and works again with a fresh one.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isLoupeError } from '../../runtime/src/errors.ts';
import { metalValueMinor } from '../../runtime/src/link/market-data.ts';
import type { SpotQuote } from '../../runtime/src/wire/hq-messages.ts';
import { DeviceRig, HqRig, quickSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

interface Context {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  hq: HqRig;
  device: DeviceRig;
  clock: { mono: number; wall: number; synced: boolean };
}

const market = suite<Context>('market data', {} as Context);
const DEVICE = 'pos-test01';

market.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.broker = await MosquittoBroker.start();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url });
});
market.after(async (ctx) => {
  await ctx.hq?.stop();
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
});
market.before.each(async (ctx) => {
  ctx.clock = { mono: 1_000_000, wall: Date.now(), synced: true };
  ctx.device = new DeviceRig({
    deviceId: DEVICE,
    settings: quickSettings(ctx.broker.url, { market: { spotMaxAgeSeconds: 900 } }),
    context: { clock: { monotonicMs: () => ctx.clock.mono, now: () => new Date(ctx.clock.wall), clockSynced: () => ctx.clock.synced } },
  });
  await ctx.device.link.start();
  await ctx.device.waitFor((event) => event.type === 'online', 10_000, 'online');
});
market.after.each(async (ctx) => {
  await ctx.device?.close();
});

function quote(ctx: Context, instrument: string, bidMinor: number, askMinor: number, asOfMs = ctx.clock.wall): SpotQuote {
  const metal = ({ xau: 'gold', xag: 'silver', xpt: 'platinum', xpd: 'palladium' } as const)[instrument.slice(0, 3) as 'xau'];
  return { v: 1, instrument, metal, currency: instrument.slice(4).toUpperCase(), unit: 'ozt', bidMinor, askMinor, asOf: new Date(asOfMs).toISOString(), source: 'test-feed' };
}

async function delivered(ctx: Context, spot: SpotQuote): Promise<void> {
  const received = ctx.device.waitFor((event) => event.type === 'spot' && event.instrument === spot.instrument && event.asOf === spot.asOf, 5000, `quote ${spot.instrument}`);
  await ctx.hq.primary.publishSpot(spot, 900);
  await received;
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isLoupeError(error) ? error.code : String(error);
  }
}

market('should price fine metal from a fresh quote :: 18k gold, 5.000 g, bid 2,650.00 USD/ozt → 319.50', async (ctx) => {
  await delivered(ctx, quote(ctx, 'xau-usd', 265_000, 266_500));
  const value = ctx.device.link.market.metalValueMinor({ metal: 'gold', fineness: 750, weightUg: 5_000_000, currency: 'USD', side: 'bid' });
  // 5 g × 0.750 = 3.75 g fine = 0.120565 ozt; × 2,650.00 = 319.50
  assert.is(value, 31_950);
  assert.is(metalValueMinor(31_103_477, 1000, 100_000), 100_000, 'one troy ounce of fine metal is worth the per-ounce price');
});

market('should refuse with LOUPE_E_MARKET_SPOT_STALE past the limit and work again with a fresh quote :: 900 s limit, 901 s later', async (ctx) => {
  await delivered(ctx, quote(ctx, 'xau-usd', 265_000, 266_500));
  const price = () => ctx.device.link.market.metalValueMinor({ metal: 'gold', fineness: 585, weightUg: 2_000_000, currency: 'USD', side: 'ask' });
  ctx.clock.mono += 899_000;
  ctx.clock.wall += 899_000;
  assert.is(codeOf(price), undefined, 'a 899 s old quote is still usable');
  ctx.clock.mono += 2_000;
  ctx.clock.wall += 2_000;
  assert.is(codeOf(price), 'LOUPE_E_MARKET_SPOT_STALE');
  assert.equal(ctx.device.link.status().market.map((held) => [held.instrument, held.stale]), [['xau-usd', true]]);

  await delivered(ctx, quote(ctx, 'xau-usd', 270_000, 271_000));
  assert.is(codeOf(price), undefined);
  assert.is(price(), metalValueMinor(2_000_000, 585, 271_000));
});

market('should refuse a quote the feed itself published too long ago :: asOf 20 min before now, clock synced', async (ctx) => {
  await delivered(ctx, quote(ctx, 'xag-usd', 3_100, 3_150, ctx.clock.wall - 20 * 60_000));
  assert.is(codeOf(() => ctx.device.link.market.spot('silver', 'USD')), 'LOUPE_E_MARKET_SPOT_STALE');
  // An unsynchronized wall clock cannot be trusted to judge asOf; receipt age still applies.
  ctx.clock.synced = false;
  assert.is(codeOf(() => ctx.device.link.market.spot('silver', 'USD')), undefined);
});

market('should refuse with LOUPE_E_MARKET_SPOT_MISSING for a metal never quoted :: platinum in EUR', async (ctx) => {
  await delivered(ctx, quote(ctx, 'xpd-usd', 110_000, 112_000));
  assert.is(codeOf(() => ctx.device.link.market.metalValueMinor({ metal: 'platinum', fineness: 950, weightUg: 4_000_000, currency: 'EUR', side: 'ask' })), 'LOUPE_E_MARKET_SPOT_MISSING');
});

market.run();
