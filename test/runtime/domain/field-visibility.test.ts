import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { maskIdentityNumber, visibleTo } from '../../../runtime/src/domain/field-visibility.ts';
import type { Permission } from '../../../runtime/src/domain/roles.ts';

const viewer = (held: Permission[], masksIdentity = true) => ({ holds: (permission: Permission) => held.includes(permission), masksIdentity });
const fields = suite('visibleTo');

fields('should drop cost at any depth, arrays included, and keep every other field :: a live message with pieces', () => {
  const message = { type: 'sweepProgress', pieces: [{ stockNo: 'R-1', costMinor: 5_000, retailMinor: 9_000 }], nested: { piece: { costMinor: 1 } } };
  assert.equal(visibleTo(message, viewer([])), { type: 'sweepProgress', pieces: [{ stockNo: 'R-1', retailMinor: 9_000 }], nested: { piece: {} } });
  assert.equal(visibleTo(message, viewer(['catalog.readCost'])), message);
});

fields('should null client figures and history amounts without client.figures, and leave sale totals alone :: a profile', () => {
  const profile = { figures: { lifetimeValueMinor: 1 }, history: { purchases: [{ receiptNo: 'A', totalMinor: 5 }], returns: [{ amountMinor: 2 }] }, totalMinor: 7 };
  assert.equal(visibleTo(profile, viewer([])), { figures: null, history: { purchases: [{ receiptNo: 'A', totalMinor: null }], returns: [{ amountMinor: null }] }, totalMinor: 7 });
});

fields('should mask identity numbers for everyone, except in the audited reveal :: taxpayer id and document number', () => {
  const record = { client: { taxpayerId: '123-45-6789', identityDocument: { kind: 'passport', number: 'X1234567' } } };
  const everyone = viewer(['client.identify', 'client.figures', 'catalog.readCost']);
  assert.equal(visibleTo(record, everyone), { client: { taxpayerId: '•••••••6789', identityDocument: { kind: 'passport', number: '••••4567' } } });
  assert.equal(visibleTo(record, viewer(['client.identify'], false)), record);
  assert.is(maskIdentityNumber('1234'), '••••');
});

fields('should null birth data and identity addresses without client.identify, but not a client’s contact address :: Form 8300 and profile', () => {
  const answer = { record: { client: { dateOfBirth: '1978-03-14', address: { city: 'New York' } } }, details: { address: { city: 'New York' } } };
  assert.equal(visibleTo(answer, viewer([])), { record: { client: { dateOfBirth: null, address: null } }, details: { address: { city: 'New York' } } });
});

fields.run();
