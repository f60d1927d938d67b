import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { IMAGES, run } from './helpers.ts';

const scripts = suite('The image recipe\'s scripts');

function shellScripts(dir = IMAGES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return shellScripts(path);
    return name.endsWith('.sh') ? [path] : [];
  });
}

const SCRIPTS = shellScripts();
const HUB_CONFIG = join(IMAGES, 'bin/store-hub-config.sh');

scripts('should parse with bash -n :: every script under images/', () => {
  assert.ok(SCRIPTS.length >= 10, `scripts found: ${SCRIPTS.length}`);
  for (const script of SCRIPTS) {
    const parsed = run('bash', ['-n', script]);
    assert.is(parsed.status, 0, `${relative(IMAGES, script)}: ${parsed.stderr}`);
  }
});

scripts('should pass shellcheck :: every script under images/, sourced files followed', () => {
  const checked = run('shellcheck', ['-x', ...SCRIPTS], { cwd: IMAGES });
  assert.is(checked.stdout, '', checked.stdout);
  assert.is(checked.status, 0);
});

scripts('should be executable, except the sourced helper :: stages and tools', () => {
  for (const script of SCRIPTS) {
    const executable = (statSync(script).mode & 0o111) !== 0;
    assert.is(executable, !script.endsWith('/common.sh'), relative(IMAGES, script));
  }
});

scripts('should refuse a build without its inputs :: build-rootfs.sh with no Node, then with no release', () => {
  const noNode = run(join(IMAGES, 'build-rootfs.sh'), ['--out', '/tmp/never']);
  assert.is(noNode.status, 2);
  assert.match(noNode.stderr, /usage: .*--node DIST --out PATH/);
  const noRelease = run(join(IMAGES, 'build-rootfs.sh'), ['--out', '/tmp/never', '--node', IMAGES, '--app', IMAGES]);
  assert.is(noRelease.status, 2);
  assert.match(noRelease.stderr, /is not a Loupe release \(no firmware\/bin\/loupe\.js\)/);
});

interface HubRun {
  status: number | null;
  stderr: string;
  config: string | null;
}

function hubConfig(env: string): HubRun {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-hub-'));
  try {
    writeFileSync(join(dir, 'store-hub.env'), env);
    const out = join(dir, 'store-hub.conf');
    const result = run(HUB_CONFIG, [join(dir, 'store-hub.env'), out]);
    let config: string | null = null;
    try {
      config = readFileSync(out, 'utf8');
    } catch {
      config = null;
    }
    return { status: result.status, stderr: result.stderr, config };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

scripts('should render the hub\'s configuration with the defaults for the box :: HQ address and bridge id given', () => {
  const rendered = hubConfig('# written at enrollment\nHQ_ADDRESS=hq.example.com:8883\nBRIDGE_ID=store-0042-bridge\n');
  assert.is(rendered.stderr, '');
  assert.is(rendered.status, 0);
  const config = rendered.config ?? '';
  assert.match(config, /^address hq\.example\.com:8883$/m);
  assert.match(config, /^remote_clientid store-0042-bridge$/m);
  assert.match(config, /^listener 8883$/m);
  assert.match(config, /^certfile \/var\/lib\/loupe\/tls\/hub\.crt$/m);
  assert.match(config, /^persistence_location \/data\/mosquitto\/$/m);
  assert.match(config, /^acl_file \/etc\/mosquitto\/store-hub\.acl$/m);
  assert.match(config, /^bridge_protocol_version mqttv50$/m);
  assert.not.match(config, /@[A-Z_]+@/);
});

scripts('should refuse a hub settings file that is incomplete or odd, and write nothing :: three variants', () => {
  const missing = hubConfig('HQ_ADDRESS=hq.example.com:8883\n');
  assert.is(missing.status, 2);
  assert.match(missing.stderr, /sets no BRIDGE_ID/);
  assert.is(missing.config, null);
  const unknown = hubConfig('HQ_ADDRESS=hq.example.com:8883\nBRIDGE_ID=b\nLISTENER=1883\n');
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, /unknown or malformed line: LISTENER=1883/);
  assert.is(unknown.config, null);
  const injected = hubConfig('HQ_ADDRESS=hq.example.com:8883\nBRIDGE_ID=@ACL_FILE@\n');
  assert.is(injected.status, 2);
  assert.match(injected.stderr, /malformed line: BRIDGE_ID=@ACL_FILE@/);
  assert.is(injected.config, null);
});

scripts('should refuse to render a template with a parameter missing or unknown :: render-template.sh', () => {
  const template = join(IMAGES, 'mosquitto/store-hub.conf.template');
  const missing = run(join(IMAGES, 'bin/render-template.sh'), [template, 'HQ_ADDRESS=h:1']);
  assert.is(missing.status, 2);
  assert.match(missing.stderr, /still needs: .*@BRIDGE_ID@/);
  assert.is(missing.stdout, '');
  const unknown = run(join(IMAGES, 'bin/render-template.sh'), [template, 'HQ_ADRESS=h:1']);
  assert.is(unknown.status, 2);
  assert.match(unknown.stderr, /has no @HQ_ADRESS@/);
});

scripts.run();
