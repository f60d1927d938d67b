/**
 * Metal spot prices from HQ (`loupe/v1/all/mkt/{instrument}`), with the staleness guard.
 *
 * The broker's message expiry keeps it from serving a day-old retained price, but the guard here
 * is the safety mechanism (hq-link-mqtt.md §4.6): a quote is stale `spotMaxAgeSeconds` after it
 * arrived (monotonic clock, so a wrong wall clock cannot freshen it) or after its `asOf` when the
 * device clock is synchronized. Anything priced from a stale or missing quote refuses with
 * LOUPE_E_MARKET_SPOT_STALE / _MISSING instead of using it.
 */
import { LoupeError } from '../errors.ts';
import type { Metal } from '../domain/piece.ts';
import type { SpotQuote } from '../wire/hq-messages.ts';

/** Micrograms in ten troy ounces: 1 ozt = 31.1034768 g exactly, so ten are an integer. */
const UG_PER_10_OZT = 311_034_768n;

const METAL_CODES: Record<Metal, string> = { gold: 'xau', silver: 'xag', platinum: 'xpt', palladium: 'xpd' };

export function instrumentOf(metal: Metal, currency: string): string {
  return `${METAL_CODES[metal]}-${currency.toLowerCase()}`;
}

export interface MarketClock {
  now(): Date;
  monotonicMs(): number;
  clockSynced(): boolean;
}

interface HeldQuote {
  quote: SpotQuote;
  receivedAt: number;
}

export interface SpotView extends SpotQuote {
  ageSeconds: number;
  stale: boolean;
}

export class MarketBook {
  readonly #quotes = new Map<string, HeldQuote>();
  readonly #clock: MarketClock;
  readonly #maxAgeMs: number;

  constructor(clock: MarketClock, maxAgeSeconds: number) {
    this.#clock = clock;
    this.#maxAgeMs = maxAgeSeconds * 1000;
  }

  /** Keeps a quote unless it is older than the one held (a late retained copy). */
  record(quote: SpotQuote): boolean {
    const held = this.#quotes.get(quote.instrument);
    if (held && Date.parse(held.quote.asOf) > Date.parse(quote.asOf)) return false;
    this.#quotes.set(quote.instrument, { quote, receivedAt: this.#clock.monotonicMs() });
    return true;
  }

  /** Every quote held, with its age; for status screens and the state document. */
  list(): SpotView[] {
    return [...this.#quotes.values()].map((held) => this.#view(held));
  }

  /** The current quote for a metal in a currency; throws when missing or stale. */
  spot(metal: Metal, currency: string): SpotView {
    const instrument = instrumentOf(metal, currency);
    const held = this.#quotes.get(instrument);
    if (!held) throw new LoupeError('LOUPE_E_MARKET_SPOT_MISSING', { instrument, metal, currency });
    const view = this.#view(held);
    if (view.stale) {
      throw new LoupeError('LOUPE_E_MARKET_SPOT_STALE', {
        instrument,
        ageSeconds: view.ageSeconds,
        maxAgeSeconds: this.#maxAgeMs / 1000,
        asOf: held.quote.asOf,
      });
    }
    return view;
  }

  /**
   * The value of the fine metal in a piece at spot: weight × fineness/1000 × price per troy ounce,
   * in minor units, rounded half up. `side` bid for buying gold in, ask for selling.
   */
  metalValueMinor(input: { metal: Metal; fineness: number; weightUg: number; currency: string; side: 'bid' | 'ask' }): number {
    const quote = this.spot(input.metal, input.currency);
    return metalValueMinor(input.weightUg, input.fineness, input.side === 'bid' ? quote.bidMinor : quote.askMinor);
  }

  #view(held: HeldQuote): SpotView {
    const sinceReceipt = this.#clock.monotonicMs() - held.receivedAt;
    const sinceAsOf = this.#clock.clockSynced() ? this.#clock.now().getTime() - Date.parse(held.quote.asOf) : 0;
    const ageMs = Math.max(sinceReceipt, Number.isFinite(sinceAsOf) ? sinceAsOf : 0, 0);
    return { ...held.quote, ageSeconds: Math.floor(ageMs / 1000), stale: ageMs > this.#maxAgeMs };
  }
}

/** Pure: fine-metal value in minor units for `weightUg` micrograms at `fineness`‰ and a per-ozt price. */
export function metalValueMinor(weightUg: number, fineness: number, perOztMinor: number): number {
  const numerator = BigInt(weightUg) * BigInt(fineness) * BigInt(perOztMinor) * 10n;
  const denominator = UG_PER_10_OZT * 1000n;
  return Number((numerator * 2n + denominator) / (denominator * 2n));
}
