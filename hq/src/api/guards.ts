/**
 * The guards of HQ's API. `adminOnly`: the provisional HQ admin token (HQ_ADMIN_TOKEN), until HQ
 * has users and roles of its own; compared in constant time. `RateLimit`: a fixed-window counter
 * per key (the caller's address) in this process, for the routes a stranger can reach.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { HqError } from '../errors.ts';

export function adminGuard(adminToken: string): (request: FastifyRequest) => Promise<void> {
  const expected = digest(adminToken);
  return async (request) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    // An empty configured token admits no one.
    if (!adminToken || !timingSafeEqual(digest(token), expected)) throw new HqError('HQ_E_API_ADMIN_REQUIRED');
  };
}

export class RateLimit {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, { startedAt: number; count: number }>();

  constructor(options: { limit: number; windowSeconds: number; now: () => number }) {
    this.#limit = options.limit;
    this.#windowMs = options.windowSeconds * 1000;
    this.#now = options.now;
  }

  /** Counts one attempt for `key`; past the limit, throws HQ_E_API_RATE_LIMITED with the wait. */
  take(key: string): void {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.startedAt >= this.#windowMs) {
      if (this.#windows.size > 10_000) this.#forgetOld(now);
      window = { startedAt: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.#limit) {
      throw new HqError('HQ_E_API_RATE_LIMITED', { retryAfterSeconds: Math.ceil((window.startedAt + this.#windowMs - now) / 1000) });
    }
    window.count += 1;
  }

  #forgetOld(now: number): void {
    for (const [key, window] of this.#windows) if (now - window.startedAt >= this.#windowMs) this.#windows.delete(key);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
