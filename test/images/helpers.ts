/**
 * Reading the image recipe's files as systemd and the shell read them: unit and drop-in files
 * (sections, keys, lists reset by an empty assignment) and scripts run with bash.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const IMAGES = fileURLToPath(new URL('../../images/', import.meta.url));

export function imageFile(path: string): string {
  return readFileSync(`${IMAGES}${path}`, 'utf8');
}

/** section → key → values, in order; `Key=` (empty) clears the values before it, as systemd does. */
export type UnitFile = Map<string, Map<string, string[]>>;

export function parseUnit(text: string): UnitFile {
  const unit: UnitFile = new Map();
  let section: Map<string, string[]> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = unit.get(header[1]!) ?? new Map();
      unit.set(header[1]!, section);
      continue;
    }
    const pair = /^([A-Za-z0-9]+)=(.*)$/.exec(line);
    if (!section || !pair) throw new Error(`not a unit file line: ${raw}`);
    const [, key, value] = pair as unknown as [string, string, string];
    section.set(key, value === '' ? [] : [...(section.get(key) ?? []), value]);
  }
  return unit;
}

/** The last value of `key` in `section` (what a single-valued setting ends up as). */
export function setting(unit: UnitFile, section: string, key: string): string | undefined {
  return unit.get(section)?.get(key)?.at(-1);
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], options: { cwd?: string; input?: string } = {}): Run {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd: options.cwd, input: options.input, maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`cannot run ${command}: ${result.error.message} (see test/setup/ensure-tools.mjs)`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
