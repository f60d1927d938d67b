import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listAuditEntries, verifyAuditLog } from '../../store/audit-log.ts';
import { AuditEntry, AuditQuery, AuditVerdict } from '../../wire/api.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

/** Read the audit trail page by page, and check its hash chain. */
export const auditRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['audit'];

    app.get(
      '',
      { config: { permission: 'audit.read' }, schema: { tags, summary: 'Audit entries after a seq', querystring: AuditQuery, response: { 200: Type.Array(AuditEntry), ...errorReplies } } },
      async (request) => listAuditEntries(ctx.ledger.db, request.query),
    );

    app.get(
      '/verify',
      { config: { permission: 'audit.read' }, schema: { tags, summary: 'Check the whole hash chain', response: { 200: AuditVerdict, ...errorReplies } } },
      async () => verifyAuditLog(ctx.ledger.db),
    );
  };
