/**
 * The `loupe` command line: start the appliance, and the technician's tools beside it.
 *
 *   loupe start [--data DIR] [--port N] [--host ADDR]
 *   loupe audit verify [--data DIR]
 *   loupe staff add --code N --name "NAME" --role ROLE [--data DIR]     (PIN read from standard input)
 *   loupe catalog import FILE [--skip-invalid] [--data DIR]
 *   loupe devices [--data DIR]
 *   loupe devices test NAME [--data DIR]
 *   loupe backup [--data DIR] [--to FILE]
 *   loupe restore FILE [--data DIR]
 *   loupe hq --database-url URL --broker URL [--workers N] [--primary] [--http-port N --ca-dir DIR [--device-broker URL]]
 *   loupe hq ca init --ca-dir DIR --hosts NAMES | loupe hq ca issue --ca-dir DIR --cn NAME
 *   loupe hq enroll CODE --store ID [--replaces DEVICE] --ca-dir DIR | loupe hq revoke DEVICE --ca-dir DIR
 *   loupe release build --key PRIVATE.pem --out DIR --release N [--from TREE] [--version V] [--min-from V] [--expires-days D] [--arch A]
 *   loupe update verify BUNDLE --key PUBLIC.pem [--data DIR]
 *   loupe supervise --releases ROOT [--data DIR] [--port N] [--probation-s S] [--attempts K]
 *
 * The data folder is --data, else LOUPE_DATA_DIR, else ./data; the port is --port, else
 * LOUPE_PORT, else the settings file's api.port.
 */
import { parseArgs } from 'node:util';
import { isLoupeError } from '../../runtime/src/errors.ts';
import { isHqError } from '../../hq/src/errors.ts';
import { auditVerify, backup, catalogImport, restore, staffAdd } from './commands.ts';
import { start } from './start.ts';
import { devicesList, devicesTest } from './devices-command.ts';

const USAGE = `usage:
  loupe start [--data DIR] [--port N] [--host ADDR]
  loupe audit verify [--data DIR]
  loupe staff add --code N --name NAME --role ROLE [--data DIR]   (the PIN is read from standard input)
  loupe catalog import FILE [--skip-invalid] [--data DIR]
  loupe devices [--data DIR]                 the counter's devices and their health
  loupe devices test NAME [--data DIR]       make one device print, open, weigh, read or scan
  loupe backup [--data DIR] [--to FILE]
  loupe restore FILE [--data DIR]
  loupe hq --database-url URL --broker URL [--workers N] [--primary]
           [--http-port N --ca-dir DIR [--device-broker URL]]
                                             the reference HQ (or HQ_DATABASE_URL, HQ_BROKER_URL);
                                             its HTTPS enrollment API needs HQ_ADMIN_TOKEN
  loupe hq ca init --ca-dir DIR --hosts NAME[,NAME]   HQ's device CA (prints the tills' CA fingerprint)
  loupe hq ca issue --ca-dir DIR --cn NAME            a certificate for an HQ ingest worker
  loupe hq enroll CODE --store ID [--replaces DEVICE] --ca-dir DIR [--hq-url URL]
                                             enter a till's pairing code at HQ (HQ_ADMIN_TOKEN)
  loupe hq revoke DEVICE --ca-dir DIR [--hq-url URL]  shut a till out (its certificate goes on the CRL)
  loupe release build --key PRIVATE.pem --out DIR --release N [--from TREE] [--version V]
                      [--min-from V] [--expires-days D] [--arch A]   sign a release bundle
  loupe update verify BUNDLE --key PUBLIC.pem [--data DIR]           exit 0 only for a bundle this till may install
  loupe supervise --releases ROOT [--data DIR] [--port N] [--probation-s S] [--attempts K]
                                             run current/, with probation and rollback (systemd's ExecStart)`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      to: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'skip-invalid': { type: 'boolean' },
      'database-url': { type: 'string' },
      broker: { type: 'string' },
      workers: { type: 'string' },
      primary: { type: 'boolean' },
      'http-port': { type: 'string' },
      'ca-dir': { type: 'string' },
      'device-broker': { type: 'string' },
      hosts: { type: 'string' },
      cn: { type: 'string' },
      store: { type: 'string' },
      replaces: { type: 'string' },
      'hq-url': { type: 'string' },
      // release and update
      key: { type: 'string' },
      out: { type: 'string' },
      from: { type: 'string' },
      release: { type: 'string' },
      version: { type: 'string' },
      'min-from': { type: 'string' },
      'expires-days': { type: 'string' },
      arch: { type: 'string' },
      releases: { type: 'string' },
      'probation-s': { type: 'string' },
      attempts: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const dataDir = values.data ?? process.env.LOUPE_DATA_DIR ?? 'data';
  const [command, sub, target] = positionals;
  if (values.help || !command) return usage(values.help ? 0 : 2);
  if (command === 'start') return start({ dataDir, port: values.port ?? process.env.LOUPE_PORT, host: values.host, logLevel: process.env.LOUPE_LOG_LEVEL });
  if (command === 'audit' && sub === 'verify') return auditVerify(dataDir);
  if (command === 'staff' && sub === 'add') return staffAdd(dataDir, { code: values.code, name: values.name, role: values.role });
  if (command === 'catalog' && sub === 'import' && target) return catalogImport(dataDir, target, values['skip-invalid'] ?? false);
  if (command === 'devices' && sub === 'test' && target) return devicesTest(dataDir, target);
  if (command === 'devices' && !sub) return devicesList(dataDir);
  if (command === 'backup') return backup(dataDir, values.to);
  if (command === 'restore' && sub) return restore(dataDir, sub);
  if (command === 'hq') {
    const { hq, hqCaInit, hqCaIssue, hqEnroll, hqRevoke } = await import('./hq-command.ts');
    const caDir = values['ca-dir'];
    if (!sub) return hq({ databaseUrl: values['database-url'], brokerUrl: values.broker, workers: values.workers, primary: values.primary, httpPort: values['http-port'], caDir, deviceBrokerUrl: values['device-broker'] });
    if (sub === 'ca' && target === 'init') return hqCaInit(caDir, values.hosts);
    if (sub === 'ca' && target === 'issue') return hqCaIssue(caDir, values.cn);
    if (sub === 'enroll' && target) return hqEnroll(target, { store: values.store, replaces: values.replaces, hqUrl: values['hq-url'], caDir });
    if (sub === 'revoke' && target) return hqRevoke(target, { hqUrl: values['hq-url'], caDir });
  }
  if (command === 'release' || command === 'update' || command === 'supervise') {
    const release = await import('./release/commands.ts');
    if (command === 'release' && sub === 'build') {
      const { key, out, from, version, arch } = values;
      return release.releaseBuild({ key, out, from, release: values.release, version, minFrom: values['min-from'], expiresDays: values['expires-days'], arch });
    }
    if (command === 'update' && sub === 'verify' && target) return release.updateVerify(target, values.key, dataDir);
    if (command === 'supervise' && !sub) return release.supervise(dataDir, { releases: values.releases, port: values.port, probationS: values['probation-s'], attempts: values.attempts });
  }
  return usage(2);
}

function usage(code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(`${USAGE}\n`);
  return code;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (isLoupeError(error) || isHqError(error)) {
    process.stderr.write(`loupe: ${error.code}: ${error.message}\n  ${error.hint}\n`);
  } else {
    process.stderr.write(`loupe: ${(error as Error).stack ?? String(error)}\n`);
  }
  process.exitCode = 1;
}
