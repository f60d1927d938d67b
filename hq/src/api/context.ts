/** What HQ's API routes are built over: one typed context, built by hq/src/api/app.ts's caller. */
import type { FastifyRequest } from 'fastify';
import type { EnrollmentService } from './enrollment-service.ts';
import type { RateLimit } from './guards.ts';

export interface HqApiContext {
  enrollment: EnrollmentService;
  /** preHandler of the routes that need HQ's admin token (provisional, until HQ users and roles). */
  admin: (request: FastifyRequest) => Promise<void>;
  limits: { requests: RateLimit; polls: RateLimit; approvals: RateLimit };
}
