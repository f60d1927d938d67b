/**
 * Messages on the live WebSocket `/api/v1/live`. The client's first message is `hello` with its
 * session token (browsers cannot set headers on a WebSocket); until then it receives nothing.
 */
import { Type, type Static } from 'typebox';
import type { BusEvents } from '../event-bus.ts';

export const LiveHello = Type.Object({ type: Type.Literal('hello'), token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type LiveHello = Static<typeof LiveHello>;

/** Server → client. Each carries `type`; new kinds are added as the appliance learns to say more. */
export type LiveMessage =
  | { type: 'welcome'; staffId: string }
  | { type: 'refused'; code: string; message: string }
  | { type: 'ledgerCommitted'; action: string; target: string; auditSeq: number }
  | ({ type: 'deviceHealthChanged' } & BusEvents['deviceHealthChanged'])
  | ({ type: 'barcodeScanned' } & BusEvents['barcodeScanned'])
  | ({ type: 'tagRead' } & BusEvents['tagRead'])
  | ({ type: 'weightChanged' } & BusEvents['weightChanged'])
  | { type: 'hqLink'; event: BusEvents['hqLinkChanged'] }
  | ({ type: 'sweepProgress' } & BusEvents['sweepProgress']);
