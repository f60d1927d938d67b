import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SYSTEM_ACTOR } from '../../runtime/src/domain/actor.ts';
import { createUlidFactory } from '../../runtime/src/domain/ulid.ts';
import { EventBus } from '../../runtime/src/event-bus.ts';
import { factName, LINK_FACTS, type LedgerFact } from '../../runtime/src/facts.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { Ledger } from '../../runtime/src/store/ledger.ts';
import { EVENT_CONTRACTS, isEventType } from '../../runtime/src/wire/events/event-catalog.ts';
import { TestClock } from '../helpers/clock.ts';

const names = suite('fact names');

names('should name each event type in camelCase :: sale.completed, cash.z_report, hq.document_applied, compliance.form8300_due', () => {
  assert.equal(
    [factName('sale.completed'), factName('cash.z_report'), factName('hq.document_applied'), factName('compliance.form8300_due'), factName('card_payment.approved')],
    ['saleCompleted', 'cashZReport', 'hqDocumentApplied', 'complianceForm8300Due', 'cardPaymentApproved'],
  );
});

names('should give every event type of the catalog its own fact :: no two alike, none like a link fact', () => {
  const types = Object.keys(EVENT_CONTRACTS).filter(isEventType);
  const facts = new Set<string>(types.map((type) => factName(type)));
  assert.is(facts.size, types.length);
  for (const fact of Object.values(LINK_FACTS)) assert.not.ok(facts.has(fact), fact);
  for (const fact of facts) assert.match(fact, /^[a-z][A-Za-z0-9]*$/);
});

const announced = suite<{ dir: string; ledger: Ledger; bus: EventBus }>('facts from commits');
announced.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-facts-'));
  const clock = new TestClock();
  ctx.bus = new EventBus(createLogger('error'));
  ctx.ledger = Ledger.open({
    path: join(ctx.dir, 'ledger.sqlite'),
    identity: { deviceId: 'pos-test01', storeId: '0042', bootId: 'boot-1', clockSynced: () => true },
    now: clock.now,
    newId: createUlidFactory({ now: () => clock.now().getTime(), randomBytes: (size) => new Uint8Array(size).fill(7) }),
    onCommitted: ctx.bus.announce,
  });
});
announced.after.each((ctx) => {
  ctx.ledger.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

announced('should tell the commit, then each of its events as its fact, with seq, audit entry and target :: 2 events', ({ ledger, bus }) => {
  const heard: string[] = [];
  const raised: LedgerFact<'hq.link_alarm_raised'>[] = [];
  bus.on(heard, 'ledgerCommitted', ({ action, eventSeqs }) => heard.push(`${action} ${eventSeqs.join(',')}`));
  bus.on(heard, 'hqLinkAlarmRaised', (fact) => {
    heard.push(`raised ${fact.seq}`);
    raised.push(fact);
  });
  bus.on(heard, 'hqLinkAlarmCleared', (fact) => heard.push(`cleared ${fact.seq} depth ${fact.payload.depth}`));
  const committed = ledger.write({ action: 'hq.linkAlarm', actor: SYSTEM_ACTOR, target: 'outbox' }, () => ({
    result: undefined,
    events: [
      { stream: 'audit', type: 'hq.link_alarm_raised', schemaVersion: 1, payload: { code: 'LOUPE_E_LINK_OUTBOX_BACKLOG', depth: 5_001, ageSeconds: 90 } },
      { stream: 'audit', type: 'hq.link_alarm_cleared', schemaVersion: 1, payload: { code: 'LOUPE_E_LINK_OUTBOX_BACKLOG', depth: 12, ageSeconds: 3 } },
    ],
  }));
  assert.equal(heard, ['hq.linkAlarm 1,2', 'raised 1', 'cleared 2 depth 12']);
  assert.equal(raised, [
    { stream: 'audit', type: 'hq.link_alarm_raised', schemaVersion: 1, payload: { code: 'LOUPE_E_LINK_OUTBOX_BACKLOG', depth: 5_001, ageSeconds: 90 }, seq: 1, auditSeq: committed.auditSeq, target: 'outbox' },
  ]);
});

announced('should tell nothing of a command that rolled back :: its body throws', ({ ledger, bus }) => {
  const heard: string[] = [];
  bus.on(heard, 'ledgerCommitted', ({ action }) => heard.push(action));
  bus.on(heard, 'systemBackedUp', () => heard.push('systemBackedUp'));
  assert.throws(() =>
    ledger.write({ action: 'system.backedUp', actor: SYSTEM_ACTOR, target: 'ledger' }, () => {
      throw new Error('disk gone');
    }),
  );
  assert.equal(heard, []);
});

names.run();
announced.run();
