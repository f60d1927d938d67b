/**
 * A new box's first boot in the appliance itself (firmware/src/first-boot.ts): the pairing code on
 * the sign-in screen's API and on the demo counter's receipt printer, HQ enters it, and the
 * appliance comes back up as the enrolled till of store 0077, online over mutual TLS; its first
 * manager is created at the counter with HQ's one-time code (no default PIN), and that reaches HQ.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium } from 'playwright-core';
import { ProvisionedAppliance } from '../../firmware/src/first-boot.ts';
import { buildUi } from '../../ui/build.mjs';
import { validated } from '../../runtime/src/config/settings.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { decodeEscPos } from '../drivers/helpers/escpos-decoder.ts';
import { waitFor } from '../drivers/helpers/eventually.ts';
import { CHROMIUM } from '../e2e/helpers/counter.ts';
import { within } from '../helpers/link-rig.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { EnrollRig } from './enroll-rig.ts';

interface Context {
  cluster: PostgresCluster;
  rig: EnrollRig;
  dataDir: string;
  box?: ProvisionedAppliance;
}

const boot = suite<Context>('first boot of the appliance', {} as Context);

boot.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.rig = await EnrollRig.start(ctx.cluster);
  ctx.dataDir = mkdtempSync(join(tmpdir(), 'loupe-first-boot-'));
});

boot.after(async (ctx) => {
  await ctx.box?.stop();
  await ctx.rig?.stop();
  await ctx.cluster?.stop();
  rmSync(ctx.dataDir, { recursive: true, force: true });
});

boot('should show the pairing code on the sign-in screen and print it, come back enrolled and online over mutual TLS, and take its first manager from HQ’s code :: store 0077', async (ctx) => {
  const { rig } = ctx;
  const settings = validated({
    version: 1,
    api: { port: 0 },
    log: { level: 'error' },
    security: { pinHashCost: 14 },
    device: { id: 'pos-boot01' },
    demo: { seedEmptyLedger: false },
    provisioning: { hqUrl: rig.api.address, caFingerprint: rig.ca.fingerprint, pollMs: 100 },
  });
  const box = new ProvisionedAppliance({ dataDir: ctx.dataDir, settings, logger: createLogger('error'), platform: { bootId: 'boot-1', clockSynced: () => true }, version: '0.0.0-test' });
  ctx.box = box;
  const address = await box.start();
  assert.is(box.appliance.health().hqLink.state, 'not-configured', 'no broker before enrollment');
  const screen = async () => (await box.appliance.api.inject({ method: 'GET', url: '/api/v1/provisioning' })).json();
  let shown = await screen();
  for (const deadline = Date.now() + 10_000; shown.state !== 'waiting' && Date.now() < deadline; shown = await screen()) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal([shown.deviceId, typeof shown.pairingCode], ['pos-boot01', 'string']);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    await buildUi();
    const page = await browser.newPage({ viewport: { width: 800, height: 480 } });
    await page.goto(address);
    await page.getByRole('status').filter({ hasText: 'Enroll this till with HQ' }).getByText(shown.pairingCode).waitFor({ timeout: 10_000 });
  } finally {
    await browser.close();
  }
  const printer = box.appliance.simulators.counter!.printer;
  await waitFor('the pairing slip on the printer', () => decodeEscPos(printer.bytes()).barcodes.length > 0, 10_000);
  assert.equal(decodeEscPos(printer.bytes()).barcodes.map((barcode) => barcode.data), [shown.pairingCode]);

  const approved = await rig.approve({ code: shown.pairingCode, storeId: '0077' });
  assert.is(approved.statusCode, 200);
  const { firstManagerCode } = approved.json() as { firstManagerCode: string };
  await within(box.enrolled, 15_000, 'the restart with the identity');
  await waitFor('the HQ link online', () => box.appliance.health().hqLink.state === 'online', 15_000);
  assert.equal(await screen(), { state: 'enrolled', deviceId: 'pos-boot01', storeId: '0077' });
  const health = box.appliance.health();
  assert.equal([health.deviceId, health.store.id], ['pos-boot01', '0077']);

  const api = box.appliance.api;
  const firstManager = (setupCode: string) =>
    api.inject({ method: 'POST', url: '/api/v1/provisioning/first-manager', payload: { setupCode, code: '100', name: 'Ines Laurent', pin: '4826' } });
  const wrong = await firstManager('AAAAA-AAAAA');
  assert.equal([wrong.statusCode, wrong.json().error.code], [401, 'LOUPE_E_PROVISION_SETUP_CODE_WRONG']);
  const created = await firstManager(firstManagerCode.toLowerCase());
  assert.is(created.statusCode, 201, created.body);
  assert.equal([created.json().name, created.json().role], ['Ines Laurent', 'manager']);
  assert.is((await api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code: '100', pin: '4826' } })).statusCode, 200);
  const again = await firstManager(firstManagerCode);
  assert.equal([again.statusCode, again.json().error.code], [409, 'LOUPE_E_PROVISION_FIRST_MANAGER_EXISTS']);
  const lastSeq = box.appliance.health().outbox.lastSeq;
  assert.ok(lastSeq > 0, 'adding the manager wrote an event');
  await rig.hq.waitForHwm('pos-boot01', lastSeq, 20_000);
});

boot('should refuse to start with an HQ address but no CA fingerprint :: provisioning.caFingerprint empty', async (ctx) => {
  const settings = validated({ version: 1, api: { port: 0 }, log: { level: 'error' }, provisioning: { hqUrl: ctx.rig.api.address } });
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-first-boot-'));
  try {
    const box = new ProvisionedAppliance({ dataDir, settings, logger: createLogger('error'), platform: { bootId: 'boot-1', clockSynced: () => true }, version: '0.0.0-test' });
    const refused = await box.start().then(
      () => null,
      (error: { code?: string; details?: { key?: string } }) => [error.code, error.details?.key],
    );
    assert.equal(refused, ['LOUPE_E_SETTINGS_INVALID', 'provisioning.caFingerprint']);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

boot.run();
