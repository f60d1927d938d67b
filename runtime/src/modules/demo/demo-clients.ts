/**
 * Three clients of the demo store, written through the client book's own commands, so the
 * counter has someone to attach to a sale, search for and open. Never used outside the demo.
 */
import type { Actor } from '../../domain/actor.ts';
import type { ClientService } from '../clients/client-service.ts';

const NONE = { metals: [], colours: [], stones: [], designers: [], collections: [], styles: [] };

export function seedDemoClients(clients: ClientService, actor: Actor): void {
  const isabelle = clients.add(
    {
      title: 'Mrs',
      givenName: 'Isabelle',
      familyName: 'Fontaine',
      phones: [{ number: '+1 212 555 0163', preferred: true }],
      emails: [{ address: 'isabelle.fontaine@example.com' }],
      address: { lines: ['12 East 74th Street'], city: 'New York', postalCode: '10021', region: 'NY', country: 'US' },
      linkedPeople: [{ relation: 'spouse', name: 'Henri Fontaine' }],
      sizes: { rings: [{ finger: 'left ring', size: '5½' }], wrist: '15.5 cm' },
      preferences: { ...NONE, metals: ['white gold', 'platinum'], stones: ['sapphire'], collections: ['Aurora'], budget: { minMinor: 200_000, maxMinor: 2_000_000 } },
      milestones: [{ kind: 'anniversary', month: 6, day: 14, year: 2011, recurring: true }, { kind: 'birthday', month: 3, day: 2, recurring: true }],
      wishList: [{ text: '½ ct studs in platinum' }],
    },
    actor,
  ).id;
  clients.setConsent(isabelle, 'email', true, actor);
  clients.addNote(isabelle, 'Prefers a call in the afternoon; loves the Aurora line.', actor);
  clients.add(
    {
      givenName: 'James',
      familyName: 'Whitfield',
      phones: [{ number: '+1 917 555 0142' }],
      emails: [],
      linkedPeople: [],
      sizes: { rings: [{ finger: 'right ring', size: '10' }] },
      preferences: { ...NONE, metals: ['yellow gold'] },
      milestones: [{ kind: 'other', label: 'daughter’s graduation', month: 5, day: 20, year: 2027, recurring: false }],
      wishList: [],
    },
    actor,
  );
  const yuki = clients.add(
    {
      givenName: 'Yuki',
      familyName: 'Tanaka',
      phones: [{ number: '+1 646 555 0188' }],
      emails: [{ address: 'yuki.tanaka@example.com' }],
      linkedPeople: [],
      sizes: { rings: [] },
      preferences: { ...NONE, stones: ['pearl'], budget: { minMinor: 50_000, maxMinor: 400_000 } },
      milestones: [{ kind: 'birthday', month: 8, day: 9, recurring: true }],
      wishList: [],
    },
    actor,
  ).id;
  clients.setConsent(yuki, 'sms', true, actor);
}
