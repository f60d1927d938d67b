/**
 * fast-check arbitraries for text that has broken the audit chain: any UTF-16 code units, weighted
 * towards lone surrogates, NUL, combining marks, joiners, astral characters and U+FFFD itself.
 */
import fc from 'fast-check';

const awkward = fc.oneof(
  fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u0000', '\u0301', '\u200D', '\uFEFF', '\uFFFD', '😀', '👩‍👩‍👧', 'é', 'e\u0301'),
  fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit)),
  fc.string({ unit: 'binary', maxLength: 1 }),
);

/** 1 to `maxLength` awkward units. */
export const awkwardText = (maxLength = 24) => fc.string({ unit: awkward, minLength: 1, maxLength });
