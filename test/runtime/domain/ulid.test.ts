import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createUlidFactory } from '../../../runtime/src/domain/ulid.ts';

const ulid = suite('createUlidFactory');

ulid('should encode time and randomness :: spec example time 1469918176385', () => {
  const next = createUlidFactory({ now: () => 1469918176385, randomBytes: (n) => new Uint8Array(n) });
  assert.is(next(), '01ARYZ6S410000000000000000');
});

ulid('should stay sortable within one millisecond :: 1000 ids', () => {
  const next = createUlidFactory({ now: () => 1_795_000_000_000, randomBytes: (n) => new Uint8Array(n).fill(7) });
  const ids = Array.from({ length: 1000 }, next);
  assert.equal([...ids].sort(), ids);
  assert.is(new Set(ids).size, 1000);
});

ulid.run();
