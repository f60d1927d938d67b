/**
 * Issue 4's rule for the counter's money commands: every sale, return, void, override, no-sale and
 * cash movement commits its audit entry and its HQ event together, and a command whose event
 * cannot be written leaves nothing behind.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Ledger } from '../../../../runtime/src/store/ledger.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';

type Commit = { action: string; auditSeq: number; eventSeqs: number[] };

/** Records what each ledger write committed (a spy on the one write path). */
function recordCommits(ledger: Ledger): Commit[] {
  const commits: Commit[] = [];
  const write = ledger.write.bind(ledger);
  ledger.write = ((meta, body) => {
    const committed = write(meta, body);
    commits.push({ action: meta.action, auditSeq: committed.auditSeq, eventSeqs: committed.eventSeqs });
    return committed;
  }) as Ledger['write'];
  return commits;
}

const audited = suite<{ t: TestAppliance }>('audited money commands');
audited.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  await openTill(ctx.t);
});
audited.after.each(async (ctx) => ctx.t.stop());

audited('should give every sale, return, void, override, no-sale and cash movement one audit entry and its HQ event in the same commit', async ({ t }) => {
  const commits = recordCommits(t.appliance.ledger);
  const associate = await t.login('101', '3917');
  const manager = await t.login('100', '8264');
  const senior = await t.login('102', '5180');
  const call = async (token: string, url: string, payload?: object, headers: Record<string, string> = {}) => {
    const reply = await t.api.inject({ method: url.includes('/discount') ? 'PUT' : 'POST', url: `/api/v1${url}`, headers: { ...bearer(token), ...headers }, ...(payload ? { payload } : {}) });
    assert.ok(reply.statusCode < 300, `${url} → ${reply.body}`);
    return reply.body ? reply.json() : null;
  };

  // A sale with a discount above the associate's 5 %, approved by the manager's PIN.
  const cart = await call(associate, '/sales/carts');
  const line = (await call(associate, `/sales/carts/${cart.id}/lines`, { code: 'B-10041' })).lines[0];
  const approval = (await call(associate, '/auth/approvals', { code: '100', pin: '8264', permission: 'sale.discountOverride' })).approvalToken;
  const discounted = await call(associate, `/sales/carts/${cart.id}/lines/${line.lineId}/discount`, { discount: { kind: 'percent', bps: 1000 } }, { 'x-loupe-approval': approval });
  await call(associate, `/sales/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: discounted.totalMinor, currency: 'USD', reference: 'AUTH 1' });
  const { receiptNo } = await call(associate, `/sales/carts/${cart.id}/complete`);
  // Its return, a voided sale, a no-sale, cash in and out.
  const sale = (await t.api.inject({ url: `/api/v1/sales/receipts/${receiptNo}`, headers: bearer(senior) })).json();
  await call(senior, `/sales/receipts/${receiptNo}/refunds`, { lines: [{ lineId: sale.lines[0].lineId, quantity: 1 }] });
  const voided = await call(associate, '/sales/carts');
  await call(associate, `/sales/carts/${voided.id}/lines`, { code: 'E-10041' });
  await call(associate, `/sales/carts/${voided.id}/void`, { reason: 'client changed her mind' });
  await call(manager, '/till/no-sale', { reason: 'change for the courier' });
  await call(senior, '/till/cash-in', { amountMinor: 20_000, reason: 'change from the bank' });
  await call(senior, '/till/cash-out', { amountMinor: 50_000, reason: 'to the safe' });

  const db = t.appliance.ledger.db;
  const expected: Record<string, string> = {
    'sale.overrideApproved': 'sale.override_approved',
    'sale.completed': 'sale.completed',
    'sale.refunded': 'sale.refunded',
    'sale.voided': 'sale.voided',
    'cash.no_sale': 'cash.no_sale',
    'cash.cash_in': 'cash.cash_in',
    'cash.cash_out': 'cash.cash_out',
  };
  for (const [action, type] of Object.entries(expected)) {
    const mine = commits.filter((commit) => commit.action === action);
    assert.is(mine.length, 1, `${action}: one command`);
    const [commit] = mine;
    const entry = db.prepare('SELECT action, at FROM audit_log WHERE seq = ?').get(commit!.auditSeq) as { action: string; at: string };
    assert.is(entry.action, action);
    const events = commit!.eventSeqs.map((seq) => db.prepare('SELECT type, created_at FROM outbox WHERE seq = ?').get(seq) as { type: string; created_at: string });
    assert.ok(events.some((event) => event.type === type), `${action} committed ${JSON.stringify(events)}`);
    for (const event of events) assert.is(event.created_at, entry.at);
  }
  const override = db.prepare("SELECT actor_name, approver_name, reason FROM audit_log WHERE action = 'sale.overrideApproved'").get();
  assert.equal(override, { actor_name: 'Sam Okafor', approver_name: 'Claire Dubois', reason: 'sale.discount_over_limit' });
});

audited('should keep nothing of a command whose HQ event cannot be written :: outbox insert fails', async ({ t }) => {
  const senior = await t.login('102', '5180');
  const db = t.appliance.ledger.db;
  const before = ledgerFingerprint(db);
  db.exec("CREATE TEMP TRIGGER outbox_refuses BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox refused'); END");
  try {
    const reply = await t.api.inject({ method: 'POST', url: '/api/v1/till/cash-in', headers: bearer(senior), payload: { amountMinor: 20_000, reason: 'change from the bank' } });
    assert.equal([reply.statusCode, reply.json().error.code], [500, 'LOUPE_E_INTERNAL_FAULT']);
  } finally {
    db.exec('DROP TRIGGER outbox_refuses');
  }
  assert.is(ledgerFingerprint(db), before);
});

audited('should refuse a sale on a full disk with a coded error, keep the sale open, and complete it once space is back', async ({ t }) => {
  const associate = await t.login('101', '3917');
  const db = t.appliance.ledger.db;
  const call = (url: string, payload?: object) => t.api.inject({ method: 'POST', url: `/api/v1/sales${url}`, headers: bearer(associate), ...(payload ? { payload } : {}) });
  const cart = (await call('/carts')).json();
  const view = (await call(`/carts/${cart.id}/lines`, { code: 'R-10041' })).json();
  await call(`/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: view.totalMinor, currency: 'USD', reference: 'AUTH 2' });
  // No free pages left inside the file, and the file may not grow by one: SQLite answers SQLITE_FULL, as on a full card.
  db.exec('VACUUM');
  assert.is(db.pragma('freelist_count', { simple: true }), 0);
  const before = ledgerFingerprint(db);
  const pages = db.pragma('page_count', { simple: true }) as number;
  db.pragma(`max_page_count = ${pages}`);
  const full = await call(`/carts/${cart.id}/complete`);
  db.pragma('max_page_count = 4294967294');
  assert.equal([full.statusCode, full.json().error.code], [503, 'LOUPE_E_LEDGER_FULL']);
  assert.is(ledgerFingerprint(db), before);
  assert.equal(db.prepare("SELECT status FROM pieces WHERE stock_no = 'R-10041'").get(), { status: 'in_stock' });
  const done = await call(`/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  assert.is(done.json().receiptNo, '0042-01-000001');
});

audited.run();
