/**
 * A client's profile, the facts an associate needs within a second up front: sizes, what she
 * prefers, what is coming up, what she bought last, the notes. Then pieces to show her with the
 * reasons (each addable to the sale), her figures when the role may see them, contacts with the
 * consent per channel. Upcoming appointments are among what is coming up. Emits `pos-add` with a stock number, `pos-cart` when she is
 * attached to the sale, and `pos-client-open` with null to go back.
 */
import { html, LitElement, css, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-problem.ts';
import { milestoneWords, sizeWords } from '../components/pos-client-panel.ts';
import { addNote, attachClient, CHANNELS, clientProfile, setConsent, upcomingMilestones, type Channel, type Profile } from '../data/clients.ts';
import { openCart, type Cart } from '../data/sales.ts';
import { dateTime, money, storeDay, timeOfDay, wholeNumber } from '../format.ts';
import { t } from '../i18n/translate.ts';

/** How many purchases the profile lists before "and N more". */
const PURCHASES_SHOWN = 4;

@customElement('pos-client-profile')
export class PosClientProfile extends LitElement {
  @property() clientId = '';
  @property({ attribute: false }) cart: Cart | null = null;
  @state() private _profile: Profile | null = null;
  @state() private _note = '';
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; height: 100%; min-height: 0; }
      header { display: flex; gap: 10px; align-items: center; padding: 8px 12px; background: var(--paper); border-bottom: 1px solid var(--line); flex-wrap: wrap; }
      h1 { font-size: 1.7rem; }
      .tier { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--gold); font-weight: 700; }
      .body { overflow: auto; padding: 10px 12px; display: grid; grid-template-columns: repeat(auto-fill, minmax(310px, 1fr)); gap: 10px; align-content: start; }
      .card { padding: 10px 14px; display: flex; flex-direction: column; gap: 6px; min-width: 0; }
      .glance { background: var(--gold-soft); border-color: var(--gold); }
      h2 { font-size: 1.25rem; }
      dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0; }
      dt { color: var(--muted); font-size: 0.9rem; }
      dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
      dd > div + div { margin-top: 3px; }
      ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
      li { border-bottom: 1px dashed var(--line); padding-bottom: 6px; }
      li:last-child { border-bottom: 0; }
      .sub { font-size: 0.85rem; color: var(--muted); }
      .reco { display: grid; grid-template-columns: 1fr auto; gap: 8px; align-items: center; }
      .reasons { font-size: 0.85rem; color: var(--ink-soft); }
      .consents { display: flex; flex-wrap: wrap; gap: 6px; }
      .consents button { padding: 0 12px; font-size: 0.9rem; }
      form { display: flex; gap: 8px; }
      form input { flex: 1; min-width: 0; }
      .empty { color: var(--muted); }
      .figures dd { font-weight: 600; text-align: right; }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('clientId') && this.clientId && this.clientId !== this._profile?.id) void this.#load();
  }

  async #load(): Promise<void> {
    try {
      this._profile = await clientProfile(this.clientId);
      this._error = null;
    } catch (error) {
      this._error = error;
    }
  }

  async #run(action: () => Promise<void>): Promise<void> {
    this._error = null;
    this._busy = true;
    try {
      await action();
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  }

  #emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #attach(): Promise<void> {
    return this.#run(async () => {
      const cart = this.cart ?? (await openCart());
      if (!this.cart) this.#emit('pos-cart', cart);
      this.#emit('pos-cart', await attachClient(cart.id, this.clientId));
    });
  }

  #consent(channel: Channel, granted: boolean): Promise<void> {
    return this.#run(async () => {
      await setConsent(this.clientId, channel, granted);
      await this.#load();
    });
  }

  #addNote(event: Event): Promise<void> {
    event.preventDefault();
    const text = this._note.trim();
    if (!text) return Promise.resolve();
    return this.#run(async () => {
      await addNote(this.clientId, text);
      this._note = '';
      await this.#load();
    });
  }

  override render() {
    const profile = this._profile;
    const attached = Boolean(profile && this.cart?.clientId === profile.id);
    return html`
      <header>
        <button @click=${() => this.#emit('pos-client-open', null)}>${t('common.back')}</button>
        <h1 class="grow">${profile?.name ?? ''}</h1>
        ${profile ? html`<span class="tier">${t(`clients.tier.${profile.tier}`)}</span><span>${t('clients.points', { points: wholeNumber(profile.points.balance) })}</span>` : ''}
        <button class=${attached ? '' : 'primary'} ?disabled=${!profile || attached || this._busy} @click=${() => void this.#attach()}>${attached ? t('clients.attached') : t('clients.attachThis')}</button>
      </header>
      <pos-problem .error=${this._error}></pos-problem>
      ${profile ? html`<div class="body">${this.#glance(profile)}${this.#purchases(profile)}${this.#notes(profile)}${this.#recommendations(profile)}${this.#figures(profile)}${this.#contacts(profile)}</div>` : ''}
    `;
  }

  #glance(profile: Profile) {
    const details = profile.details;
    const prefs = details.preferences;
    const liked = [...prefs.metals, ...prefs.colours, ...prefs.stones, ...prefs.collections, ...prefs.designers, ...prefs.styles];
    const today = storeDay(new Date());
    const coming = upcomingMilestones(details.milestones, today);
    const sizes = sizeWords(details);
    const now = new Date().toISOString();
    const appointments = profile.appointments.filter((appointment) => appointment.at >= now).sort((a, b) => a.at.localeCompare(b.at));
    return html`<section class="card glance" aria-label=${t('clients.glance')}>
      <h2>${t('clients.glance')}</h2>
      <dl>
        <dt>${t('clients.sizes')}</dt><dd data-fact="sizes">${sizes.length > 0 ? sizes.map((size) => html`<div>${size}</div>`) : '—'}</dd>
        <dt>${t('clients.prefers')}</dt><dd data-fact="prefers">${liked.length > 0 ? liked.join(', ') : '—'}</dd>
        ${prefs.budget ? html`<dt>${t('clients.budget')}</dt><dd>${money(prefs.budget.minMinor)} – ${money(prefs.budget.maxMinor)}</dd>` : ''}
        <dt>${t('clients.comingUp')}</dt><dd data-fact="milestones">
          ${appointments.slice(0, 2).map((appointment) => html`<div>${t('clients.appointmentOn', { when: storeDay(new Date(appointment.at)) === today ? t('clients.todayAt', { time: timeOfDay(appointment.at) }) : dateTime(appointment.at), purpose: appointment.purpose })}</div>`)}
          ${coming.slice(0, 3).map((milestone) => html`<div>${milestoneWords(milestone)}</div>`)}
          ${coming.length === 0 && appointments.length === 0 ? '—' : ''}
        </dd>
        ${details.linkedPeople.length > 0 ? html`<dt>${t('clients.people')}</dt><dd>${details.linkedPeople.map((person) => `${person.name} (${t(`clients.relation.${person.relation}`)})`).join(', ')}</dd>` : ''}
      </dl>
    </section>`;
  }

  #purchases(profile: Profile) {
    const purchases = [...profile.history.purchases].sort((a, b) => b.at.localeCompare(a.at));
    const more = purchases.length - PURCHASES_SHOWN;
    return html`<section class="card" aria-label=${t('clients.lastPurchases')}>
      <h2>${t('clients.lastPurchases')}</h2>
      ${purchases.length === 0 ? html`<p class="empty">${t('clients.noPurchases')}</p>` : ''}
      <ul>
        ${purchases.slice(0, PURCHASES_SHOWN).map(
          (purchase) => html`<li><div>${purchase.lines.map((line) => line.description).join(', ')}</div>
            <div class="sub">${dateTime(purchase.at)} · ${purchase.receiptNo}${purchase.totalMinor !== null ? ` · ${money(purchase.totalMinor)}` : ''}${purchase.refundedMinor ? ` · ${t('clients.refunded', { amount: money(purchase.refundedMinor) })}` : ''}</div></li>`,
        )}
      </ul>
      ${more > 0 ? html`<p class="sub">${t('clients.morePurchases', { count: more })}</p>` : ''}
    </section>`;
  }

  #notes(profile: Profile) {
    return html`<section class="card" aria-label=${t('clients.notes')}>
      <h2>${t('clients.notes')}</h2>
      <ul>${[...profile.notes].reverse().map((note) => html`<li><div>${note.text}</div><div class="sub">${note.authorName} · ${dateTime(note.at)}</div></li>`)}</ul>
      ${profile.notes.length === 0 ? html`<p class="empty">${t('clients.noNotes')}</p>` : ''}
      <form @submit=${(event: Event) => void this.#addNote(event)}>
        <input aria-label=${t('clients.noteLabel')} placeholder=${t('clients.notePlaceholder')} .value=${this._note} @input=${(event: InputEvent) => (this._note = (event.target as HTMLInputElement).value)} />
        <button type="submit" ?disabled=${this._busy || !this._note.trim()}>${t('clients.addNote')}</button>
      </form>
    </section>`;
  }

  #recommendations(profile: Profile) {
    const wishes = profile.wishesInStock;
    return html`<section class="card" aria-label=${t('clients.toShow')}>
      <h2>${t('clients.toShow')}</h2>
      ${profile.recommendations.length === 0 && wishes.length === 0 ? html`<p class="empty">${t('clients.noRecommendations')}</p>` : ''}
      <ul>
        ${wishes.map((piece) => this.#pieceRow(piece.stockNo, piece.description, null, [t('clients.onWishList')]))}
        ${profile.recommendations.map((piece) => this.#pieceRow(piece.stockNo, piece.description, piece.retailMinor, piece.reasons))}
      </ul>
    </section>`;
  }

  #pieceRow(stockNo: string, description: string, retailMinor: number | null, reasons: string[]) {
    return html`<li class="reco" data-stock-no=${stockNo}>
      <span><div>${description}</div><div class="sub">${stockNo}${retailMinor !== null ? html` · <span class="amount">${money(retailMinor)}</span>` : ''}</div><div class="reasons">${reasons.join(' · ')}</div></span>
      <button aria-label=${t('clients.addPiece', { piece: description })} @click=${() => this.#emit('pos-add', stockNo)}>${t('sale.add')}</button>
    </li>`;
  }

  #figures(profile: Profile) {
    const figures = profile.figures;
    if (!figures) return '';
    return html`<section class="card figures" aria-label=${t('clients.figures')}>
      <h2>${t('clients.figures')}</h2>
      <dl>
        <dt>${t('clients.lifetimeValue')}</dt><dd class="amount">${money(figures.lifetimeValueMinor)}</dd>
        <dt>${t('clients.rollingSpend')}</dt><dd class="amount">${money(figures.rollingSpendMinor)}</dd>
        <dt>${t('clients.visits')}</dt><dd>${wholeNumber(figures.visits)}</dd>
        <dt>${t('clients.averageTicket')}</dt><dd class="amount">${money(figures.averageTicketMinor)}</dd>
        <dt>${t('clients.lastPurchase')}</dt><dd>${figures.lastPurchaseAt ? dateTime(figures.lastPurchaseAt) : '—'}</dd>
        <dt>${t('clients.trend')}</dt><dd>${t(`clients.trend.${figures.trend}`)}</dd>
        ${figures.toNextTier ? html`<dt>${t('clients.nextTier')}</dt><dd>${t('clients.toNextTier', { amount: money(figures.toNextTier.minor), tier: t(`clients.tier.${figures.toNextTier.tier}`) })}</dd>` : ''}
      </dl>
    </section>`;
  }

  #contacts(profile: Profile) {
    const details = profile.details;
    return html`<section class="card" aria-label=${t('clients.contacts')}>
      <h2>${t('clients.contacts')}</h2>
      <dl>
        ${details.phones.map((phone) => html`<dt>${t('clients.phone')}</dt><dd>${phone.number}</dd>`)}
        ${details.emails.map((email) => html`<dt>${t('clients.email')}</dt><dd>${email.address}</dd>`)}
        ${details.address ? html`<dt>${t('clients.address')}</dt><dd>${[...details.address.lines, details.address.city].join(', ')}</dd>` : ''}
      </dl>
      <div class="sub">${t('clients.consentHint')}</div>
      <div class="consents" role="group" aria-label=${t('clients.consent')}>
        ${CHANNELS.map((channel) => {
          const granted = profile.consents[channel]?.granted === true;
          return html`<button aria-pressed=${String(granted)} ?disabled=${this._busy} @click=${() => void this.#consent(channel, !granted)}>${t(`clients.channel.${channel}`)}</button>`;
        })}
      </div>
    </section>`;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'pos-client-profile': PosClientProfile;
  }
}
