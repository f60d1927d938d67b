import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HQ_ERRORS } from '../../hq/src/errors.ts';

const doc = readFileSync(new URL('../../docs/hq-errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^### (HQ_E_\w+)\n\n- Status: (\d+)\n- Message: (.+)\n- What to do: (.+)$/gm)].map((m) => [m[1], { status: Number(m[2]), message: m[3], hint: m[4] }]),
);

const registry = suite('HQ error registry');

registry('should document every HQ code exactly as the registry declares it :: docs/hq-errors.md', () => {
  for (const [code, definition] of Object.entries(HQ_ERRORS)) assert.equal(documented.get(code), { ...definition }, code);
  assert.equal([...documented.keys()].filter((code) => !code || !(code in HQ_ERRORS)), []);
  assert.is([...doc.matchAll(/^### /gm)].length, documented.size, 'a heading is not followed by status, message and what to do');
});

registry.run();
