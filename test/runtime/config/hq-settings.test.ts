import { rmSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { adoptHqSettings, withHqSettings } from '../../../runtime/src/config/hq-settings.ts';
import { validated } from '../../../runtime/src/config/settings.ts';
import { createLogger } from '../../../runtime/src/logger.ts';
import { DesiredDocuments } from '../../../runtime/src/link/desired-documents.ts';
import { bearer, openTill, startTestAppliance } from '../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../helpers/ledger.ts';

const local = () => validated({ version: 1 });
const ASSOCIATE_TWO_PERCENT = { 'selling.discountLimits.associate': { maxLineBps: 200, maxCartBps: 200 }, 'selling.returnWindowDays': 10 };

const hq = suite('settings managed by HQ');

hq('should lay HQ’s keys over the file’s and keep the rest :: associate limit 2 %, returns 10 days', () => {
  const checked = withHqSettings(local(), ASSOCIATE_TWO_PERCENT);
  assert.ok(checked.ok);
  if (!checked.ok) return;
  assert.equal(checked.settings.selling.discountLimits.associate, { maxLineBps: 200, maxCartBps: 200 });
  assert.equal(checked.settings.selling.discountLimits.senior, local().selling.discountLimits.senior);
  assert.is(checked.settings.selling.returnWindowDays, 10);
  assert.is(checked.settings.selling.taxMode, 'exclusive');
});

hq('should refuse keys outside what HQ manages, and values the schema refuses', () => {
  const device = withHqSettings(local(), { 'devices.printer': null, 'store.name': 'Elsewhere' });
  assert.equal(device.ok ? [] : device.problems.map((problem) => problem.field), ['devices.printer', 'store.name']);
  const wrong = withHqSettings(local(), { 'selling.returnWindowDays': -3 });
  assert.equal(wrong.ok ? null : wrong.problems[0]?.field, 'selling.returnWindowDays');
});

hq('should change the live settings in place, so services holding them see the change, and ignore an invalid document', () => {
  const live = local();
  const selling = live.selling;
  assert.ok(adoptHqSettings(live, local(), ASSOCIATE_TWO_PERCENT));
  assert.is(live.selling, selling);
  assert.is(selling.returnWindowDays, 10);
  assert.not.ok(adoptHqSettings(live, local(), { 'selling.returnWindowDays': 'soon' }));
  assert.is(selling.returnWindowDays, 10);
  assert.ok(adoptHqSettings(live, local(), undefined));
  assert.is(selling.returnWindowDays, 30, 'without a document, the file’s settings again');
});

hq('should refuse HQ’s settings document when it would not apply, and store nothing', async () => {
  const t = await startTestAppliance();
  try {
    const ledger = t.appliance.ledger;
    const desired = new DesiredDocuments({
      ledger,
      logger: createLogger('silent'),
      now: () => new Date('2026-11-24T10:00:00Z'),
      checkSettings: (body) => {
        const checked = withHqSettings(local(), body);
        return checked.ok ? [] : checked.problems;
      },
    });
    const before = ledgerFingerprint(ledger.db);
    const document = (body: object, version: number) => Buffer.from(JSON.stringify({ v: 1, doc: 'settings', version, issuedAt: '2026-11-24T09:00:00Z', body }));
    const refused = desired.handle('settings', document({ 'security.pinHashCost': 10 }, 1));
    assert.equal([refused.kind, refused.kind === 'rejected' ? refused.error.code : null], ['rejected', 'LOUPE_E_LINK_PAYLOAD_INVALID']);
    assert.is(ledgerFingerprint(ledger.db), before);
    assert.is(desired.handle('settings', document(ASSOCIATE_TWO_PERCENT, 2)).kind, 'applied');
  } finally {
    await t.stop();
  }
});

hq('should sell under HQ’s limits after a restart :: a 5 % discount asks for a manager once HQ says 2 %', async () => {
  const first = await startTestAppliance();
  const dataDir = first.dataDir;
  first.appliance.ledger.db
    .prepare("INSERT INTO link_documents (doc, version, issued_at, applied_at, digest, body) VALUES ('settings', 1, '2026-11-24T09:00:00Z', '2026-11-24T09:00:01Z', 'x', ?)")
    .run(JSON.stringify(ASSOCIATE_TWO_PERCENT));
  await first.appliance.stop();
  const t = await startTestAppliance({ dataDir });
  try {
    await openTill(t);
    const associate = await t.login('101', '3917');
    const call = (method: 'POST' | 'PUT', url: string, payload?: object) => t.api.inject({ method, url: `/api/v1/sales${url}`, headers: bearer(associate), ...(payload ? { payload } : {}) });
    const cart = (await call('POST', '/carts')).json();
    const view = (await call('POST', `/carts/${cart.id}/lines`, { code: 'E-10041' })).json();
    const refused = await call('PUT', `/carts/${cart.id}/lines/${view.lines[0].lineId}/discount`, { discount: { kind: 'percent', bps: 500 } });
    assert.equal([refused.statusCode, refused.json().error.code], [403, 'LOUPE_E_AUTH_APPROVAL_REQUIRED']);
  } finally {
    await t.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

hq.run();
