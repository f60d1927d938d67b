import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// The sources run through esbuild and tsx, which strip types without checking them: this is where they are checked.
test('the whole tree type-checks under the strict tsconfig :: tsc --noEmit', () => {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json'], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname });
  assert.is(run.status, 0, `tsc found errors:\n${run.stdout}${run.stderr}`);
});

test.run();
