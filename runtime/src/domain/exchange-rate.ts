/**
 * The rate foreign cash is taken at: store currency per unit of the foreign currency, from HQ's
 * table of rates (`rateE8` = units of quote per unit of base × 10^8), whichever way round HQ
 * listed the pair. Exact: a ratio of integers, never a float. Null when HQ sent no such rate.
 */
import type { RateQuote } from './money.ts';

export interface ListedRate {
  base: string;
  quote: string;
  rateE8: number;
}

const E8 = 100_000_000;

export function exchangeRate(rates: readonly ListedRate[], store: string, foreign: string): RateQuote | null {
  const direct = rates.find((rate) => rate.base === foreign && rate.quote === store);
  if (direct) return { numerator: direct.rateE8, denominator: E8 };
  const inverse = rates.find((rate) => rate.base === store && rate.quote === foreign);
  if (inverse) return { numerator: E8, denominator: inverse.rateE8 };
  return null;
}
