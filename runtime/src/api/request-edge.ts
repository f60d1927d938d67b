/**
 * What the API takes in before any route sees it: bodies are UTF-8 bytes (checked before JSON or
 * CSV is parsed), JSON text holds whole Unicode characters (no lone surrogate from a `\ud800`
 * escape), and a route that declares no body refuses one rather than ignoring it.
 */
import { isUtf8 } from 'node:buffer';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isWellFormed } from '../domain/canonical-json.ts';
import { LoupeError } from '../errors.ts';

/** The one error shape every answer of the API uses. */
export function errorBody(error: LoupeError) {
  return { error: { code: error.code, message: error.message, hint: error.hint, details: error.details } };
}

type Done = (error: Error | null, body?: unknown) => void;

/** The body as text, refused unless its bytes are UTF-8. For every text content type (JSON, plain, CSV). */
function utf8Body(body: Buffer): string {
  if (!isUtf8(body)) throw new LoupeError('LOUPE_E_API_TEXT_INVALID', { path: 'body', problem: 'is not valid UTF-8' });
  return body.toString('utf8');
}

/** A content-type parser for a text body: the checked UTF-8 text. */
export function textBodyParser(_request: FastifyRequest, body: Buffer, done: Done): void {
  try {
    done(null, utf8Body(body));
  } catch (error) {
    done(error as Error);
  }
}

/** Replaces fastify's JSON and plain-text parsers with ones that check the bytes and the text first. */
export function installBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8Body(body as Buffer);
    } catch (error) {
      return done(error as Error);
    }
    parseJson(request, text, (error, value) => {
      if (error) return done(error);
      const path = illFormedText(value);
      return path === null ? done(null, value) : done(new LoupeError('LOUPE_E_API_TEXT_INVALID', { path, problem: 'holds a lone UTF-16 surrogate' }));
    });
  });
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, textBodyParser);
}

/** The path of the first key or string of `value` that is not well-formed Unicode, or null. Iterative: a deeply nested body cannot overflow the stack. */
function illFormedText(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, 'body']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, path] = next;
    if (typeof item === 'string' && !isWellFormed(item)) return path;
    if (item === null || typeof item !== 'object') continue;
    for (const [key, member] of Object.entries(item)) {
      if (!isWellFormed(key)) return `${path}.${key}`;
      pending.push([member, `${path}.${key}`]);
    }
  }
  return null;
}

/**
 * Runs after validation and before the auth plugin's preHandler, so a refused request uses up no
 * manager's approval. A route takes a body if its schema has one, or names the media it consumes
 * (raw photo bytes).
 */
export function refuseUnexpectedBodies(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    if (request.is404) return;
    const schema = request.routeOptions.schema as { body?: unknown; consumes?: unknown } | undefined;
    if (schema?.body !== undefined || schema?.consumes !== undefined) return;
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > 0 || request.headers['transfer-encoding'] !== undefined) throw new LoupeError('LOUPE_E_API_BODY_NOT_EXPECTED', { method: request.method, url: request.routeOptions.url });
  });
}

/**
 * fastify keeps a query-string part whose %-escapes are not UTF-8 as its raw text ("%FF"); such a
 * query string is refused instead, after the permission check so an anonymous caller learns nothing.
 */
export function refuseBadQueryStrings(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const at = request.url.indexOf('?');
    if (at === -1) return;
    for (const part of request.url.slice(at + 1).split('&')) {
      try {
        decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        throw new LoupeError('LOUPE_E_API_BAD_URL', { part: 'querystring', problem: 'is not %-encoded UTF-8' });
      }
    }
  });
}

/**
 * node's HTTP parser refuses a request it cannot read (an unknown method, a bad header) before
 * fastify sees it; the answer still has the one error shape.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const refusal = new LoupeError('LOUPE_E_API_BAD_REQUEST', { reason: error.code ?? 'unreadable request' });
  const body = JSON.stringify(errorBody(refusal));
  socket.end(`HTTP/1.1 ${refusal.status} Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
