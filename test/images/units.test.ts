import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validated } from '../../runtime/src/config/settings.ts';
import { IMAGES, imageFile, parseUnit, run, setting } from './helpers.ts';

const units = suite('The image\'s systemd units');

const UNIT_FILES = readdirSync(join(IMAGES, 'systemd')).filter((name) => /\.(service|mount)$/.test(name));

units('should pass systemd-analyze verify with no warning :: every unit of images/systemd', () => {
  assert.ok(UNIT_FILES.length >= 3, `units found: ${UNIT_FILES.join(', ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'loupe-units-'));
  try {
    for (const name of UNIT_FILES) copyFileSync(join(IMAGES, 'systemd', name), join(dir, name));
    // --man=no: the container has no man pages. The executables they name must exist here
    // (node, cage, chromium: test/setup/ensure-tools.mjs).
    const verify = run('systemd-analyze', ['verify', '--man=no', ...UNIT_FILES.map((name) => join(dir, name))]);
    assert.is(verify.stderr.trim(), '', `systemd-analyze verify said:\n${verify.stderr}`);
    assert.is(verify.status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

units('should flag a broken unit :: an unknown key and a missing executable (the check can fail)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-units-'));
  try {
    const broken = join(dir, 'broken.service');
    copyFileSync(join(IMAGES, 'systemd', 'kiosk.service'), broken);
    run('sed', ['-i', 's|^Restart=always|Restartt=always|; s|/usr/bin/cage|/usr/bin/no-such-compositor|', broken]);
    const verify = run('systemd-analyze', ['verify', '--man=no', broken]);
    assert.match(verify.stderr, /Unknown key 'Restartt'/);
    assert.match(verify.stderr, /no-such-compositor is not executable/);
    assert.is.not(verify.status, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

units('should run the runtime as a notify service with a watchdog :: loupe.service', () => {
  const unit = parseUnit(imageFile('systemd/loupe.service'));
  assert.is(setting(unit, 'Service', 'Type'), 'notify');
  assert.is(setting(unit, 'Service', 'NotifyAccess'), 'all');
  assert.is(setting(unit, 'Service', 'WatchdogSec'), '20');
  assert.is(setting(unit, 'Service', 'Restart'), 'on-failure');
  assert.is(setting(unit, 'Service', 'User'), 'loupe');
  assert.is(setting(unit, 'Service', 'ExecStart'), '/usr/bin/node /opt/loupe/current/firmware/bin/loupe.js start');
});

units('should restart the kiosk whenever it dies, without a start limit :: kiosk.service', () => {
  const unit = parseUnit(imageFile('systemd/kiosk.service'));
  assert.is(setting(unit, 'Service', 'Restart'), 'always');
  assert.is(setting(unit, 'Service', 'RestartSec'), '2');
  assert.is(setting(unit, 'Unit', 'StartLimitIntervalSec'), '0');
  assert.is(setting(unit, 'Service', 'User'), 'kiosk');
  assert.is(setting(unit, 'Service', 'TTYPath'), '/dev/tty1');
  assert.ok(unit.get('Unit')?.get('After')?.some((after) => after.split(' ').includes('loupe.service')), 'starts after the runtime is READY');
});

units('should point Chromium in kiosk mode under cage at the runtime\'s own port :: the settings default', () => {
  const unit = parseUnit(imageFile('systemd/kiosk.service'));
  const exec = setting(unit, 'Service', 'ExecStart') ?? '';
  const { host, port } = validated({ version: 1 }).api;
  assert.match(exec, /^\/usr\/bin\/cage -d -- \/usr\/bin\/chromium --kiosk /);
  assert.ok(exec.endsWith(` http://${host}:${port}/`), exec);
  assert.match(exec, /--ozone-platform=wayland/);
  assert.match(exec, /--user-data-dir=\/run\/loupe-kiosk\//);
  assert.is(setting(unit, 'Service', 'RuntimeDirectory'), 'loupe-kiosk');
  const policy = JSON.parse(imageFile('rootfs/etc/chromium/policies/managed/loupe.json')) as Record<string, unknown>;
  assert.equal(policy.URLAllowlist, [`http://${host}:${port}/*`]);
  assert.is(policy.DeveloperToolsAvailability, 2);
});

units('should bind the data folder only after tmpfiles made it :: var-lib-loupe.mount', () => {
  const unit = parseUnit(imageFile('systemd/var-lib-loupe.mount'));
  assert.is(setting(unit, 'Mount', 'What'), '/data/loupe');
  assert.is(setting(unit, 'Mount', 'Where'), '/var/lib/loupe');
  assert.is(setting(unit, 'Mount', 'Options'), 'bind');
  assert.is(setting(unit, 'Unit', 'After'), 'systemd-tmpfiles-setup.service');
  assert.is(setting(unit, 'Unit', 'Before'), 'loupe.service umount.target');
});

units('should run the hub\'s rendered configuration in Debian\'s mosquitto.service :: the drop-in replaces ExecStart', () => {
  const dropIn = parseUnit(imageFile('systemd/mosquitto.service.d/loupe-store-hub.conf'));
  assert.equal(dropIn.get('Service')?.get('ExecStart'), ['/usr/sbin/mosquitto -c /run/mosquitto/store-hub.conf']);
  assert.is(setting(dropIn, 'Service', 'ExecStartPre'), '/usr/local/lib/loupe-image/store-hub-config.sh /var/lib/loupe/store-hub.env /run/mosquitto/store-hub.conf');
  assert.is(setting(dropIn, 'Service', 'Restart'), 'always');
  assert.match(imageFile('stages/50-store-hub.sh'), /install_file bin\/store-hub-config\.sh \/usr\/local\/lib\/loupe-image\/store-hub-config\.sh 0755/);
});

units.run();
