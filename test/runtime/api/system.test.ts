import { existsSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { count } from '../../helpers/ledger.ts';

const system = suite<{ t: TestAppliance; demo: number }>('audit, backup and health routes');
system.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  // The demo store's own entries: one per staff member, piece, photo and bulk item.
  ctx.demo = count(ctx.t.appliance.ledger.db, 'audit_log');
});
system.after.each(async (ctx) => ctx.t.stop());

system('should let an auditor page through the trail and verify it :: every demo entry', async ({ t, demo }) => {
  const auditor = await t.login('104', '6053');
  const first = (await t.api.inject({ url: '/api/v1/audit?limit=10', headers: bearer(auditor) })).json() as { seq: number; action: string }[];
  assert.equal(first.map((entry) => entry.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.is(first[0]!.action, 'staff.added');
  const next = (await t.api.inject({ url: `/api/v1/audit?afterSeq=${demo - 2}&limit=10`, headers: bearer(auditor) })).json() as { seq: number }[];
  assert.equal(next.map((entry) => entry.seq), [demo - 1, demo, demo + 1]); // the last: the auditor's own sign-in
  const verdict = (await t.api.inject({ url: '/api/v1/audit/verify', headers: bearer(auditor) })).json();
  assert.equal([verdict.ok, verdict.entries], [true, demo + 1]);
});

system('should make a checked backup and record who made it', async ({ t, demo }) => {
  const manager = await t.login('100', '8264');
  const reply = await t.api.inject({ method: 'POST', url: '/api/v1/system/backups', headers: bearer(manager) });
  assert.is(reply.statusCode, 201, reply.body);
  assert.ok(existsSync(reply.json().file));
  assert.ok(reply.json().sizeBytes > 100_000);
  const last = (await t.api.inject({ url: `/api/v1/audit?afterSeq=${demo + 1}`, headers: bearer(manager) })).json() as { action: string; actorName: string }[];
  assert.equal(last.map((entry) => [entry.action, entry.actorName]), [['system.backedUp', 'Claire Dubois']]);
});

system('should report depth and age of the HQ outbox on /healthz without sign-in', async ({ t }) => {
  const health = (await t.api.inject({ url: '/healthz' })).json();
  const events = count(t.appliance.ledger.db, 'outbox');
  assert.ok(events > 40);
  assert.equal(health.outbox, { depth: events, oldestAt: '2026-11-24T10:00:00.000Z', lastSeq: events });
  assert.equal([health.status, health.ledger.ok, health.deviceId], ['ok', true, 'pos-demo01']);
});

system.run();
