/**
 * Clients for the end-to-end tests, written through the API as the counter would (the demo store
 * has none): Eleanor Whitfield, who agreed to email, with her ring size, her taste, an anniversary
 * twelve days after the appliance's test day (24 November 2026), a purchase, a note and an
 * appointment today; and Marcus Lindqvist, whose birthday is in five days but who gave no consent.
 */
import { api, type Counter } from './counter.ts';

export interface SeededClients {
  eleanor: string;
  marcus: string;
}

const EMPTY = { phones: [], emails: [], linkedPeople: [], sizes: { rings: [] }, preferences: { metals: [], colours: [], stones: [], designers: [], collections: [], styles: [] }, milestones: [], wishList: [] };

/** Writes both clients, Eleanor's purchase of `boughtStockNo` and her appointment at 14:00 New York time today. */
export async function seedClients(c: Counter, boughtStockNo: string): Promise<SeededClients> {
  const eleanor = await api<{ id: string }>(c, 'POST', '/clients', {
    ...EMPTY,
    title: 'Mrs',
    givenName: 'Eleanor',
    familyName: 'Whitfield',
    phones: [{ number: '+1 212 555 0142', preferred: true }],
    emails: [{ address: 'eleanor.whitfield@example.com' }],
    linkedPeople: [{ relation: 'spouse', name: 'James Whitfield' }],
    sizes: { rings: [{ finger: 'left ring', size: '6½' }], wrist: '16 cm' },
    preferences: { ...EMPTY.preferences, metals: ['white gold'], collections: ['Aurora'], stones: ['diamond'] },
    milestones: [{ kind: 'anniversary', month: 12, day: 6, year: 2014, recurring: true }],
  });
  await api(c, 'PUT', `/clients/${eleanor.id}/consents`, { channel: 'email', granted: true });
  await api(c, 'POST', `/clients/${eleanor.id}/notes`, { text: 'Looking at Aurora pendants for the anniversary; James will call.' });
  const staff = await api<{ id: string; code: string }[]>(c, 'GET', '/staff');
  const sam = staff.find((member) => member.code === '101') as { id: string };
  await api(c, 'POST', `/clients/${eleanor.id}/appointments`, { at: '2026-11-24T19:00:00.000Z', staffId: sam.id, purpose: 'Anniversary pendant', pieces: ['P-10041'] });

  const cart = await api<{ id: string }>(c, 'POST', '/sales/carts');
  await api(c, 'POST', `/sales/carts/${cart.id}/lines`, { code: boughtStockNo });
  const priced = await api<{ remainingMinor: number }>(c, 'PUT', `/sales/carts/${cart.id}/client`, { clientId: eleanor.id });
  await api(c, 'POST', `/sales/carts/${cart.id}/card`, { amountMinor: priced.remainingMinor });
  await api(c, 'POST', `/sales/carts/${cart.id}/complete`);

  const marcus = await api<{ id: string }>(c, 'POST', '/clients', {
    ...EMPTY,
    givenName: 'Marcus',
    familyName: 'Lindqvist',
    emails: [{ address: 'marcus@example.com' }],
    milestones: [{ kind: 'birthday', month: 11, day: 29, recurring: true }],
  });
  return { eleanor: eleanor.id, marcus: marcus.id };
}
