/**
 * Touchscreen figures: the size of the app as the kiosk downloads it (every screen is in the one
 * bundle), and a simulated scan to the line painted in headless Chromium — the scanner simulator's
 * bytes through the real driver, the bus, the live WebSocket, the add-to-sale call and Lit's render,
 * timed in the page until the frame after the line appears.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildUi, UI_DIST } from '../../ui/build.mjs';
import { openScreen, signIn, startCounter } from '../e2e/helpers/counter.ts';
import { quantile, round, type Benchmark, type Figure } from './harness.ts';

const SCANS_PER_SALE = 8;
/**
 * Runs in the page (as text: tsx would wrap a function literal in helpers the page lacks): scans
 * through the demo route, then waits frame by frame for the line and resolves after the next frame.
 */
const SCAN_TO_LINE = `async ({ code, stockNo, token }) => {
  const line = () => document.querySelector('pos-app')?.shadowRoot?.querySelector('pos-sale')?.shadowRoot?.querySelector('li[data-stock-no="' + stockNo + '"]');
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const start = performance.now();
  await fetch('/api/v1/demo/scan', { method: 'POST', headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  while (!line()) {
    await frame();
    if (performance.now() - start > 5000) throw new Error(stockNo + ' never appeared');
  }
  await frame();
  return performance.now() - start;
}`;
const SALES = 8;

function addBenchPieces(db: import('better-sqlite3').Database, count: number): string[] {
  const insert = db.prepare(
    `INSERT INTO pieces (id, stock_no, barcode, description, category, metal, fineness, cost_minor, retail_minor, currency, location, ownership, status, created_at, updated_at)
     VALUES (?, ?, ?, 'Bench ring, 18k gold', 'ring', 'gold', 750, 100000, 250000, 'USD', 'Case 1', 'owned', 'in_stock', '2026-11-24T00:00:00Z', '2026-11-24T00:00:00Z')`,
  );
  const barcodes: string[] = [];
  db.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      const barcode = `UIB${String(n).padStart(6, '0')}`;
      insert.run(`uib${n}`, `UIB-${n}`, barcode);
      barcodes.push(barcode);
    }
  })();
  return barcodes;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'ui.bundle_gzip_kb',
    async run(): Promise<Figure[]> {
      await buildUi({ force: true });
      const bytes = ['index.html', 'app.js'].reduce((sum, file) => sum + gzipSync(readFileSync(`${UI_DIST}/${file}`), { level: 9 }).length, 0);
      return [{ name: 'ui.bundle_gzip_kb', value: round(bytes / 1024, 1), unit: 'KiB', files: ['index.html', 'app.js'] }];
    },
  },
  {
    name: 'ui.scan_to_screen',
    async run(): Promise<Figure[]> {
      const counter = await startCounter();
      try {
        const barcodes = addBenchPieces(counter.t.appliance.ledger.db, SCANS_PER_SALE * SALES);
        const page = await openScreen(counter);
        await signIn(page, '101', '3917');
        await page.getByRole('heading', { name: 'A new sale' }).waitFor();
        const timings: number[] = [];
        for (let sale = 0; sale < SALES; sale += 1) {
          for (const barcode of barcodes.slice(sale * SCANS_PER_SALE, (sale + 1) * SCANS_PER_SALE)) {
            const stockNo = `UIB-${Number(barcode.slice(3))}`;
            timings.push(await page.evaluate(`(${SCAN_TO_LINE})(${JSON.stringify({ code: barcode, stockNo, token: counter.manager })})`));
          }
          await page.getByRole('button', { name: 'Void' }).click();
          await page.getByRole('button', { name: 'Training' }).click();
          await page.getByRole('heading', { name: 'A new sale' }).waitFor();
        }
        return [
          { name: 'ui.scan_to_screen.p99_ms', value: round(quantile(timings, 0.99), 1), unit: 'ms', scans: timings.length, p50_ms: round(quantile(timings, 0.5), 1), browser: 'chromium headless' },
        ];
      } finally {
        await counter.stop();
      }
    },
  },
];
