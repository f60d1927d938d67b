// The programs the test suites start for themselves (a broker, a database, pseudo-terminals, a
// browser), and the Debian packages that provide them. `npm test` calls ensureTools() first: what
// is missing is installed with apt-get when running as root (CI, the appliance image builder), and
// otherwise the run stops with the exact command to type.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** program → Debian package. Add a line here when a suite needs a new program. */
export const TOOLS = [
  { program: 'socat', pkg: 'socat' },
  { program: 'mosquitto', pkg: 'mosquitto', paths: ['/usr/sbin/mosquitto'] },
  { program: 'pg_ctl', pkg: 'postgresql', paths: ['/usr/lib/postgresql/15/bin/pg_ctl', '/usr/lib/postgresql/16/bin/pg_ctl', '/usr/lib/postgresql/17/bin/pg_ctl'] },
  { program: 'sqlite3', pkg: 'sqlite3' },
  // The certificate PDF is read back by poppler's pdftotext, not by Loupe's own writer.
  { program: 'pdftotext', pkg: 'poppler-utils' },
  // The keyboard-scanner driver holds its evdev grab through a small python3 helper.
  { program: 'python3', pkg: 'python3' },
  // The touchscreen's end-to-end suites drive Debian's Chromium through playwright-core.
  { program: 'chromium', pkg: 'chromium', paths: ['/usr/bin/chromium'] },
  // The image recipe's suites (test/images/): units verified by systemd-analyze (the executables
  // they name must exist: cage for the kiosk), scripts by shellcheck, the card image laid out with
  // sfdisk, mkfs.vfat and mtools (e2fsprogs' mkfs.ext4 and debugfs come with Debian).
  { program: 'systemd-analyze', pkg: 'systemd' },
  { program: 'cage', pkg: 'cage', paths: ['/usr/bin/cage'] },
  { program: 'shellcheck', pkg: 'shellcheck' },
  { program: 'sfdisk', pkg: 'fdisk', paths: ['/usr/sbin/sfdisk', '/sbin/sfdisk'] },
  { program: 'mkfs.vfat', pkg: 'dosfstools', paths: ['/usr/sbin/mkfs.vfat', '/sbin/mkfs.vfat'] },
  { program: 'mcopy', pkg: 'mtools' },
];

function present(tool) {
  if ((tool.paths ?? []).some((path) => existsSync(path))) return true;
  return spawnSync('sh', ['-c', `command -v ${tool.program}`], { stdio: 'ignore' }).status === 0;
}

export function ensureTools() {
  const missing = TOOLS.filter((tool) => !present(tool));
  if (missing.length === 0) return;
  const pkgs = [...new Set(missing.map((tool) => tool.pkg))];
  const command = `apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`the tests need ${missing.map((t) => t.program).join(', ')}; install with:\n  sudo sh -c '${command}'`);
  }
  process.stdout.write(`installing test tools: ${pkgs.join(' ')}\n`);
  execFileSync('sh', ['-c', command], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const still = missing.filter((tool) => !present(tool));
  if (still.length > 0) throw new Error(`still missing after install: ${still.map((t) => t.program).join(', ')}`);
}
