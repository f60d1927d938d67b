import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { count, ledgerFingerprint } from '../../../helpers/ledger.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/${name}`, import.meta.url), 'utf8');

const upload = (t: TestAppliance, token: string, csv: string, query = '') =>
  t.api.inject({ method: 'POST', url: `/api/v1/pieces/import${query}`, headers: { ...bearer(token), 'content-type': 'text/csv' }, payload: csv });

const importing = suite<{ t: TestAppliance; senior: string }>('catalog import');
importing.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.senior = await ctx.t.login('102', '5180');
});
importing.after.each(async (ctx) => ctx.t.stop());

importing('should import every row of a good export in one commit :: 3 pieces, 4 stones', async ({ t, senior }) => {
  const auditBefore = count(t.appliance.ledger.db, 'audit_log');
  const reply = await upload(t, senior, fixture('catalog-good.csv'), '?fileName=aurelle-nov.csv');
  assert.is(reply.statusCode, 200, reply.body);
  assert.equal(reply.json(), { imported: ['R-30001', 'E-30002', 'P-30003'], skipped: [] });
  const halo = (await t.api.inject({ url: '/api/v1/pieces/R-30001', headers: bearer(senior) })).json();
  assert.equal([halo.fineness, halo.karat, halo.metalWeightUg, halo.retailMinor, halo.description], [750, 18, 4_150_000, 1_490_000, 'Halo ring, cushion diamond']);
  assert.equal(halo.stones.map((s: { count: number; weightUg: number }) => [s.count, s.weightUg]), [[1, 204_000], [24, 72_000]]);
  assert.equal(halo.stones[0].certificate, { lab: 'GIA', reportNo: '2215008811' });
  assert.equal(halo.style, { vendor: 'Aurelle Atelier', vendorStyleNo: 'AUR-HAL-02', name: 'Aurora Halo Ring', collection: 'Aurora' });
  const pendant = (await t.api.inject({ url: '/api/v1/pieces/1182044', headers: bearer(senior) })).json();
  assert.equal([pendant.description, pendant.ownership, pendant.memoDueBack], ['Sapphire pendant, "Ceylon"', 'memo', '2027-02-28']);
  const db = t.appliance.ledger.db;
  assert.is(count(db, 'audit_log'), auditBefore + 1);
  assert.equal(db.prepare('SELECT action, actor_name FROM audit_log ORDER BY seq DESC LIMIT 1').get(), { action: 'catalog.imported', actor_name: 'Ines Moreau' });
  assert.is((db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'piece.received' AND business_key LIKE 'piece:%-3000%'").get() as { n: number }).n, 3);
});

importing('should report every problem with line, column and reason, and import nothing', async ({ t, senior }) => {
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const reply = await upload(t, senior, fixture('catalog-bad.csv'));
  assert.is(reply.statusCode, 422);
  const { code, details } = reply.json().error;
  assert.is(code, 'LOUPE_E_CATALOG_IMPORT_INVALID');
  const problems = (details.problems as { line: number; column: string; reason: string }[]).map((p) => `${p.line} ${p.column}: ${p.reason}`);
  assert.equal(problems, [
    '3 fineness: 600 is not a fineness for gold; allowed: 333, 375, 417, 585, 750, 833, 916, 999',
    '4 category: "tiara" is not allowed; allowed: ring, earrings, pendant, necklace, bracelet, brooch, watch, cufflinks, other',
    '5 karat: "19" is not a karat; allowed: 8, 9, 10, 14, 15, 18, 20, 22, 24',
    '5 cost: "1.234" has more than 2 decimal places',
    '5 stock_no: "R-40001" is also on line 2',
    '6 location: is required',
    '6 stock_no: "R-10041" already belongs to a piece in stock',
  ]);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

importing('should import the good rows and list the rest when asked to skip invalid ones :: 1 of 5', async ({ t, senior }) => {
  const reply = await upload(t, senior, fixture('catalog-bad.csv'), '?skipInvalid=true');
  assert.is(reply.statusCode, 200);
  assert.equal(reply.json().imported, ['R-40001']);
  assert.is(reply.json().skipped.length, 7);
});

importing('should refuse a file with an unknown or missing column before reading rows', async ({ t, senior }) => {
  const reply = await upload(t, senior, 'stock_no,descr,category\nR-1,x,ring\n');
  assert.is(reply.statusCode, 422);
  const columns = reply.json().error.details.problems.map((p: { column: string }) => p.column);
  assert.equal(columns, ['descr', 'description', 'metal', 'cost', 'retail', 'location', 'fineness']);
});

importing.run();
