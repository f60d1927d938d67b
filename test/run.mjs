#!/usr/bin/env node
// `npm test`: every uvu suite under test/ (files named *.test.ts), TypeScript through tsx, in one run.
// Ends with uvu's summary and one plain "N passed, N failed" line for CI.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureTools } from './setup/ensure-tools.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
ensureTools();
const pattern = process.argv[2] ?? '\\.test\\.ts$';
const child = spawn(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', pattern, '-i', 'helpers', '-i', 'fixtures', '-i', 'setup'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NO_COLOR: '1' },
});
let out = '';
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
child.on('close', (code) => {
  const total = Number(/Total:\s+(\d+)/.exec(out)?.[1] ?? 0);
  const passed = Number(/Passed:\s+(\d+)/.exec(out)?.[1] ?? 0);
  process.stdout.write(`\n${passed} passed, ${total - passed} failed\n`);
  process.exitCode = code === 0 && total > 0 ? 0 : 1;
});
