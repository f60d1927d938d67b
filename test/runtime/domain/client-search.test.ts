import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ClientSearch, editDistance } from '../../../runtime/src/domain/client-search.ts';

const distance = suite('edit distance');
distance('should count a swap of two letters as one :: luarent / laurent', () => {
  assert.is(editDistance('luarent', 'laurent', 2), 1);
  assert.is(editDistance('lorent', 'laurent', 2), 2);
  assert.is(editDistance('smith', 'smith', 1), 0);
});
distance('should stop early beyond the limit :: limit + 1', () => {
  assert.is(editDistance('abcdefgh', 'zyxwvuts', 1), 2);
  assert.is(editDistance('ab', 'abcdef', 2), 3);
});
distance.run();

const search = suite('client search');
const book = () => {
  const index = new ClientSearch();
  index.put({ clientId: 'marie', names: ['Marie', 'Laurent'], phones: ['+1 212 555 0148'], emails: ['marie@example.com'] });
  index.put({ clientId: 'hélène', names: ['Hélène', 'Dupré'], phones: ['+33 6 12 34 56 78'], emails: [] });
  index.put({ clientId: 'laura', names: ['Laura', 'Martin'], phones: ['917-555-0199'], emails: ['laura@example.com'] });
  return index;
};
search('should rank exact before prefix before typos :: "laur"', () => {
  assert.equal(book().search('laur', 10), [{ clientId: 'laura', distance: 1 }, { clientId: 'marie', distance: 1 }]);
  assert.equal(book().search('laura', 10).map((hit) => hit.clientId), ['laura', 'marie']);
});
search('should ignore accents and case :: helene dupre', () => {
  assert.equal(book().search('helene DUPRE', 10).map((hit) => hit.clientId), ['hélène']);
});
search('should find by phone digits however written, and by email with one slip', () => {
  assert.equal(book().search('(212) 555-0148', 10).map((hit) => hit.clientId), ['marie']);
  assert.equal(book().search('0199', 10).map((hit) => hit.clientId), ['laura']);
  assert.equal(book().search('laura@exmaple.com', 10).map((hit) => hit.clientId), ['laura']);
  assert.equal(book().search('lara@exmaple.com', 10).map((hit) => hit.clientId), []);
});
search('should find duplicates by phone with or without country code, and forget removed clients', () => {
  const index = book();
  assert.equal(index.duplicatesOf({ clientId: 'new', names: ['M', 'L'], phones: ['212 555 0148'], emails: [] }), ['marie']);
  assert.equal(index.duplicatesOf({ clientId: 'new', names: ['X'], phones: [], emails: ['LAURA@example.com'] }), ['laura']);
  index.remove('marie');
  assert.equal(index.search('marie', 10), []);
  assert.is(index.size, 2);
});
search.run();
