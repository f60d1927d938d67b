import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocket } from 'ws';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { count } from '../../helpers/ledger.ts';

/** Opens the live socket and collects what it receives. */
async function connect(t: TestAppliance): Promise<{ socket: WebSocket; received: Record<string, unknown>[]; next: (timeoutMs?: number) => Promise<Record<string, unknown>>; closed: Promise<number> }> {
  const socket = new WebSocket(`${t.url.replace('http', 'ws')}/api/v1/live`);
  const received: Record<string, unknown>[] = [];
  const waiters: ((message: Record<string, unknown>) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else received.push(message);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const next = (timeoutMs = 2_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const queued = received.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error(`no live message within ${timeoutMs} ms`)), timeoutMs);
      waiters.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  return { socket, received, next, closed };
}

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
