import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERRORS, LoupeError, type ErrorCode } from '../../runtime/src/errors.ts';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...doc.matchAll(/^### (LOUPE_E_\w+)\n\n- Status: (\d+)\n- Message: (.+)\n- What to do: (.+)$/gm)].map((m) => [m[1], { status: Number(m[2]), message: m[3], hint: m[4] }]),
);

const registry = suite('error registry');

registry('should name every code LOUPE_E_<AREA>_<WHAT>', () => {
  for (const code of Object.keys(ERRORS)) assert.match(code, /^LOUPE_E_[A-Z]+_[A-Z_]+$/, code);
});

registry('should document every code with its status, message and hint in docs/errors.md', () => {
  for (const [code, definition] of Object.entries(ERRORS)) {
    assert.equal(documented.get(code), { status: definition.status, message: definition.message, hint: definition.hint }, code);
  }
});

registry('should document no code the registry lacks', () => {
  const headings = [...doc.matchAll(/^### (\S+)/gm)].map((m) => m[1] as string);
  assert.equal(headings.filter((code) => !(code in ERRORS)), []);
  assert.is(documented.size, headings.length, 'a heading is not followed by status, message and what to do');
});

registry('should give every code a message and a hint a clerk can act on', () => {
  for (const [code, definition] of Object.entries(ERRORS)) {
    assert.ok(definition.message.length >= 10 && definition.hint.length >= 10, code);
    assert.not.match(definition.message, /LOUPE_E_|undefined|null/, code);
  }
});

registry('should carry code, status, hint and details on a thrown error :: LOUPE_E_AUTH_LOCKED_OUT', () => {
  const error = new LoupeError('LOUPE_E_AUTH_LOCKED_OUT' satisfies ErrorCode, { lockedUntil: 'x' });
  assert.equal([error.code, error.status, error.details], ['LOUPE_E_AUTH_LOCKED_OUT', 423, { lockedUntil: 'x' }]);
  assert.is(error.hint, ERRORS.LOUPE_E_AUTH_LOCKED_OUT.hint);
});

registry.run();
