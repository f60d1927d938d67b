/**
 * The touchscreen is type-checked with the DOM library against the runtime's wire contract: a
 * renamed field in runtime/src/wire, or a message key missing from a catalog, fails here.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const root = fileURLToPath(new URL('../../', import.meta.url));
const typecheck = suite('ui typecheck');

typecheck('should type-check ui/src against the wire contract and its string catalogs', () => {
  const result = spawnSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}ui/tsconfig.json`], { encoding: 'utf8', timeout: 120_000 });
  assert.is(result.status, 0, `${result.stdout}${result.stderr}`);
});

typecheck.run();
