import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DesiredDocuments } from '../../runtime/src/link/desired-documents.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { startTestAppliance, type TestAppliance } from '../helpers/appliance.ts';

const offer = suite<{ t: TestAppliance; hq: DesiredDocuments }>('release offer: the desired release document');
const BODY = { version: '0.2.0', release: 2, url: 'https://hq.example/releases/0.2.0/bundle', size: 2_798_709, sha256: 'a'.repeat(64), ring: 'canary' };
const message = (version: number, body: unknown) => Buffer.from(JSON.stringify({ v: 1, doc: 'release', version, issuedAt: '2026-12-03T09:00:00Z', body }));

offer.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.hq = new DesiredDocuments({ ledger: ctx.t.appliance.ledger, logger: createLogger('error'), now: ctx.t.clock.now });
});
offer.after.each(async ({ t }) => t.stop());

offer('should record the offered release with an audit entry and an outbox event :: 0.2.0 to the canary ring', ({ t, hq }) => {
  const outcome = hq.handle('release', message(1, BODY));
  assert.equal(outcome.kind === 'applied' && outcome.summary, { version: '0.2.0', release: 2 });
  assert.equal(hq.body('release'), BODY);
  const event = t.appliance.ledger.db.prepare("SELECT body FROM outbox WHERE type = 'hq.document_applied'").get() as { body: string };
  assert.equal(JSON.parse(event.body).payload.doc, 'release');
});

offer('should refuse an offer to download over plain HTTP and keep the earlier one :: http:// url', ({ hq }) => {
  hq.handle('release', message(1, BODY));
  const outcome = hq.handle('release', message(2, { ...BODY, url: 'http://hq.example/releases/0.3.0/bundle', version: '0.3.0', release: 3 }));
  assert.is(outcome.kind === 'rejected' && outcome.error.code, 'LOUPE_E_LINK_PAYLOAD_INVALID');
  assert.equal(hq.body('release'), BODY);
});

offer.run();
