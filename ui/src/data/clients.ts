/**
 * The client book: search, profiles, new clients, consents, notes, appointments, outreach, identity
 * for large cash, and the client of the open sale. Also the one rule the screen works out itself:
 * when a client's milestones next fall (the profile sends month and day, as the client said them).
 */
import type { Static } from 'typebox';
import type { Added, Appointment as AppointmentSchema, ClientDetails, ClientProfile, ClientSummary, IdentityBody, OutreachEntry } from '../../../runtime/src/wire/clients.ts';
import { call } from './api.ts';
import type { Cart } from './sales.ts';

export type ClientCard = Static<typeof ClientSummary>;
export type Profile = Static<typeof ClientProfile>;
export type Details = ClientDetails;
export type Outreach = Static<typeof OutreachEntry>;
export type Appointment = Static<typeof AppointmentSchema>;
export type Identity = IdentityBody;
export type Channel = Outreach['channel'];

export const CHANNELS: readonly Channel[] = ['email', 'sms', 'phone', 'mail', 'whatsapp'];
const clients = '/api/v1/clients';
const one = (id: string) => `${clients}/${encodeURIComponent(id)}`;

export const findClients = (q: string, limit = 12) => call<ClientCard[]>('GET', `${clients}?${new URLSearchParams({ q, limit: String(limit) })}`);
export const addClient = (details: Details) => call<Static<typeof Added>>('POST', clients, details);
export const clientProfile = (id: string) => call<Profile>('GET', one(id));
export const setConsent = (id: string, channel: Channel, granted: boolean) => call<void>('PUT', `${one(id)}/consents`, { channel, granted });
export const addNote = (id: string, text: string) => call<void>('POST', `${one(id)}/notes`, { text });
export const recordIdentity = (id: string, identity: Identity, approval?: string) => call<{ fields: string[] }>('PUT', `${one(id)}/identity`, identity, approval);
export const appointmentsToday = () => call<Appointment[]>('GET', `${clients}/appointments`);
export const outreachList = (channel: Channel, days: number) => call<Outreach[]>('GET', `${clients}/outreach?${new URLSearchParams({ channel, days: String(days) })}`);
export const attachClient = (cartId: string, clientId: string | null) => call<Cart>('PUT', `/api/v1/sales/carts/${encodeURIComponent(cartId)}/client`, { clientId });

export interface Upcoming {
  kind: Details['milestones'][number]['kind'];
  label: string | null;
  /** YYYY-MM-DD */
  date: string;
  days: number;
  /** Years it marks on that day, when the client gave the year. */
  years: number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The milestones still to come from `today` (YYYY-MM-DD, the store's day), soonest first. A
 * recurring one falls again next year once passed; 29 February falls on the 28th in other years,
 * as the appliance's outreach counts it.
 */
export function upcomingMilestones(milestones: Details['milestones'], today: string): Upcoming[] {
  const thisYear = Number(today.slice(0, 4));
  const upcoming: Upcoming[] = [];
  for (const milestone of milestones) {
    const on = (year: number) => `${year}-${pad(milestone.month)}-${pad(Math.min(milestone.day, new Date(Date.UTC(year, milestone.month, 0)).getUTCDate()))}`;
    let date: string | null;
    if (milestone.recurring) date = on(thisYear) >= today ? on(thisYear) : on(thisYear + 1);
    else date = milestone.year !== undefined && on(milestone.year) >= today ? on(milestone.year) : null;
    if (!date) continue;
    const days = Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
    const years = milestone.recurring && milestone.year !== undefined ? Number(date.slice(0, 4)) - milestone.year : null;
    upcoming.push({ kind: milestone.kind, label: milestone.label ?? null, date, days, years });
  }
  return upcoming.sort((a, b) => a.days - b.days);
}
export const exportOutreach = (channel: Channel, days: number) => call<{ exported: number }>('POST', `${clients}/outreach/export`, { channel, days });
