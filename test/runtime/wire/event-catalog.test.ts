/**
 * The event catalog (runtime/src/wire/events/) against what the runtime really writes: a day at
 * the counter through the API, then every outbox event checked with Ajv against its type's payload
 * schema, schemaVersion and stream, as HQ would receive it. And the check itself refuses drift.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openTill, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { addClient, call, cartFor, complete, MARIE, tender } from '../../helpers/clients.ts';
import { contractBreaches, outboxEvents, type OutboxEvent } from '../../helpers/event-contracts.ts';
import { EVENT_CONTRACTS } from '../../../runtime/src/wire/events/event-catalog.ts';

interface Ctx {
  t: TestAppliance;
  events: OutboxEvent[];
}

const catalog = suite<Ctx>('event catalog', {} as Ctx);

/** Asserts a request went through and returns its JSON body. */
async function ok(reply: Promise<{ statusCode: number; body: string }>, what: string) {
  const answer = await reply;
  assert.ok(answer.statusCode < 300, `${what}: ${answer.statusCode} ${answer.body}`);
  return answer.body ? JSON.parse(answer.body) : null;
}

catalog.before(async (ctx) => {
  const t = await startTestAppliance();
  ctx.t = t;
  await openTill(t);
  const manager = await t.login('100', '8264');
  const associate = await t.login('101', '3917');
  const senior = await t.login('102', '5180');
  const staffId = (t.appliance.ledger.db.prepare("SELECT id FROM staff WHERE code = '101'").get() as { id: string }).id;

  // The client book: a client, an appointment, an identity checked and revealed, a duplicate merged.
  const marie = await addClient(t, associate, { ...MARIE, wishList: [{ stockNo: 'E-10042' }] });
  await ok(call(t, associate, 'PUT', `/clients/${marie}/consents`, { channel: 'email', granted: true }), 'consent');
  await ok(call(t, associate, 'POST', `/clients/${marie}/appointments`, { at: '2026-11-24T15:30:00Z', staffId, purpose: 'Anniversary gift', pieces: ['E-10042'] }), 'appointment');
  await ok(call(t, senior, 'PUT', `/clients/${marie}/identity`, { document: { kind: 'passport', issuer: 'US', number: 'AB-998877' }, dateOfBirth: '1970-01-02' }), 'identity');
  await ok(call(t, manager, 'POST', `/clients/${marie}/identity/reveal`, { reason: 'Form 8300 check' }), 'reveal');
  const twin = await addClient(t, associate, { givenName: 'Marie', familyName: 'Laurent', phones: [{ number: '+1 212 555 0148' }] });
  await ok(call(t, manager, 'POST', `/clients/${marie}/merge`, { duplicateId: twin }), 'merge');

  // A sale for her, paid by card and cash, a refund of it, and bulk goods sold and received.
  const sale = await cartFor(t, associate, ['E-10041'], marie);
  await ok(tender(t, associate, sale.id, 'card', 30_000), 'card tender');
  await ok(tender(t, associate, sale.id, 'cash', sale.total - 30_000), 'cash tender');
  const receiptNo = await complete(t, associate, sale.id);
  const lookup = await ok(call(t, senior, 'GET', `/sales/receipts/${receiptNo}`), 'receipt lookup');
  await ok(call(t, senior, 'POST', `/sales/receipts/${receiptNo}/refunds`, { lines: [{ lineId: lookup.lines[0].lineId, quantity: 1 }] }), 'refund');
  const goods = await cartFor(t, associate, ['CARE-CLOTH'], null);
  await ok(tender(t, associate, goods.id, 'cash', goods.total), 'cash for goods');
  await complete(t, associate, goods.id);
  await ok(call(t, senior, 'POST', '/bulk/CARE-CLOTH/receive', { quantity: 12, reference: 'INV-2211' }), 'bulk receive');
  const parked = await cartFor(t, associate, ['R-10041'], null);
  await ok(call(t, associate, 'POST', `/sales/carts/${parked.id}/park`, { label: 'Mr Avery, sizing' }), 'park');
  const resumed = await ok(call(t, associate, 'POST', `/sales/parked/${parked.id}/resume`), 'resume');
  await ok(call(t, associate, 'POST', `/sales/carts/${resumed.id}/void`, { reason: 'Changed his mind' }), 'void');

  // Stock: a piece out on memo and back, one repriced.
  const piece = await ok(call(t, senior, 'GET', '/pieces/R-10041'), 'piece');
  await ok(call(t, senior, 'POST', `/stock/pieces/${piece.id}/memo-out`, { party: 'Mrs Avery', dueBack: '2026-12-01' }), 'memo out');
  await ok(call(t, senior, 'POST', `/stock/pieces/${piece.id}/memo-in`, {}), 'memo in');

  // The drawer and the day's end: cash in, a no-sale, outreach for HQ, a backup, the Z report.
  await ok(call(t, manager, 'POST', '/till/cash-in', { amountMinor: 5_000, reason: 'From the bank' }), 'cash in');
  await ok(call(t, manager, 'POST', '/till/no-sale', { reason: 'Change for a client' }), 'no sale');
  await ok(call(t, associate, 'POST', '/clients/outreach/export', { channel: 'email', days: 30 }), 'outreach');
  await ok(call(t, manager, 'POST', '/system/backups'), 'backup');
  await ok(call(t, manager, 'POST', '/till/close', { counted: { USD: [{ denomination: 10_000, count: 3 }] }, settled: { card: 30_000 } }), 'Z report');
  const ada = await addClient(t, associate, { givenName: 'Ada', familyName: 'Lind' });
  await ok(call(t, associate, 'POST', `/clients/${ada}/appointments`, { at: '2026-11-25T11:00:00Z', staffId, purpose: 'Pick-up', pieces: [] }), 'appointment to erase');
  await ok(call(t, manager, 'POST', `/clients/${ada}/erase`, { reason: 'Client asked by e-mail' }), 'erase');
  ctx.events = outboxEvents(t.appliance.ledger.db);
});
catalog.after(async (ctx) => ctx.t.stop());

catalog('should find every event of a day at the counter as its catalog entry declares it :: demo store, 20 kinds of command', ({ events }) => {
  assert.equal(contractBreaches(events), []);
  const written = new Set(events.map((event) => event.type));
  const expected = [
    'staff.added', 'piece.received', 'bulk.added', 'piece.photo_added', 'cash.till_opened', 'staff.signed_in',
    'client.recorded', 'client.appointment_booked', 'client.identified', 'client.identity_revealed', 'client.merged',
    'sale.completed', 'sale.refunded', 'client.points_changed', 'bulk.received', 'sale.parked', 'sale.resumed', 'sale.voided',
    'memo.out', 'memo.in', 'cash.cash_in', 'cash.no_sale', 'client.outreach_requested', 'system.backed_up', 'cash.z_report', 'client.erased',
  ];
  assert.equal(expected.filter((type) => !written.has(type)), [], 'the run must write each of these types');
  assert.ok(events.length > 100, `${events.length} events`);
});

catalog('should hold an erased client’s events to the erased form :: appointment rewritten to {clientId, erased}', ({ events }) => {
  const erased = events.filter((event) => event.type === 'client.appointment_booked' && (event.payload as { erased?: boolean }).erased === true);
  assert.is(erased.length, 1);
  assert.equal(contractBreaches(erased), []);
});

catalog('should name what drifted :: sale.completed without taxMode, with an extra field, on the cash stream, version 2, unknown type', ({ events }) => {
  const sale = events.find((event) => event.type === 'sale.completed');
  assert.ok(sale);
  const { taxMode: _taxMode, ...withoutTaxMode } = sale.payload as Record<string, unknown>;
  const drifted: OutboxEvent[] = [
    { ...sale, payload: withoutTaxMode },
    { ...sale, payload: { ...(sale.payload as object), loyaltyCard: '42' } },
    { ...sale, stream: 'cash' },
    { ...sale, schemaVersion: 2 },
    { ...sale, type: 'sale.completed_twice' },
  ];
  const breaches = contractBreaches(drifted);
  assert.is(breaches.length, 5, breaches.join('\n'));
  assert.match(breaches[0] ?? '', /must have required property 'taxMode'/);
  assert.match(breaches[1] ?? '', /loyaltyCard/);
  assert.match(breaches[2] ?? '', /on stream cash, the catalog has sales/);
  assert.match(breaches[3] ?? '', /schemaVersion 2, the catalog has 1/);
  assert.match(breaches[4] ?? '', /not in the event catalog/);
});

catalog('should give every event type a stream, schemaVersion 1 and closed object payloads :: 70 types', () => {
  for (const [type, contract] of Object.entries(EVENT_CONTRACTS)) {
    const schema = contract.payload as { additionalProperties?: unknown; anyOf?: { additionalProperties?: unknown }[] };
    assert.ok((schema.anyOf ?? [schema]).every((branch) => branch.additionalProperties !== undefined), `${type} takes any field`);
    assert.ok(contract.streams.length > 0, type);
    assert.is(contract.schemaVersion, 1, type);
  }
  assert.is(Object.keys(EVENT_CONTRACTS).length, 70);
});

catalog.run();
