/**
 * HQ's release shelf (hq/src/releases/plugin.ts) on a real HTTPS server on loopback, with a CA
 * made for the test (openssl), as a till downloads from it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { releaseShelf, type ShelfEntry } from '../../hq/src/releases/plugin.ts';
import { tempDir } from './release-tree.ts';

export const UPLOAD_TOKEN = 'release-manager';

export interface TestShelf {
  app: FastifyInstance;
  url: string;
  ca: string;
  dir: string;
  /** The Range headers the server was asked for, in order. */
  ranges: (string | undefined)[];
  upload(bundle: string, version: string): Promise<{ status: number; body: ShelfEntry & { error?: { code: string } } }>;
  close(): Promise<void>;
}

function testCertificates(): { ca: string; key: string; cert: string } {
  const dir = tempDir('tls');
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Loupe test HQ CA']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'hq.key', '-out', 'hq.csr', '-subj', '/CN=127.0.0.1']);
  execFileSync('sh', ['-c', 'printf "subjectAltName=IP:127.0.0.1\\n" > ext.cnf'], { cwd: dir });
  run(['x509', '-req', '-in', 'hq.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'hq.pem', '-days', '2', '-extfile', 'ext.cnf']);
  return { ca: readFileSync(join(dir, 'ca.pem'), 'utf8'), key: readFileSync(join(dir, 'hq.key'), 'utf8'), cert: readFileSync(join(dir, 'hq.pem'), 'utf8') };
}

export async function startShelf(publicPem: string): Promise<TestShelf> {
  const tls = testCertificates();
  const dir = tempDir('shelf');
  const ranges: (string | undefined)[] = [];
  const app = Fastify({ https: { key: tls.key, cert: tls.cert } });
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' && request.url.endsWith('/bundle')) ranges.push(request.headers.range);
  });
  await app.register(releaseShelf, { dir, publicPem, canUpload: (request) => request.headers.authorization === `Bearer ${UPLOAD_TOKEN}` });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    url: address,
    ca: tls.ca,
    dir,
    ranges,
    async upload(bundle, version) {
      const response = await app.inject({
        method: 'PUT',
        url: `/releases/${version}`,
        headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${UPLOAD_TOKEN}` },
        payload: readFileSync(bundle),
      });
      return { status: response.statusCode, body: response.json() };
    },
    close: () => app.close(),
  };
}
