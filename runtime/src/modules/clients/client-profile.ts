/** A client's record as the ledger keeps it: what the associate entered, plus what the till records about it. */
import type { Consent, ConsentChannel, ContactableClient } from '../../domain/clients.ts';
import type { SearchEntry } from '../../domain/client-search.ts';
import type { Tier } from '../../domain/tiers.ts';
import type { ClientDetails, IdentityBody } from '../../wire/clients.ts';

export interface ClientNote {
  id: string;
  at: string;
  authorId: string;
  authorName: string;
  text: string;
}

/** The `profile` column: every personal field of the client, blanked as a whole on erasure. */
export interface StoredProfile extends ClientDetails {
  consents: Partial<Record<ConsentChannel, Consent>>;
  notes: ClientNote[];
}

/** The `identity` column: what was checked against a document for large cash, by whom and when. */
export interface ClientIdentity extends IdentityBody {
  verifiedBy: { staffId: string; name: string };
  verifiedAt: string;
}

export function displayName(profile: Pick<StoredProfile, 'givenName' | 'familyName'>): string {
  return `${profile.givenName} ${profile.familyName}`;
}

export function searchEntry(clientId: string, profile: StoredProfile): SearchEntry {
  return {
    clientId,
    names: [profile.givenName, profile.familyName, ...(profile.nickname ? [profile.nickname] : [])],
    phones: profile.phones.map((phone) => phone.number),
    emails: profile.emails.map((email) => email.address),
  };
}

export function contactable(clientId: string, tier: Tier, profile: StoredProfile): ContactableClient {
  return { id: clientId, name: displayName(profile), tier, phones: profile.phones, emails: profile.emails, address: profile.address, consents: profile.consents, milestones: profile.milestones };
}
