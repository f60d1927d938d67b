/**
 * What a benchmark file exports. `npm run bench` prints each figure as one JSON line:
 * `{"name": "ledger.commit.p99_ms.empty", "value": 0.41, "unit": "ms", ...context}`.
 * Figures are measured, never asserted: benchmarks are not tests.
 */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  [context: string]: unknown;
}

export interface Benchmark {
  /** The names of the figures it prints all start with this; `npm run bench -- <prefix>` selects by it. */
  name: string;
  run(): Promise<Figure[]>;
}

/** The q-quantile (0..1) of a list of numbers, nearest-rank. */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function round(value: number, digits = 3): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
