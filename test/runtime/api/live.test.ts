import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { count } from '../../helpers/ledger.ts';
import { connect } from '../../helpers/live-socket.ts';

const live = suite<{ t: TestAppliance }>('live socket');
live.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
});
live.after.each(async (ctx) => ctx.t.stop());

live('should welcome a signed-in screen and push each commit :: a reprice', async ({ t }) => {
  const token = await t.login('100', '8264');
  const { socket, next } = await connect(t);
  socket.send(JSON.stringify({ type: 'hello', token }));
  assert.is((await next()).type, 'welcome');
  const piece = (await t.api.inject({ url: '/api/v1/pieces/R-10041', headers: bearer(token) })).json();
  const auditSeq = count(t.appliance.ledger.db, 'audit_log') + 1;
  await t.api.inject({ method: 'PUT', url: `/api/v1/pieces/${piece.id}/price`, headers: bearer(token), payload: { retailMinor: 1_400_000, reason: 'New list' } });
  assert.equal(await next(), { type: 'ledgerCommitted', action: 'piece.repriced', target: `piece:${piece.id}`, auditSeq });
  socket.close();
});

live('should refuse a socket whose hello carries no valid token, and tell it why', async ({ t }) => {
  const { socket, next, closed } = await connect(t);
  socket.send(JSON.stringify({ type: 'hello', token: 'stolen-or-stale' }));
  assert.equal(await next(), { type: 'refused', code: 'LOUPE_E_AUTH_REQUIRED', message: 'The session token is not valid' });
  assert.is(await closed, 4401);
});

live('should refuse a first message that is not a hello :: garbage', async ({ t }) => {
  const { socket, next, closed } = await connect(t);
  socket.send('{"type":"subscribe"');
  assert.is((await next()).code, 'LOUPE_E_API_VALIDATION');
  assert.is(await closed, 4401);
});

live('should carry what the devices say :: a scan, paper out on the printer', async ({ t }) => {
  const token = await t.login('100', '8264');
  const { socket, next } = await connect(t);
  socket.send(JSON.stringify({ type: 'hello', token }));
  assert.is((await next()).type, 'welcome');
  assert.is((await t.api.inject({ method: 'POST', url: '/api/v1/demo/scan', headers: bearer(token), payload: { code: '20001004100' } })).statusCode, 204);
  let message = await next();
  while (message.type !== 'barcodeScanned') message = await next();
  assert.equal(message, { type: 'barcodeScanned', scanner: 'scanner-1', code: '20001004100' });
  await t.api.inject({ method: 'PUT', url: '/api/v1/demo/printer/paper', headers: bearer(token), payload: { loaded: false } });
  // The printer is asked for its status every 5 s.
  for (let seen = await next(8_000); ; seen = await next(8_000)) {
    if (seen.type === 'deviceHealthChanged' && seen.device === 'receipt-printer' && (seen.conditions as string[]).includes('paper-out')) break;
  }
  const health = (await t.api.inject({ url: '/healthz' })).json();
  const printer = health.devices.find((device: { name: string }) => device.name === 'receipt-printer');
  assert.equal([printer.state, printer.conditions], ['connected', ['paper-out']]);
  socket.close();
});

live.run();
