/**
 * Large cash (issue 4) through the API: the check at tender time with the client's related cash
 * of 24 hours, identity capture, the Form 8300 record at completion, the EU cap.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FORM_8300_FIELDS } from '../../../../runtime/src/domain/cash-compliance.ts';
import { openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';
import { addClient, call, cartFor, complete, tender } from '../../../helpers/clients.ts';

const HOUR = 3_600_000;
const IDENTITY = {
  document: { kind: 'driver_licence', issuer: 'NY', number: 'D123-456-789' },
  taxpayerId: '123-45-6789',
  dateOfBirth: '1978-03-14',
  occupation: 'Architect',
};

type Ctx = { t: TestAppliance; associate: string; senior: string; manager: string };
const cash = suite<Ctx>('large cash: report (US Form 8300)');
cash.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.associate = await ctx.t.login('101', '3917');
  ctx.senior = await ctx.t.login('102', '5180');
  ctx.manager = await ctx.t.login('100', '8264');
  await openTill(ctx.t);
});
cash.after.each(async (ctx) => ctx.t.stop());

cash('should refuse cash above 10,000.00 from an anonymous client and say a client is needed :: solitaire 15,786.88', async ({ t, associate }) => {
  const cart = await cartFor(t, associate, ['R-10041'], null);
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const reply = await tender(t, associate, cart.id, 'cash', cart.total);
  assert.is(reply.statusCode, 422);
  const error = reply.json().error;
  assert.is(error.code, 'LOUPE_E_CASH_IDENTITY_REQUIRED');
  assert.equal([error.details.clientId, error.details.relatedMinor, error.details.thresholdMinor], [null, 1_578_688, 1_000_000]);
  assert.equal(error.details.missing, ['client', 'client.name', 'client.taxpayerId', 'client.address', 'client.dateOfBirth', 'client.occupation', 'client.identityDocument']);
  // exactly 10,000.00 is not "more than": taken
  assert.is((await tender(t, associate, cart.id, 'cash', 1_000_000)).statusCode, 200);
  assert.is((await tender(t, associate, cart.id, 'cash', 1)).statusCode, 422);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

cash('should name the identity fields a known client still lacks, then take the cash once a senior recorded them', async ({ t, associate, senior, manager }) => {
  const clientId = await addClient(t, associate);
  const cart = await cartFor(t, associate, ['R-10041'], clientId);
  const refused = (await tender(t, associate, cart.id, 'cash', cart.total)).json().error;
  assert.equal([refused.code, refused.details.missing], ['LOUPE_E_CASH_IDENTITY_REQUIRED', ['client.taxpayerId', 'client.dateOfBirth', 'client.occupation', 'client.identityDocument']]);
  // an associate may not record identity without a manager's approval
  assert.is((await call(t, associate, 'PUT', `/clients/${clientId}/identity`, IDENTITY)).json().error.code, 'LOUPE_E_AUTH_APPROVAL_REQUIRED');
  const identified = await call(t, senior, 'PUT', `/clients/${clientId}/identity`, IDENTITY);
  assert.equal(identified.json().fields, ['dateOfBirth', 'document', 'occupation', 'taxpayerId']);
  assert.is((await tender(t, associate, cart.id, 'cash', cart.total)).statusCode, 200);
  const receiptNo = await complete(t, associate, cart.id);

  const db = t.appliance.ledger.db;
  assert.equal(db.prepare('SELECT amount_minor AS amount, instrument, reported_in IS NOT NULL AS reported FROM client_cash_payments').all(), [{ amount: 1_578_688, instrument: 'currency', reported: 1 }]);
  assert.is((await call(t, associate, 'GET', '/compliance/form-8300')).statusCode, 403);
  const [report] = (await call(t, manager, 'GET', '/compliance/form-8300')).json();
  assert.equal([report.clientId, report.totalCashMinor, report.fileBy, report.filedAt], [clientId, 1_578_688, '2026-12-09T10:00:00.000Z', null]);
  const record = report.record;
  assert.equal(record.client.name, { given: 'Marie', family: 'Laurent' });
  assert.equal([record.client.taxpayerId, record.client.dateOfBirth, record.client.occupation, record.client.identityDocument.number, record.client.address.city], ['•••••••6789', '1978-03-14', 'Architect', '••••••••-789', 'New York']);
  assert.equal([record.client.verifiedBy.name, record.sale.receiptNo, record.sale.dateCashReceived, record.sale.totalCash, record.sale.totalPriceMinor], ['Ines Moreau', receiptNo, '2026-11-24', '15786.88', 1_578_688]);
  assert.equal([record.sale.cashByInstrument.currency, record.sale.kind, record.sale.description], [1_578_688, 'jewelry', 'R-10041 Solitaire engagement ring, round brilliant, platinum 950']);
  assert.equal([record.multiplePayments, record.priorPayments, record.fields], [false, [], [...FORM_8300_FIELDS]]);
  const event = db.prepare("SELECT stream, body FROM outbox WHERE type = 'compliance.form8300_due'").get() as { stream: string; body: string };
  assert.is(event.stream, 'cash');
  assert.equal(JSON.parse(event.body).payload.client.taxpayerId, '123-45-6789');
  // the identity's values never reach the audit snapshots
  const audit = db.prepare("SELECT after_json FROM audit_log WHERE action = 'client.identified'").get() as { after_json: string };
  assert.not.match(audit.after_json, /123-45-6789|D123/);

  const filed = await call(t, manager, 'POST', `/compliance/form-8300/${report.id}/filed`, { reference: 'BSA-31000012345678' });
  assert.is(filed.statusCode, 204);
  assert.equal((await call(t, manager, 'GET', '/compliance/form-8300')).json()[0].filingReference, 'BSA-31000012345678');
});

cash('should add up the client’s cash of 24 hours :: 6,000 then 5,000 two hours later refused, taken with identity; 25 h later counted afresh', async ({ t, associate: first_, senior: senior_ }) => {
  let [associate, senior] = [first_, senior_];
  const clientId = await addClient(t, associate);
  const first = await cartFor(t, associate, ['P-10041'], clientId); // 12,847.25
  assert.is((await tender(t, associate, first.id, 'card', first.total - 600_000)).statusCode, 200);
  assert.is((await tender(t, associate, first.id, 'cash', 600_000)).statusCode, 200);
  await complete(t, associate, first.id);

  t.clock.advance(2 * HOUR);
  [associate, senior] = [await t.login('101', '3917'), await t.login('102', '5180')];
  const second = await cartFor(t, associate, ['B-10041'], clientId);
  await tender(t, associate, second.id, 'card', second.total - 500_000);
  const refused = await tender(t, associate, second.id, 'cash', 500_000);
  assert.equal([refused.json().error.code, refused.json().error.details.relatedMinor], ['LOUPE_E_CASH_IDENTITY_REQUIRED', 1_100_000]);
  await call(t, senior, 'PUT', `/clients/${clientId}/identity`, IDENTITY);
  assert.is((await tender(t, associate, second.id, 'cash', 500_000)).statusCode, 200);
  await complete(t, associate, second.id);
  const manager = await t.login('100', '8264');
  const [report] = (await call(t, manager, 'GET', '/compliance/form-8300')).json();
  assert.equal([report.totalCashMinor, report.record.multiplePayments, report.record.priorPayments.map((p: { amountMinor: number }) => p.amountMinor)], [1_100_000, true, [600_000]]);

  // reported payments no longer count; a day later 9,000 more is below the threshold again
  t.clock.advance(25 * HOUR);
  associate = await t.login('101', '3917');
  const third = await cartFor(t, associate, ['B-10042'], clientId);
  await tender(t, associate, third.id, 'card', third.total - 900_000);
  assert.is((await tender(t, associate, third.id, 'cash', 900_000)).statusCode, 200);
  await complete(t, associate, third.id);
  assert.is((await call(t, await t.login('100', '8264'), 'GET', '/compliance/form-8300')).json().length, 1);
});

cash('should count foreign cash at the tender’s rate :: €9,500 at 1.0842 = 10,299.90 refused anonymously', async ({ t, associate }) => {
  t.appliance.ledger.db.prepare("INSERT INTO fx_rates (base, quote, rate_e8, as_of, version) VALUES ('EUR', 'USD', 108420000, '2026-11-24T09:00:00Z', 1)").run();
  const cart = await cartFor(t, associate, ['R-10041'], null);
  const euros = await tender(t, associate, cart.id, 'cash', 950_000, 'EUR');
  assert.equal([euros.statusCode, euros.json().error.details.relatedMinor], [422, 1_029_990]);
  assert.is((await tender(t, associate, cart.id, 'cash', 920_000, 'EUR')).statusCode, 200); // 9,974.64
});

cash('should check again at completion :: the same client’s cash completed on another sale meanwhile', async ({ t, associate }) => {
  const clientId = await addClient(t, associate);
  const one = await cartFor(t, associate, ['P-10041'], clientId);
  const two = await cartFor(t, associate, ['B-10041'], clientId);
  for (const cart of [one, two]) {
    await tender(t, associate, cart.id, 'card', cart.total - 700_000);
    assert.is((await tender(t, associate, cart.id, 'cash', 700_000)).statusCode, 200);
  }
  await complete(t, associate, one.id);
  const late = await call(t, associate, 'POST', `/sales/carts/${two.id}/complete`);
  assert.equal([late.statusCode, late.json().error.code, late.json().error.details.relatedMinor], [422, 'LOUPE_E_CASH_IDENTITY_REQUIRED', 1_400_000]);
  assert.is((t.appliance.ledger.db.prepare('SELECT COUNT(*) AS n FROM sales').get() as { n: number }).n, 1);
});

cash.run();

const cap = suite<Ctx>('large cash: cap (EU AMLR 2027)');
cap.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 }, compliance: { largeCash: { mode: 'cap', thresholdMinor: 1_000_000, identifyFromMinor: 300_000 } } } });
  ctx.associate = await ctx.t.login('101', '3917');
  ctx.senior = await ctx.t.login('102', '5180');
  await openTill(ctx.t);
});
cap.after.each(async (ctx) => ctx.t.stop());

cap('should refuse cash above the cap with the amount still acceptable, identity or not :: 7,000 earlier today, 4,000 more asked', async ({ t, associate: first_, senior }) => {
  let associate = first_;
  const clientId = await addClient(t, associate);
  await call(t, senior, 'PUT', `/clients/${clientId}/identity`, { ...IDENTITY, placeOfBirth: 'Lyon', nationality: 'FR' });
  const first = await cartFor(t, associate, ['P-10041'], clientId);
  await tender(t, associate, first.id, 'card', first.total - 700_000);
  assert.is((await tender(t, associate, first.id, 'cash', 700_000)).statusCode, 200);
  await complete(t, associate, first.id);
  t.clock.advance(3 * HOUR);
  associate = await t.login('101', '3917');
  const second = await cartFor(t, associate, ['B-10041'], clientId);
  const refused = await tender(t, associate, second.id, 'cash', 400_000);
  assert.is(refused.statusCode, 422);
  assert.equal([refused.json().error.code, refused.json().error.details.acceptableMinor, refused.json().error.details.capMinor], ['LOUPE_E_CASH_CAP_EXCEEDED', 300_000, 1_000_000]);
  assert.match(refused.json().error.message, /at most \$3,000\.00 more/);
  assert.is((await tender(t, associate, second.id, 'cash', 300_000)).statusCode, 200);
  assert.equal(t.appliance.ledger.db.prepare('SELECT COUNT(*) AS n FROM form_8300_reports').get(), { n: 0 });
});

cap('should ask for identity from 3,000 in cash :: EU fields listed', async ({ t, associate }) => {
  const cart = await cartFor(t, associate, ['N-10041'], null);
  const reply = await tender(t, associate, cart.id, 'cash', 300_000);
  assert.equal([reply.json().error.code, reply.json().error.details.missing], ['LOUPE_E_CASH_IDENTITY_REQUIRED', ['client', 'client.name', 'client.dateOfBirth', 'client.placeOfBirth', 'client.nationality', 'client.address', 'client.identityDocument']]);
  assert.is((await tender(t, associate, cart.id, 'cash', 299_999)).statusCode, 200);
});

cap.run();
