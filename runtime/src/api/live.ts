/**
 * The live channel: one WebSocket per screen at `/api/v1/live`. A socket is admitted by a `hello`
 * carrying a valid session token within 5 s, then receives what the bus says, as JSON. The hub
 * subscribes to the bus once and fans out; a socket that closes is simply dropped.
 *
 * A socket lives only as long as its session: when the session ends (sign-out, expiry, the staff
 * member deactivated, their role changed or PIN reset) the socket gets a `refused` message and is
 * closed with `SESSION_CLOSE_CODE` (4401), the code a screen answers by going back to sign-in. A
 * hello that is not valid is closed with the same code. Each message shows its fields by the
 * socket's role, through the same table as the API's answers (domain/field-visibility.ts).
 */
import type { FastifyInstance } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { bodyAjv } from '../wire/validate.ts';
import { isLoupeError } from '../errors.ts';
import { visibleTo, type Viewer } from '../domain/field-visibility.ts';
import { viewerOf } from './auth.ts';
import type { EventBus } from '../event-bus.ts';
import { LINK_FACTS } from '../facts.ts';
import type { SessionBook } from '../modules/staff/sessions.ts';
import { LiveHello, type LiveMessage } from '../wire/live.ts';

export const HELLO_TIMEOUT_MS = 5_000;
/** Close code of a socket without (or no longer with) a session: the screen goes back to sign-in. */
export const SESSION_CLOSE_CODE = 4401;
const helloCheck = bodyAjv.compile<LiveHello>(LiveHello);

export async function registerLive(app: FastifyInstance, deps: { bus: EventBus; sessions: SessionBook }): Promise<void> {
  /** Each admitted socket with its session: its id, and what its role may see. */
  const admitted = new Map<WebSocket, { sessionId: string; viewer: Viewer }>();
  const send = (socket: WebSocket, message: LiveMessage) => socket.send(JSON.stringify(message));
  const refuse = (socket: WebSocket, code: string, message: string) => {
    admitted.delete(socket);
    send(socket, { type: 'refused', code, message });
    socket.close(SESSION_CLOSE_CODE, code);
  };
  const ended = (socket: WebSocket) => refuse(socket, 'LOUPE_E_AUTH_REQUIRED', 'The session has ended');
  const broadcast = (message: LiveMessage) => {
    for (const [socket, { sessionId, viewer }] of admitted) {
      if (deps.sessions.isOpen(sessionId)) send(socket, visibleTo(message, viewer));
      else ended(socket);
    }
  };
  const stopWatching = deps.sessions.onEnd((sessionId) => {
    for (const [socket, admission] of admitted) if (admission.sessionId === sessionId) ended(socket);
  });
  const owner = { name: 'live' };
  deps.bus.on(owner, 'ledgerCommitted', ({ action, target, auditSeq }) => broadcast({ type: 'ledgerCommitted', action, target, auditSeq }));
  deps.bus.on(owner, 'deviceHealthChanged', (health) => broadcast({ type: 'deviceHealthChanged', ...health }));
  deps.bus.on(owner, 'barcodeScanned', (scan) => broadcast({ type: 'barcodeScanned', ...scan }));
  deps.bus.on(owner, 'tagRead', (read) => broadcast({ type: 'tagRead', ...read }));
  deps.bus.on(owner, 'weightChanged', (reading) => broadcast({ type: 'weightChanged', ...reading }));
  for (const fact of Object.values(LINK_FACTS)) deps.bus.on(owner, fact, (event) => broadcast({ type: 'hqLink', event }));
  deps.bus.on(owner, 'sweepProgress', (progress) => broadcast({ type: 'sweepProgress', ...progress }));
  app.addHook('onClose', async () => {
    deps.bus.removeListeners(owner);
    stopWatching();
  });

  await app.register(websocket, { options: { maxPayload: 4096 } });
  app.get('/api/v1/live', { websocket: true, config: { public: true }, schema: { tags: ['live'], summary: 'Live updates (WebSocket); first message: hello with the session token', security: [] } }, (socket) => {
    const timer = setTimeout(() => refuse(socket, 'LOUPE_E_AUTH_REQUIRED', 'No hello with a session token'), HELLO_TIMEOUT_MS);
    socket.once('message', (data) => {
      clearTimeout(timer);
      let hello: unknown;
      try {
        hello = JSON.parse(String(data));
      } catch {
        hello = null;
      }
      if (!helloCheck(hello)) return refuse(socket, 'LOUPE_E_API_VALIDATION', 'The first message must be {"type":"hello","token":"…"}');
      try {
        const session = deps.sessions.find(hello.token);
        admitted.set(socket, { sessionId: session.id, viewer: viewerOf(session.staff.role) });
        send(socket, { type: 'welcome', staffId: session.staff.id });
      } catch (error) {
        refuse(socket, isLoupeError(error) ? error.code : 'LOUPE_E_AUTH_REQUIRED', 'The session token is not valid');
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      admitted.delete(socket);
    });
  });
}
