/**
 * The sources run through esbuild and tsx, which strip types without checking them: this is where
 * they are checked. The runtime, drivers, HQ and tests under the strict root tsconfig; the
 * touchscreen with the DOM library against the runtime's wire contract (a renamed field in
 * runtime/src/wire, or a message key missing from a catalog, fails here).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = fileURLToPath(new URL('../../', import.meta.url));
const typecheck = suite('typecheck');

for (const [what, project] of [
  ['runtime, drivers, HQ and tests', 'tsconfig.json'],
  ['the touchscreen against the wire contract and its string catalogs', 'ui/tsconfig.json'],
] as const) {
  typecheck(`should type-check ${what} :: tsc -p ${project}`, () => {
    const result = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '--noEmit', '-p', `${root}${project}`], { encoding: 'utf8', timeout: 180_000 });
    assert.is(result.status, 0, `${result.stdout}${result.stderr}`);
  });
}

typecheck.run();
