/**
 * HQ's operator at the command line: `loupe hq ca init` makes the CA and prints the fingerprint
 * tills are provisioned with; `loupe hq --http-port` serves the enrollment API; `loupe hq enroll
 * CODE --store` enters a till's code; `loupe hq revoke` puts the till's certificate on the CRL.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Enrollment, type EnrolledLink } from '../../provisioning/src/enrollment.ts';
import { freePort, MosquittoBroker } from '../helpers/mosquitto.ts';
import { memoryLogger, within } from '../helpers/link-rig.ts';
import { LOUPE_BIN } from '../helpers/loupe-process.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

const run = promisify(execFile);
const TOKEN = 'cli-admin-token-31c9';

interface Ctx {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  dir: string;
  caDir: string;
  hq?: ChildProcess;
}

const cli = suite<Ctx>('loupe hq ca / enroll / revoke', {} as Ctx);

cli.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.broker = await MosquittoBroker.start();
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-hq-cli-'));
  ctx.caDir = join(ctx.dir, 'ca');
});

cli.after(async (ctx) => {
  ctx.hq?.kill('SIGKILL');
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
  rmSync(ctx.dir, { recursive: true, force: true });
});

const loupe = (args: string[]) =>
  run(process.execPath, [LOUPE_BIN, ...args], { env: { ...process.env, HQ_ADMIN_TOKEN: TOKEN } }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );

cli('should make HQ’s CA and print the fingerprint openssl computes :: ca init, then init again refused', async ({ caDir }) => {
  const made = await loupe(['hq', 'ca', 'init', '--ca-dir', caDir, '--hosts', '127.0.0.1,localhost']);
  assert.is(made.code, 0, made.stderr);
  const openssl = execFileSync('openssl', ['x509', '-in', join(caDir, 'ca.crt'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
  const fingerprint = openssl.split('=')[1]!.trim().replaceAll(':', '').toLowerCase();
  assert.ok(made.stdout.includes(`provisioning.caFingerprint = ${fingerprint}`), made.stdout);
  assert.is(statSync(join(caDir, 'ca.key')).mode & 0o777, 0o600);
  const again = await loupe(['hq', 'ca', 'init', '--ca-dir', caDir, '--hosts', '127.0.0.1']);
  assert.is(again.code, 1);
  assert.match(again.stderr, /HQ_E_CA_EXISTS/);
});

cli('should enroll a till with `loupe hq enroll CODE --store` and revoke it with `loupe hq revoke` :: loupe hq --http-port', async (ctx) => {
  const port = await freePort();
  const database = await ctx.cluster.createDatabase();
  const child = spawn(process.execPath, [LOUPE_BIN, 'hq', '--database-url', ctx.cluster.url(database), '--broker', ctx.broker.url, '--http-port', String(port), '--ca-dir', ctx.caDir], {
    env: { ...process.env, HQ_ADMIN_TOKEN: TOKEN, HQ_HTTP_HOST: '127.0.0.1', HQ_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  ctx.hq = child;
  let output = '';
  await within(
    new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()).includes('"msg":"HQ API ready"') && resolve())),
    30_000,
    'HQ API ready',
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${output}`);
  });
  const hqUrl = `https://127.0.0.1:${port}`;
  // openssl's colon form, as a technician would copy it: the till accepts it as well.
  const fingerprint = readFingerprint(ctx.caDir);
  const codes: string[] = [];
  const enrollment = new Enrollment({ dataDir: join(ctx.dir, 'till'), deviceId: 'pos-cli01', hqUrl, caFingerprint: fingerprint, pollMs: 100, print: async (_id, slip) => void codes.push(slip.receiptNumber), logger: memoryLogger().logger });
  const running = enrollment.run();
  try {
    await within(waitUntil(() => codes.length > 0), 10_000, 'the pairing slip');
    const entered = await loupe(['hq', 'enroll', codes[0]!, '--store', '0042', '--ca-dir', ctx.caDir, '--hq-url', hqUrl]);
    assert.is(entered.code, 0, entered.stderr);
    assert.match(entered.stdout, /^enrolled pos-cli01 in store 0042; the till connects by itself\nfirst manager code: [A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5} \(/);
    const link = (await within(running, 10_000, 'the enrolled till')) as EnrolledLink;
    assert.equal([link.deviceId, link.storeId, link.brokerUrl], ['pos-cli01', '0042', ctx.broker.url]);
  } finally {
    enrollment.stop();
  }
  const wrong = await loupe(['hq', 'enroll', codes[0]!, '--store', '0042', '--ca-dir', ctx.caDir, '--hq-url', hqUrl]);
  assert.equal([wrong.code, /HQ_E_ENROLL_CODE_UNKNOWN/.test(wrong.stderr)], [2, true], wrong.stderr);
  const revoked = await loupe(['hq', 'revoke', 'pos-cli01', '--ca-dir', ctx.caDir, '--hq-url', hqUrl]);
  assert.is(revoked.stdout, 'revoked 1 certificate(s) of pos-cli01; the CRL is rewritten\n', revoked.stderr);
  const crl = execFileSync('openssl', ['crl', '-in', join(ctx.caDir, 'crl.pem'), '-noout', '-text'], { encoding: 'utf8' });
  const serial = execFileSync('openssl', ['x509', '-in', join(ctx.dir, 'till', 'provisioning', 'device.crt'), '-noout', '-serial'], { encoding: 'utf8' }).split('=')[1]!.trim();
  assert.ok(crl.includes(`Serial Number: ${serial}`), crl);
});

function readFingerprint(caDir: string): string {
  const text = execFileSync('openssl', ['x509', '-in', join(caDir, 'ca.crt'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' });
  return text.split('=')[1]!.trim();
}

function waitUntil(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => condition() && (clearInterval(timer), resolve()), 20);
  });
}

cli.run();
