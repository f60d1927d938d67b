import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BackupMade } from '../../wire/api.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

/** Settings (read-only here: they are changed on the box or by HQ) and ledger backups. */
export const systemRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['system'];

    app.get(
      '/settings',
      { config: { permission: 'settings.read' }, schema: { tags, summary: 'The settings in force', response: { 200: Type.Unknown(), ...errorReplies } } },
      async () => ctx.settings,
    );

    app.post(
      '/backups',
      { config: { permission: 'system.backup' }, schema: { tags, summary: 'Back up the ledger now', response: { 201: BackupMade, ...errorReplies } } },
      async (request, reply) => reply.status(201).send(await ctx.backup(request.actor)),
    );
  };
