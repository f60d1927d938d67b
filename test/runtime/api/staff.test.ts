import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';

const staff = suite<{ t: TestAppliance; manager: string }>('staff');
staff.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.manager = await ctx.t.login('100', '8264');
});
staff.after.each(async (ctx) => ctx.t.stop());

const add = (t: TestAppliance, token: string, pin: string, code = '200') =>
  t.api.inject({ method: 'POST', url: '/api/v1/staff', headers: bearer(token), payload: { code, name: 'Ada Lind', role: 'senior', pin } });

staff('should refuse weak PINs and say why :: 1234 run, 0000 and 1212 repeated, 2580 common', async ({ t, manager }) => {
  for (const [pin, reason] of [
    ['1234', 'run'],
    ['0000', 'repeated'],
    ['1212', 'repeated'],
    ['2580', 'common'],
  ]) {
    const reply = await add(t, manager, pin as string);
    assert.is(reply.statusCode, 422, pin);
    assert.equal(reply.json().error, { ...reply.json().error, code: 'LOUPE_E_STAFF_PIN_WEAK', details: { reason } });
  }
  assert.equal(t.appliance.ledger.db.prepare("SELECT COUNT(*) AS n FROM staff WHERE code = '200'").get(), { n: 0 });
});

staff('should add a person who can then sign in, and keep only a scrypt hash :: PIN 4827', async ({ t, manager }) => {
  const reply = await add(t, manager, '4827');
  assert.is(reply.statusCode, 201);
  assert.equal([reply.json().name, reply.json().role, reply.json().active], ['Ada Lind', 'senior', true]);
  assert.is((await t.api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code: '200', pin: '4827' } })).statusCode, 200);
  const row = t.appliance.ledger.db.prepare("SELECT pin_hash FROM staff WHERE code = '200'").get() as { pin_hash: string };
  assert.match(row.pin_hash, /^scrypt\$14\$8\$1\$/);
  t.appliance.ledger.db.pragma('wal_checkpoint(TRUNCATE)');
  const file = readFileSync(join(t.dataDir, 'ledger.sqlite')).toString('latin1');
  assert.not.ok(file.includes('"4827"') || file.includes('pin":"4827'), 'the PIN is in the ledger file');
  const listed = await t.api.inject({ url: '/api/v1/staff', headers: bearer(manager) });
  assert.not.ok(listed.body.includes('scrypt'), 'PIN hashes leave the API');
});

staff('should refuse a staff number twice :: 409', async ({ t, manager }) => {
  assert.is((await add(t, manager, '4827')).statusCode, 201);
  const again = await add(t, manager, '6391');
  assert.is(again.statusCode, 409);
  assert.is(again.json().error.code, 'LOUPE_E_STAFF_CODE_TAKEN');
});

staff('should never leave the store without a manager or admin', async ({ t, manager }) => {
  const list = (await t.api.inject({ url: '/api/v1/staff', headers: bearer(manager) })).json() as { id: string; role: string }[];
  const admin = list.find((s) => s.role === 'admin')!;
  const boss = list.find((s) => s.role === 'manager')!;
  assert.is((await t.api.inject({ method: 'PATCH', url: `/api/v1/staff/${admin.id}`, headers: bearer(manager), payload: { active: false } })).statusCode, 200);
  const last = await t.api.inject({ method: 'PATCH', url: `/api/v1/staff/${boss.id}`, headers: bearer(manager), payload: { role: 'associate' } });
  assert.is(last.statusCode, 409);
  assert.is(last.json().error.code, 'LOUPE_E_STAFF_LAST_ADMIN');
  assert.is((t.appliance.ledger.db.prepare('SELECT role FROM staff WHERE id = ?').get(boss.id) as { role: string }).role, 'manager');
});

staff('should sign a deactivated person out at once and refuse their PIN', async ({ t, manager }) => {
  const token = await t.login('101', '3917');
  const list = (await t.api.inject({ url: '/api/v1/staff', headers: bearer(manager) })).json() as { id: string; code: string }[];
  const sam = list.find((s) => s.code === '101')!;
  await t.api.inject({ method: 'PATCH', url: `/api/v1/staff/${sam.id}`, headers: bearer(manager), payload: { active: false } });
  assert.is((await t.api.inject({ url: '/api/v1/pieces', headers: bearer(token) })).statusCode, 401);
  assert.is((await t.api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code: '101', pin: '3917' } })).statusCode, 401);
});

staff('should replace a PIN and refuse the old one', async ({ t, manager }) => {
  const list = (await t.api.inject({ url: '/api/v1/staff', headers: bearer(manager) })).json() as { id: string; code: string }[];
  const sam = list.find((s) => s.code === '101')!;
  assert.is((await t.api.inject({ method: 'PUT', url: `/api/v1/staff/${sam.id}/pin`, headers: bearer(manager), payload: { pin: '6150' } })).statusCode, 204);
  assert.is((await t.api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code: '101', pin: '3917' } })).statusCode, 401);
  assert.is((await t.api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code: '101', pin: '6150' } })).statusCode, 200);
});

staff.run();
