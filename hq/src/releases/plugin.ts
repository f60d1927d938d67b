/**
 * HQ's release shelf, a fastify plugin (registered by HQ's HTTP server):
 *
 *   PUT  /releases/:version          upload a bundle (application/octet-stream); HQ checks its
 *                                    signature and every sha256 before it lists it
 *   GET  /releases                   the releases on the shelf: version, release, arch, expires, size, sha256
 *   GET  /releases/:version/bundle   download, with Range (`bytes=N-` or `bytes=N-M`) for resuming tills
 *
 * Uploads are authorized by the caller's `canUpload` (HQ's console sign-in); downloads are for
 * enrolled tills, which HQ's HTTPS server admits by their client certificate.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { isLoupeError, LoupeError } from '../../../runtime/src/errors.ts';
import { notExpired, verifyBundle } from '../../../firmware/src/release/verify.ts';

export interface ReleaseShelfOptions {
  dir: string;
  /** The release key's public half: HQ refuses to offer what a till would refuse. */
  publicPem: string;
  canUpload: (request: FastifyRequest) => boolean;
  maxBytes?: number;
}

export interface ShelfEntry {
  version: string;
  release: number;
  arch: string;
  expires: string;
  size: number;
  sha256: string;
}

const VERSION = /^\d{1,6}\.\d{1,6}\.\d{1,6}$/;
const RANGE = /^bytes=(\d+)-(\d*)$/;

function errorBody(error: LoupeError) {
  return { error: { code: error.code, message: error.message, hint: error.hint, details: error.details } };
}

export function shelf(dir: string): ShelfEntry[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ShelfEntry)
    .sort((a, b) => a.release - b.release);
}

export const releaseShelf: FastifyPluginAsync<ReleaseShelfOptions> = async (app, options) => {
  mkdirSync(options.dir, { recursive: true });
  const bundlePath = (version: string) => join(options.dir, `loupe-${version}.bundle`);
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.get('/releases', async () => ({ releases: shelf(options.dir) }));

  app.put<{ Params: { version: string } }>('/releases/:version', { bodyLimit: options.maxBytes ?? 2 * 1024 ** 3 }, async (request, reply) => {
    if (!options.canUpload(request)) return reply.code(403).send(errorBody(new LoupeError('LOUPE_E_AUTH_FORBIDDEN')));
    const { version } = request.params;
    if (!VERSION.test(version)) return reply.code(400).send(errorBody(new LoupeError('LOUPE_E_API_VALIDATION', { param: 'version' })));
    const partial = `${bundlePath(version)}.upload`;
    const hash = createHash('sha256');
    const body = request.body as NodeJS.ReadableStream;
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(partial));
    try {
      // The shelf holds every architecture and version; each till checks its own.
      const manifest = await verifyBundle(partial, options.publicPem, notExpired(new Date()));
      if (manifest.version !== version) throw new LoupeError('LOUPE_E_UPDATE_BUNDLE_MALFORMED', { problem: `the bundle holds ${manifest.version}` });
      const entry: ShelfEntry = { version, release: manifest.release, arch: manifest.arch, expires: manifest.expires, size: statSync(partial).size, sha256: hash.digest('hex') };
      renameSync(partial, bundlePath(version));
      writeFileSync(join(options.dir, `loupe-${version}.json`), JSON.stringify(entry));
      return reply.code(201).send(entry);
    } catch (error) {
      rmSync(partial, { force: true });
      if (isLoupeError(error)) return reply.code(error.status).send(errorBody(error));
      throw error;
    }
  });

  app.get<{ Params: { version: string } }>('/releases/:version/bundle', async (request, reply) => {
    const { version } = request.params;
    const file = bundlePath(version);
    if (!VERSION.test(version) || !existsSync(file)) return reply.code(404).send(errorBody(new LoupeError('LOUPE_E_API_NOT_FOUND', { version })));
    const size = statSync(file).size;
    reply.header('accept-ranges', 'bytes').type('application/octet-stream');
    const range = request.headers.range;
    if (range === undefined) return reply.header('content-length', size).send(createReadStream(file));
    const match = RANGE.exec(range);
    const start = match ? Number(match[1]) : Number.NaN;
    const end = match && match[2] !== '' ? Math.min(Number(match[2]), size - 1) : size - 1;
    if (!(start <= end)) return reply.code(416).header('content-range', `bytes */${size}`).send();
    return reply
      .code(206)
      .header('content-range', `bytes ${start}-${end}/${size}`)
      .header('content-length', end - start + 1)
      .send(createReadStream(file, { start, end }));
  });
};
