import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadSettings } from '../../../runtime/src/config/settings.ts';
import type { LoupeError } from '../../../runtime/src/errors.ts';

const settings = suite<{ dir: string }>('loadSettings');

settings.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-settings-'));
});
settings.after.each((ctx) => {
  rmSync(ctx.dir, { recursive: true, force: true });
});

const write = (dir: string, doc: unknown) => writeFileSync(join(dir, 'settings.json'), JSON.stringify(doc));

async function refusal(dir: string): Promise<LoupeError> {
  try {
    await loadSettings(dir);
  } catch (error) {
    return error as LoupeError;
  }
  throw new Error('the settings were accepted');
}

settings('should write a version-1 file and fill every default :: empty folder', async ({ dir }) => {
  const loaded = await loadSettings(dir);
  assert.is(loaded.security.lockout.attempts, 5);
  assert.is(loaded.api.port, 8080);
  assert.equal(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')), { version: 1 });
});

settings('should name the key and the allowed range :: lockout.attempts = 2', async ({ dir }) => {
  write(dir, { version: 1, security: { lockout: { attempts: 2 } } });
  const error = await refusal(dir);
  assert.is(error.code, 'LOUPE_E_SETTINGS_INVALID');
  assert.is(error.message, 'Setting security.lockout.attempts is 2; allowed: a whole number from 3 to 10');
});

settings('should list the allowed values :: log.level = "loud"', async ({ dir }) => {
  write(dir, { version: 1, log: { level: 'loud' } });
  const error = await refusal(dir);
  assert.match(error.message, 'Setting log.level is "loud"; allowed: one of fatal, error, warn, info, debug');
});

settings('should name an unknown key and the known ones :: "stor"', async ({ dir }) => {
  write(dir, { version: 1, stor: {} });
  const error = await refusal(dir);
  assert.match(error.message, 'Setting stor is not a known setting; allowed keys here: version, store, device');
});

settings('should report every wrong value at once :: 2 problems', async ({ dir }) => {
  write(dir, { version: 1, api: { port: 70000 }, store: { currency: 'usd' } });
  const error = await refusal(dir);
  assert.match(error.message, 'api.port is 70000');
  assert.match(error.message, 'store.currency is "usd"');
});

settings('should refuse a time zone that does not exist :: Europe/Atlantis', async ({ dir }) => {
  write(dir, { version: 1, store: { timeZone: 'Europe/Atlantis' } });
  assert.match((await refusal(dir)).message, 'Setting store.timeZone is "Europe/Atlantis"');
});

settings('should refuse a file that is not JSON', async ({ dir }) => {
  writeFileSync(join(dir, 'settings.json'), '{"version": 1,');
  const error = await refusal(dir);
  assert.is(error.code, 'LOUPE_E_SETTINGS_INVALID');
  assert.match(error.message, 'is not valid JSON');
});

settings('should refuse a file from a newer release :: version 9', async ({ dir }) => {
  write(dir, { version: 9 });
  assert.is((await refusal(dir)).code, 'LOUPE_E_SETTINGS_TOO_NEW');
});

settings('should let overrides win without writing them :: port 9123', async ({ dir }) => {
  write(dir, { version: 1, api: { port: 8081 } });
  const loaded = await loadSettings(dir, { apiPort: 9123 });
  assert.is(loaded.api.port, 9123);
  assert.equal(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).api, { port: 8081 });
});

settings('should migrate an older file step by step and back it up :: v1 → v3', async ({ dir }) => {
  write(dir, { version: 1, store: { title: 'Maison' } });
  const history = {
    currentVersion: 3,
    migrations: [
      { from: 1, migrate: (doc: Record<string, unknown>) => ({ ...doc, store: { name: (doc.store as { title: string }).title } }) },
      { from: 2, migrate: (doc: Record<string, unknown>) => ({ ...doc, log: { level: 'warn' } }) },
    ],
  };
  const loaded = await loadSettings(dir, {}, history);
  assert.is(loaded.store.name, 'Maison');
  assert.is(loaded.log.level, 'warn');
  assert.ok(existsSync(join(dir, 'settings.v1.backup.json')));
  assert.equal(JSON.parse(readFileSync(join(dir, 'settings.v1.backup.json'), 'utf8')).store, { title: 'Maison' });
  assert.is(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).version, 3);
});

settings.run();
