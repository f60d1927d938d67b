import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalJson } from '../../../runtime/src/domain/canonical-json.ts';

const canonical = suite('canonicalJson');

canonical('should sort keys at every depth :: {b,a:{d,c}}', () => {
  assert.is(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } }), '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
});

canonical('should leave out undefined members and keep null ones', () => {
  assert.is(canonicalJson({ a: undefined, b: null }), '{"b":null}');
});

canonical('should refuse a float :: 12.5', () => {
  assert.throws(() => canonicalJson({ price: 12.5 }), /safe integers/);
});

canonical('should escape strings like JSON :: quote and newline', () => {
  assert.is(canonicalJson('a"b\nc'), '"a\\"b\\nc"');
});

canonical.run();
