import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCsv } from '../../../runtime/src/domain/csv.ts';

const csv = suite('parseCsv');

csv('should split plain fields and keep each record’s line :: 2 records, CRLF', () => {
  assert.equal(parseCsv('a,b\r\n1,2\r\n'), { ok: true, records: [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['1', '2'] }] });
});

csv('should read quoted commas, doubled quotes and line breaks inside quotes', () => {
  const result = parseCsv('id,text\n1,"Ring, 18k ""Aurora"""\n2,"two\nlines"\n3,x');
  assert.equal(result, {
    ok: true,
    records: [
      { line: 1, fields: ['id', 'text'] },
      { line: 2, fields: ['1', 'Ring, 18k "Aurora"'] },
      { line: 3, fields: ['2', 'two\nlines'] },
      { line: 5, fields: ['3', 'x'] },
    ],
  });
});

csv('should skip blank lines and a byte-order mark', () => {
  assert.equal(parseCsv('\uFEFFa\n\n1\n'), { ok: true, records: [{ line: 1, fields: ['a'] }, { line: 3, fields: ['1'] }] });
});

csv('should name the line of an unclosed quote :: line 2', () => {
  assert.equal(parseCsv('a\n"open\n'), { ok: false, line: 2, reason: 'a quoted field is never closed' });
});

csv('should refuse a stray quote in an unquoted field', () => {
  const result = parseCsv('a\n12"x\n');
  assert.is(result.ok, false);
});

csv.run();
