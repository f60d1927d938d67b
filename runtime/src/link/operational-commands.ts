/**
 * What the operational commands do (the inbox in commands.ts decides whether they run at all):
 *
 * - `resync {fromSeq?}`: send every event from `fromSeq` again, acked or not (HQ lost data or
 *   sees a gap); default: everything HQ has not acked. Then report state and ask for a sync.
 * - `drain {waitSeconds?}`: reconnect now if waiting out a backoff, send what HQ has not acked,
 *   and answer once HQ has acknowledged everything (or after `waitSeconds`, default 30).
 * - `upload-logs {url}`: PUT the appliance's recent logs to the pre-signed URL HQ gave.
 */
import { LoupeError } from '../errors.ts';
import type { Ledger } from '../store/ledger.ts';
import { linkOutboxStats } from '../store/link-state.ts';
import type { CommandHandlers } from './commands.ts';
import type { OutboxRelay } from './relay.ts';

export interface OperationalContext {
  ledger: Ledger;
  relay: OutboxRelay;
  /** Reconnect now if the link is waiting out a backoff. */
  hurry: () => void;
  /** Publish the state document and send req/sync again. */
  resync: () => void;
  /** Calls back on every HQ ack; returns the unsubscribe. */
  onAcked: (listener: () => void) => () => void;
  collectLogs: (() => Promise<string | Buffer>) | undefined;
}

export function operationalCommands(ctx: OperationalContext): CommandHandlers {
  return {
    resync: async (args) => {
      const fromSeq = typeof args.fromSeq === 'number' ? args.fromSeq : ctx.relay.ackedUpTo + 1;
      const resent = ctx.relay.resendFrom(fromSeq);
      ctx.resync();
      return { fromSeq, resent };
    },
    drain: async (args) => {
      ctx.hurry();
      ctx.relay.resendUnacked('HQ asked to drain');
      const waitMs = (typeof args.waitSeconds === 'number' ? args.waitSeconds : 30) * 1000;
      const drained = await waitForEmptyOutbox(ctx, waitMs);
      const stats = linkOutboxStats(ctx.ledger.db);
      return { drained, depth: stats.depth, lastSeq: stats.lastSeq, ackedUpTo: stats.ackedUpTo };
    },
    'upload-logs': async (args) => {
      if (!ctx.collectLogs) throw new LoupeError('LOUPE_E_LINK_COMMAND_FAILED', { reason: 'this appliance has no log source' });
      const logs = await ctx.collectLogs();
      const body = typeof logs === 'string' ? Buffer.from(logs) : logs;
      const response = await fetch(String(args.url), { method: 'PUT', body, headers: { 'content-type': 'text/plain; charset=utf-8' } });
      if (!response.ok) throw new LoupeError('LOUPE_E_LINK_COMMAND_FAILED', { reason: `the upload answered HTTP ${response.status}` });
      return { bytes: body.length, httpStatus: response.status };
    },
  };
}

function waitForEmptyOutbox(ctx: OperationalContext, timeoutMs: number): Promise<boolean> {
  const empty = () => linkOutboxStats(ctx.ledger.db).depth === 0;
  if (empty()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (result: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(result);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    const unsubscribe = ctx.onAcked(() => {
      if (empty()) done(true);
    });
  });
}
