/**
 * The counter for end-to-end tests: a real appliance on a free loopback port (the demo store, the
 * simulated peripherals speaking their own bytes), its touchscreen app built and served at `/`, and
 * Debian's Chromium driven by playwright-core at the panel sizes the kiosk has.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { buildUi } from '../../../ui/build.mjs';
import { applyFxRates } from '../../../runtime/src/store/hq-documents.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';

export const PANELS = [
  { width: 800, height: 480 },
  { width: 1280, height: 800 },
] as const;
export type Panel = (typeof PANELS)[number];

export const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const AXE = readFileSync(fileURLToPath(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');

export interface Counter {
  t: TestAppliance;
  browser: Browser;
  manager: string;
  stop(): Promise<void>;
}

/** The appliance with its till open and HQ's euro rate applied, and a browser. */
export async function startCounter(): Promise<Counter> {
  await buildUi();
  const t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  await openTill(t);
  // As HQ's FX desired document would: 1 EUR = 1.0832 USD.
  applyFxRates(t.appliance.ledger.db, 1, { base: 'EUR', rates: [{ quote: 'USD', rateE8: 108_320_000, asOf: '2026-11-24T06:00:00Z' }] });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const manager = await t.login('100', '8264');
  return {
    t,
    browser,
    manager,
    async stop() {
      await browser.close();
      await t.stop();
    },
  };
}

/** A fresh browser context at the panel's size; `at` fixes the page's clock (screenshots that do not change from run to run). */
export async function openScreen(counter: Counter, panel: Panel = PANELS[0], at?: Date): Promise<Page> {
  const context = await counter.browser.newContext({ viewport: panel, hasTouch: true, locale: 'en-US' });
  if (at) await context.clock.setFixedTime(at);
  const page = await context.newPage();
  await page.goto(counter.t.url);
  await page.getByRole('heading', { name: 'Your staff number' }).waitFor();
  return page;
}

/** Taps digits on the on-screen keypad inside `scope`. */
export async function tapDigits(scope: Locator, digits: string): Promise<void> {
  for (const digit of digits) await scope.locator('pos-keypad').getByRole('button', { name: digit, exact: true }).click();
}

export async function signIn(page: Page, code: string, pin: string): Promise<void> {
  const pad = page.locator('pos-sign-in');
  await tapDigits(pad, code);
  await pad.getByRole('button', { name: 'Next' }).click();
  await tapDigits(pad, pin);
  await pad.getByRole('button', { name: 'Sign in' }).click();
  // Signed in once the live channel is up: from then on a scan reaches the screen.
  await page.locator('pos-status-bar[live]').waitFor();
}

/** A call to the appliance's API over HTTP, as `token` (by default the manager's); its status and JSON. */
export async function request(counter: Counter, method: string, path: string, body?: unknown, token = counter.manager): Promise<{ status: number; json: any }> {
  const reply = await fetch(`${counter.t.url}/api/v1${path}`, { method, headers: { ...bearer(token), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: reply.status, json: reply.status === 204 ? null : await reply.json() };
}

/** A call that must succeed, for a test's setup: its JSON. */
export async function api<T>(counter: Counter, method: string, path: string, body?: unknown): Promise<T> {
  const { status, json } = await request(counter, method, path, body);
  if (status >= 300) throw new Error(`${method} ${path} refused: ${status} ${JSON.stringify(json)}`);
  return json as T;
}

/** What the demo scanner reads, sent through the simulator as the hardware would. */
export async function scan(counter: Counter, code: string): Promise<void> {
  await api(counter, 'POST', '/demo/scan', { code });
}

export async function demo(counter: Counter, method: string, path: string, body?: unknown): Promise<void> {
  await api(counter, method, `/demo/${path}`, body);
}

interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs in the page, as text (the test's own TypeScript has no DOM types): axe over the document. */
const RUN_AXE = `axe.run(document).then((result) => result.violations.map((violation) => ({
  id: violation.id, impact: violation.impact, help: violation.help,
  targets: violation.nodes.slice(0, 3).map((node) => JSON.stringify(node.target)),
})))`;

/** axe-core in the page, shadow roots included: the serious and critical violations, described. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate("'axe' in window"))) await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(RUN_AXE)) as Violation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.targets.join(', ')}`);
}

/** docs/screenshots/<name>-<width>x<height>.png */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { width, height } = page.viewportSize() as Panel;
  await page.screenshot({ path: `${SCREENSHOTS}${name}-${width}x${height}.png` });
}
