/**
 * The client book: add and change clients, consents, notes, appointments and identity; find them
 * by name, phone or email with typos; merge duplicates; open a profile with history, figures and
 * recommendations; export a client's data or erase it. Every change is one audited ledger
 * command (target `client:<id>`) with an HQ event; events carrying personal data have the
 * business key `client:<id>…`, so an erasure can find and scrub them.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Json } from '../../domain/canonical-json.ts';
import { ClientSearch, normalEmail, phoneKey } from '../../domain/client-search.ts';
import { clientFigures, outreachList, type ConsentChannel, type OutreachEntry, type OutreachOccasion } from '../../domain/clients.ts';
import { pointsBalance } from '../../domain/loyalty.ts';
import type { Recommendation } from '../../domain/recommendations.ts';
import { toNextTier, windowStart, type Tier } from '../../domain/tiers.ts';
import { dayStart, localDay, nextDay } from '../../domain/store-day.ts';
import type { Settings } from '../../config/settings-schema.ts';
import type { Db } from '../../store/db.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { EventDraft } from '../../store/outbox.ts';
import { findStaffById } from '../../store/staff.ts';
import * as store from '../../store/clients.ts';
import type { AppointmentBody, ClientDetails, IdentityBody } from '../../wire/clients.ts';
import type { ClientSales } from './client-sales.ts';
import { contactable, displayName, searchEntry, type ClientIdentity, type StoredProfile } from './client-profile.ts';
import { clientHistory, purchases, recommendationsFor, wishesInStock } from './client-history.ts';

export interface ClientServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  settings: Settings;
  sales: ClientSales;
}

/** Large-cash records are kept five years (31 CFR 1010.306; EU AMLR art. 77). */
const RETENTION_MS = 5 * 365 * 86_400_000;

export class ClientService {
  readonly #ctx: ClientServiceContext;
  readonly #index = new ClientSearch();

  constructor(ctx: ClientServiceContext) {
    this.#ctx = ctx;
  }

  /** Builds the search index from the ledger. */
  async start(): Promise<void> {
    for (const row of store.activeClients(this.#ctx.ledger.db)) this.#index.put(searchEntry(row.id, JSON.parse(row.profile) as StoredProfile));
  }

  async stop(): Promise<void> {}

  add(details: ClientDetails, actor: Actor): { id: string; duplicates: { id: string; name: string }[] } {
    const id = this.#ctx.newId();
    const profile: StoredProfile = { ...details, consents: {}, notes: [] };
    this.#ctx.ledger.write({ action: 'client.added', actor, target: `client:${id}` }, (db) => {
      store.insertClient(db, { id, at: this.#at(), profile: JSON.stringify(profile) });
      return { result: undefined, after: profile as unknown as Json, events: [recorded(id, profile)] };
    });
    this.#index.put(searchEntry(id, profile));
    return { id, duplicates: this.#duplicates(id, profile) };
  }

  update(id: string, details: ClientDetails, actor: Actor): void {
    this.#change(id, 'client.updated', actor, (profile) => ({ ...details, consents: profile.consents, notes: profile.notes }));
  }

  setConsent(id: string, channel: ConsentChannel, granted: boolean, actor: Actor): void {
    const by = actor.staff?.name ?? 'HQ';
    this.#change(id, 'client.consentRecorded', actor, (profile) => ({ ...profile, consents: { ...profile.consents, [channel]: { granted, at: this.#at(), by } } }));
  }

  addNote(id: string, text: string, actor: Actor): void {
    const note = { id: this.#ctx.newId(), at: this.#at(), authorId: actor.staff?.staffId ?? '', authorName: actor.staff?.name ?? 'HQ', text };
    this.#change(id, 'client.noted', actor, (profile) => ({ ...profile, notes: [...profile.notes, note] }));
  }

  addAppointment(id: string, appointment: AppointmentBody, actor: Actor): { appointmentId: string } {
    const appointmentId = this.#ctx.newId();
    this.#ctx.ledger.write({ action: 'client.appointmentBooked', actor, target: `client:${id}` }, (db) => {
      this.#active(db, id);
      if (!findStaffById(db, appointment.staffId)) throw new LoupeError('LOUPE_E_STAFF_NOT_FOUND', { staffId: appointment.staffId });
      const at = new Date(appointment.at).toISOString();
      store.insertAppointment(db, { id: appointmentId, clientId: id, at, staffId: appointment.staffId, purpose: appointment.purpose, pieces: JSON.stringify(appointment.pieces), createdAt: this.#at() });
      const after = { appointmentId, ...appointment, at };
      return { result: undefined, after, events: [{ stream: 'sales', type: 'client.appointment_booked', schemaVersion: 1, businessKey: `client:${id}:appointment:${appointmentId}`, payload: { clientId: id, ...after } }] };
    });
    return { appointmentId };
  }

  /** The identity shown for large cash, checked by the actor now. Its values never go into the audit snapshots. */
  recordIdentity(id: string, body: IdentityBody, actor: Actor): { fields: string[] } {
    const staff = actor.staff ?? { staffId: '', name: 'system' };
    const identity: ClientIdentity = { ...body, verifiedBy: { staffId: staff.staffId, name: staff.name }, verifiedAt: this.#at() };
    const fields = Object.keys(body).sort();
    this.#ctx.ledger.write({ action: 'client.identified', actor, target: `client:${id}` }, (db) => {
      this.#active(db, id);
      store.updateClientIdentity(db, id, JSON.stringify(identity), identity.verifiedAt);
      const after = { fields, verifiedBy: staff.name, verifiedAt: identity.verifiedAt };
      return { result: undefined, after, events: [{ stream: 'sales', type: 'client.identified', schemaVersion: 1, businessKey: `client:${id}:identity`, payload: { clientId: id, ...after } }] };
    });
    return { fields };
  }

  /**
   * The full identity numbers, which every answer otherwise masks: an audited action recording
   * who revealed which numbers of whom, and why (never the values), with an HQ event.
   */
  revealIdentity(id: string, reason: string, actor: Actor): { taxpayerId: string | null; documentNumber: string } {
    return this.#ctx.ledger.write({ action: 'client.identityRevealed', actor, target: `client:${id}`, reason }, (db) => {
      const client = this.#active(db, id);
      if (!client.identity) throw new LoupeError('LOUPE_E_CLIENT_NO_IDENTITY', { clientId: id });
      const identity = JSON.parse(client.identity) as ClientIdentity;
      const fields = identity.taxpayerId ? ['documentNumber', 'taxpayerId'] : ['documentNumber'];
      const after = { fields, revealedBy: actor.staff?.name ?? 'system', reason };
      const revealed = { taxpayerId: identity.taxpayerId ?? null, documentNumber: identity.document.number };
      return { result: revealed, after, events: [{ stream: 'audit', type: 'client.identity_revealed', schemaVersion: 1, businessKey: `client:${id}:reveal:${this.#ctx.newId()}`, payload: { clientId: id, ...after } }] };
    }).result;
  }

  /**
   * Folds `duplicateId` into `keepId`: every sale, return, point, cash payment and appointment
   * moves over; contacts, milestones, wishes, linked people and notes are added to the kept
   * record (its own values win), the latest consent per channel holds. The duplicate stays as a
   * pointer to the kept record.
   */
  merge(keepId: string, duplicateId: string, actor: Actor): void {
    if (keepId === duplicateId) throw new LoupeError('LOUPE_E_CLIENT_MERGE_REFUSED', { reason: 'merge.same_client' });
    let merged: StoredProfile | undefined;
    this.#ctx.ledger.write({ action: 'client.merged', actor, target: `client:${keepId}`, reason: `duplicate client:${duplicateId}` }, (db) => {
      const keep = this.#active(db, keepId);
      const duplicate = this.#active(db, duplicateId);
      const kept = JSON.parse(keep.profile) as StoredProfile;
      const other = JSON.parse(duplicate.profile) as StoredProfile;
      merged = mergeProfiles(kept, other);
      store.moveClientHistory(db, duplicateId, keepId);
      store.markClientMerged(db, duplicateId, keepId, this.#at());
      store.updateClientProfile(db, keepId, JSON.stringify(merged), this.#at());
      if (!keep.identity && duplicate.identity) store.updateClientIdentity(db, keepId, duplicate.identity, this.#at());
      const events: EventDraft[] = [
        recorded(keepId, merged),
        { stream: 'sales', type: 'client.merged', schemaVersion: 1, businessKey: `client:${keepId}:merged:${duplicateId}`, payload: { clientId: keepId, mergedClientId: duplicateId } },
        ...this.#ctx.sales.retier(db, keepId, this.#ctx.now()),
      ];
      return { result: undefined, before: { kept: kept as unknown as Json, duplicate: other as unknown as Json }, after: merged as unknown as Json, events };
    });
    this.#index.remove(duplicateId);
    if (merged) this.#index.put(searchEntry(keepId, merged));
  }

  /**
   * Erases a client on request: personal fields removed everywhere in the ledger (profile,
   * identity, appointments, audit snapshots, outbox payloads), sales kept but no longer linked to
   * anyone, then the file rewritten so no erased byte survives in free pages or the WAL. Refused
   * while a large-cash record must be kept. The erasure itself is audited, and its HQ event
   * carries no personal data.
   */
  erase(id: string, reason: string, actor: Actor): { auditSnapshots: number; outboxEvents: number } {
    const ledger = this.#ctx.ledger;
    let ids: string[] = [];
    const { result } = ledger.write({ action: 'client.erased', actor, target: `client:${id}`, reason }, (db) => {
      this.#active(db, id);
      ids = store.clientAndMerged(db, id);
      const retained = store.form8300Since(db, ids, new Date(this.#ctx.now().getTime() - RETENTION_MS).toISOString());
      if (retained > 0) throw new LoupeError('LOUPE_E_CLIENT_ERASE_RETAINED', { clientId: id, form8300Records: retained });
      const scrubbed = store.eraseClientData(db, ids, this.#at());
      return { result: scrubbed, after: { clientIds: ids, ...scrubbed }, events: [{ stream: 'sales', type: 'client.erased', schemaVersion: 1, businessKey: `client-erasure:${id}`, payload: { clientIds: ids, ...scrubbed } }] };
    });
    for (const erased of ids) this.#index.remove(erased);
    store.purgeErasedBytes(ledger.db);
    return result;
  }

  /** Everything the ledger holds about one client, as JSON (the right of access); the export itself is recorded. */
  exportData(id: string, actor: Actor): Record<string, unknown> {
    const db = this.#ctx.ledger.db;
    const client = this.#active(db, id);
    const ids = store.clientAndMerged(db, id);
    const data = {
      exportedAt: this.#at(),
      client: { id, tier: client.tier, createdAt: client.createdAt, updatedAt: client.updatedAt, mergedClientIds: ids.slice(1) },
      profile: JSON.parse(client.profile) as unknown,
      identity: client.identity ? (JSON.parse(client.identity) as unknown) : null,
      appointments: store.clientAppointments(db, id).map((row) => ({ ...row, pieces: JSON.parse(row.pieces) as unknown })),
      purchases: store.clientSales(db, id).map((sale) => ({ receiptNo: sale.receiptNo, at: sale.at, totalMinor: sale.totalMinor, refundedMinor: sale.refundedMinor, sale: JSON.parse(sale.document) as unknown })),
      returns: store.clientRefunds(db, id),
      points: store.clientPoints(db, id),
      onlineInterest: store.onlineInterest(db, id),
      cashPayments: store.cashPaymentsSince(db, ids, '0000'),
      form8300: store.listForm8300(db).filter((report) => report.clientId === id).map((report) => JSON.parse(report.record) as unknown),
    };
    this.#ctx.ledger.write({ action: 'client.exported', actor, target: `client:${id}` }, () => ({
      result: undefined,
      events: [{ stream: 'sales', type: 'client.exported', schemaVersion: 1, businessKey: `client-export:${id}`, payload: { clientId: id, at: data.exportedAt } }],
    }));
    return data;
  }

  /** The profile as the counter opens it, figures included: the API shows them only to roles with `client.figures` (domain/field-visibility.ts). */
  profile(id: string) {
    const db = this.#ctx.ledger.db;
    const client = this.#active(db, id);
    const profile = JSON.parse(client.profile) as StoredProfile;
    const identity = client.identity ? (JSON.parse(client.identity) as ClientIdentity) : null;
    const sales = store.clientSales(db, id);
    const rules = this.#ctx.sales.tierRules();
    const now = this.#ctx.now();
    const figures = clientFigures(sales.map(({ at, totalMinor, refundedMinor }) => ({ at, totalMinor, refundedMinor })), now, rules);
    const points = pointsBalance(store.clientPoints(db, id), now, this.#ctx.sales.loyalty);
    const viewed = store.onlineInterest(db, id);
    const bought = purchases(sales);
    const { givenName, familyName, consents, notes, ...details } = profile;
    return {
      id,
      name: displayName(profile),
      tier: client.tier,
      details: { givenName, familyName, ...details },
      consents,
      notes,
      appointments: store.clientAppointments(db, id).map((row) => ({ id: row.id, at: row.at, staffId: row.staffId, staffName: row.staffName, purpose: row.purpose, pieces: JSON.parse(row.pieces) as string[] })),
      identity: identity ? { fields: Object.keys(identity).filter((key) => !key.startsWith('verified')).sort(), verifiedBy: identity.verifiedBy.name, verifiedAt: identity.verifiedAt } : null,
      duplicates: this.#duplicates(id, profile),
      points: { balance: points.balance, expiresAt: points.expiresAt },
      figures: { ...figures, toNextTier: toNextTier(figures.rollingSpendMinor, rules) },
      history: clientHistory(db, id, bought),
      wishesInStock: wishesInStock(db, profile),
      onlineInterest: viewed,
      recommendations: recommendationsFor(db, profile, bought, viewed) satisfies Recommendation[],
    };
  }

  search(query: string, limit: number): { id: string; name: string; phone: string | null; email: string | null; tier: Tier }[] {
    const db = this.#ctx.ledger.db;
    return this.#index.search(query, limit).flatMap((hit) => {
      const client = store.findClient(db, hit.clientId);
      if (!client) return [];
      const profile = JSON.parse(client.profile) as StoredProfile;
      return [{ id: client.id, name: displayName(profile), phone: profile.phones[0]?.number ?? null, email: profile.emails[0]?.address ?? null, tier: client.tier }];
    });
  }

  /** Clients whose rolling spend grew by a quarter or more over the window before, or who are within a fifth of the next tier. */
  rising(limit: number) {
    const db = this.#ctx.ledger.db;
    const rules = this.#ctx.sales.tierRules();
    const now = this.#ctx.now();
    const from = windowStart(now, rules);
    const current = store.netSpendByClient(db, from, '9999');
    const previous = store.netSpendByClient(db, windowStart(new Date(from), rules), from);
    const list = [];
    for (const [clientId, spend] of current) {
      const before = previous.get(clientId) ?? 0;
      const next = toNextTier(spend, rules);
      const nearNext = next !== null && next.minor * 5 <= (next.tier === 'vip' ? rules.vipFromMinor : rules.loyalFromMinor);
      if (!(before > 0 && spend * 4 >= before * 5) && !nearNext) continue;
      const client = store.findClient(db, clientId);
      if (!client || client.state !== 'active') continue;
      list.push({ clientId, name: displayName(JSON.parse(client.profile) as StoredProfile), tier: client.tier, rollingSpendMinor: spend, previousSpendMinor: before, nextTier: next?.tier ?? null, toNextTierMinor: next?.minor ?? null });
    }
    return list.sort((a, b) => b.rollingSpendMinor - b.previousSpendMinor - (a.rollingSpendMinor - a.previousSpendMinor)).slice(0, limit);
  }

  /** Appointments on a day of the store's calendar (default today), with the client's name. */
  appointmentsOn(day: string | undefined) {
    const db = this.#ctx.ledger.db;
    const date = day ?? this.#today();
    const zone = this.#ctx.settings.store.timeZone;
    return store.appointmentsBetween(db, dayStart(date, zone).toISOString(), dayStart(nextDay(date), zone).toISOString()).map((row) => {
      const client = store.findClient(db, row.clientId);
      return { id: row.id, at: row.at, clientId: row.clientId, clientName: client ? displayName(JSON.parse(client.profile) as StoredProfile) : '', staffId: row.staffId, staffName: row.staffName, purpose: row.purpose, pieces: JSON.parse(row.pieces) as string[] };
    });
  }

  outreach(channel: ConsentChannel, days: number): OutreachEntry[] {
    const db = this.#ctx.ledger.db;
    const clients = store.activeClients(db).map((row) => ({ row, profile: JSON.parse(row.profile) as StoredProfile }));
    const occasions: OutreachOccasion[] = clients.flatMap(({ row, profile }) =>
      wishesInStock(db, profile).map((piece) => ({ clientId: row.id, reason: 'wish_in_stock' as const, detail: `${piece.description} (${piece.stockNo}) from the wish list is in stock`, date: null })),
    );
    return outreachList(clients.map(({ row, profile }) => contactable(row.id, row.tier, profile)), occasions, channel, this.#today(), days);
  }

  /** Sends the outreach list to HQ for messaging: one event per entry (HQ sends the messages). */
  exportOutreach(channel: ConsentChannel, days: number, actor: Actor): { exported: number } {
    const entries = this.outreach(channel, days);
    if (entries.length === 0) return { exported: 0 };
    const today = this.#today();
    this.#ctx.ledger.write({ action: 'client.outreachExported', actor, target: `outreach:${channel}:${today}` }, () => ({
      result: undefined,
      after: { channel, days, entries: entries.length },
      events: entries.map((entry) => ({ stream: 'sales' as const, type: 'client.outreach_requested', schemaVersion: 1, businessKey: `client:${entry.clientId}:outreach:${entry.reason}:${entry.date ?? today}`, payload: { ...entry } })),
    }));
    return { exported: entries.length };
  }

  form8300s() {
    return store.listForm8300(this.#ctx.ledger.db).map((report) => ({ ...report, record: JSON.parse(report.record) as Record<string, unknown> }));
  }

  markForm8300Filed(id: string, reference: string, actor: Actor): void {
    this.#ctx.ledger.write({ action: 'compliance.form8300Filed', actor, target: `form8300:${id}` }, (db) => {
      const report = store.findForm8300(db, id);
      if (!report) throw new LoupeError('LOUPE_E_CLIENT_FORM_NOT_FOUND', { id });
      const filed = { at: this.#at(), by: actor.staff?.staffId ?? '', reference };
      store.markForm8300Filed(db, id, filed);
      return { result: undefined, after: { reportId: id, reference, filedAt: filed.at }, events: [{ stream: 'cash', type: 'compliance.form8300_filed', schemaVersion: 1, businessKey: `form8300:${id}`, payload: { reportId: id, reference, filedAt: filed.at } }] };
    });
  }

  #change(id: string, action: string, actor: Actor, change: (profile: StoredProfile) => StoredProfile): void {
    let after: StoredProfile | undefined;
    this.#ctx.ledger.write({ action, actor, target: `client:${id}` }, (db) => {
      const before = JSON.parse(this.#active(db, id).profile) as StoredProfile;
      after = change(before);
      store.updateClientProfile(db, id, JSON.stringify(after), this.#at());
      return { result: undefined, before: before as unknown as Json, after: after as unknown as Json, events: [recorded(id, after)] };
    });
    if (after) this.#index.put(searchEntry(id, after));
  }

  #active(db: Db, id: string): store.ClientRow {
    const client = store.findClient(db, id);
    if (!client || client.state !== 'active') throw new LoupeError('LOUPE_E_CLIENT_NOT_FOUND', { clientId: id, mergedInto: client?.mergedInto ?? null });
    return client;
  }

  #duplicates(id: string, profile: StoredProfile): { id: string; name: string }[] {
    const db = this.#ctx.ledger.db;
    return this.#index.duplicatesOf(searchEntry(id, profile)).flatMap((other) => {
      const client = store.findClient(db, other);
      return client ? [{ id: other, name: displayName(JSON.parse(client.profile) as StoredProfile) }] : [];
    });
  }

  #at(): string {
    return this.#ctx.now().toISOString();
  }

  /** Today at the counter, in the store's time zone. */
  #today(): string {
    return localDay(this.#ctx.now(), this.#ctx.settings.store.timeZone);
  }
}

/** The client's record for HQ's client book (messaging): personal data, so keyed `client:<id>`. */
function recorded(id: string, profile: StoredProfile): EventDraft {
  const { notes: _notes, ...shared } = profile;
  return { stream: 'sales', type: 'client.recorded', schemaVersion: 1, businessKey: `client:${id}`, payload: { clientId: id, ...shared } };
}

function mergeProfiles(kept: StoredProfile, other: StoredProfile): StoredProfile {
  const union = <T>(a: readonly T[], b: readonly T[], key: (item: T) => string) => [...a, ...b.filter((item) => !a.some((known) => key(known) === key(item)))];
  const consents = { ...other.consents };
  for (const [channel, consent] of Object.entries(kept.consents) as [ConsentChannel, NonNullable<StoredProfile['consents'][ConsentChannel]>][]) {
    const theirs = consents[channel];
    if (!theirs || theirs.at <= consent.at) consents[channel] = consent;
  }
  return {
    ...kept,
    phones: union(kept.phones, other.phones, (phone) => phoneKey(phone.number)),
    emails: union(kept.emails, other.emails, (email) => normalEmail(email.address)),
    address: kept.address ?? other.address,
    linkedPeople: union(kept.linkedPeople, other.linkedPeople, (person) => `${person.relation}:${person.name}`),
    sizes: kept.sizes.rings.length > 0 || kept.sizes.wrist || kept.sizes.neck ? kept.sizes : other.sizes,
    milestones: union(kept.milestones, other.milestones, (milestone) => `${milestone.kind}:${milestone.month}:${milestone.day}`),
    wishList: union(kept.wishList, other.wishList, (wish) => JSON.stringify(wish)),
    consents,
    notes: [...kept.notes, ...other.notes].sort((a, b) => a.at.localeCompare(b.at)),
  };
}
