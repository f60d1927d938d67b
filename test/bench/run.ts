/**
 * `npm run bench [-- prefix…]`: runs every benchmark in test/bench/*.bench.ts whose name starts
 * with one of the prefixes (all when none is given) and prints one JSON object per figure.
 */
import { readdirSync } from 'node:fs';
import type { Benchmark } from './harness.ts';

const prefixes = process.argv.slice(2).filter((arg) => arg !== '--');
const selected = (name: string) => prefixes.length === 0 || prefixes.some((prefix) => name.startsWith(prefix) || prefix.startsWith(name));

const files = readdirSync(new URL('.', import.meta.url)).filter((file) => file.endsWith('.bench.ts')).sort();
let failures = 0;
for (const file of files) {
  const module = (await import(new URL(file, import.meta.url).href)) as { benchmarks: Benchmark[] };
  for (const benchmark of module.benchmarks.filter((b) => selected(b.name))) {
    try {
      for (const figure of await benchmark.run()) {
        if (prefixes.length === 0 || prefixes.some((prefix) => figure.name.startsWith(prefix))) process.stdout.write(`${JSON.stringify(figure)}\n`);
      }
    } catch (error) {
      failures += 1;
      process.stderr.write(`bench ${benchmark.name} failed: ${(error as Error).stack}\n`);
    }
  }
}
process.exitCode = failures > 0 ? 1 : 0;
