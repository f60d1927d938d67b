/**
 * The live channel: one WebSocket per screen at `/api/v1/live`. A socket is admitted by a `hello`
 * carrying a valid session token within 5 s, then receives what the bus says, as JSON. The hub
 * subscribes to the bus once and fans out; a socket that closes is simply dropped.
 */
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { bodyAjv } from '../wire/validate.ts';
import { isLoupeError } from '../errors.ts';
import type { EventBus } from '../event-bus.ts';
import type { SessionBook } from '../modules/staff/sessions.ts';
import { LiveHello, type LiveMessage } from '../wire/live.ts';

export const HELLO_TIMEOUT_MS = 5_000;
const helloCheck = bodyAjv.compile<LiveHello>(LiveHello);

export async function registerLive(app: FastifyInstance, deps: { bus: EventBus; sessions: SessionBook }): Promise<void> {
  const admitted = new Set<WebSocket>();
  const send = (socket: WebSocket, message: LiveMessage) => socket.send(JSON.stringify(message));
  const broadcast = (message: LiveMessage) => {
    for (const socket of admitted) send(socket, message);
  };
  const owner = { name: 'live' };
  deps.bus.on(owner, 'ledgerCommitted', ({ action, target, auditSeq }) => broadcast({ type: 'ledgerCommitted', action, target, auditSeq }));
  deps.bus.on(owner, 'deviceHealthChanged', (health) => broadcast({ type: 'deviceHealthChanged', ...health }));
  deps.bus.on(owner, 'barcodeScanned', (scan) => broadcast({ type: 'barcodeScanned', ...scan }));
  deps.bus.on(owner, 'tagRead', (read) => broadcast({ type: 'tagRead', ...read }));
  deps.bus.on(owner, 'weightChanged', (reading) => broadcast({ type: 'weightChanged', ...reading }));
  deps.bus.on(owner, 'hqLinkChanged', (event) => broadcast({ type: 'hqLink', event }));
  deps.bus.on(owner, 'sweepProgress', (progress) => broadcast({ type: 'sweepProgress', ...progress }));
  app.addHook('onClose', async () => deps.bus.removeListeners(owner));

  await app.register(websocket, { options: { maxPayload: 4096 } });
  app.get('/api/v1/live', { websocket: true, config: { public: true }, schema: { tags: ['live'], summary: 'Live updates (WebSocket); first message: hello with the session token', security: [] } }, (socket) => {
    const refuse = (code: string, message: string) => {
      send(socket, { type: 'refused', code, message });
      socket.close(4401, code);
    };
    const timer = setTimeout(() => refuse('LOUPE_E_AUTH_REQUIRED', 'No hello with a session token'), HELLO_TIMEOUT_MS);
    socket.once('message', (data) => {
      clearTimeout(timer);
      let hello: unknown;
      try {
        hello = JSON.parse(String(data));
      } catch {
        hello = null;
      }
      if (!helloCheck(hello)) return refuse('LOUPE_E_API_VALIDATION', 'The first message must be {"type":"hello","token":"…"}');
      try {
        const session = deps.sessions.find(hello.token);
        admitted.add(socket);
        send(socket, { type: 'welcome', staffId: session.staff.id });
      } catch (error) {
        refuse(isLoupeError(error) ? error.code : 'LOUPE_E_AUTH_REQUIRED', 'The session token is not valid');
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      admitted.delete(socket);
    });
  });
}
