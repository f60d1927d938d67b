/**
 * The client of the open sale, beside the cart: who it is for at a glance (tier, points, ring size,
 * the next milestone), a tap to open the profile, and finding and attaching a client — opening a
 * sale first when none is open — or taking the client off. Emits `pos-cart` with the sale as it
 * now stands and `pos-client-open` with a client's id.
 */
import { html, LitElement, css, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-client-finder.ts';
import './pos-client-form.ts';
import './pos-dialog.ts';
import './pos-problem.ts';
import { attachClient, clientProfile, upcomingMilestones, type Profile, type Upcoming } from '../data/clients.ts';
import { openCart, type Cart } from '../data/sales.ts';
import { calendarDay, storeDay, wholeNumber } from '../format.ts';
import { t } from '../i18n/translate.ts';

/** Each size known, in words: "Ring 6½ (left ring)", "Wrist 16.5 cm". */
export function sizeWords(details: Profile['details']): string[] {
  const parts = details.sizes.rings.map((ring) => t('clients.ringSize', { size: ring.size, finger: ring.finger }));
  if (details.sizes.wrist) parts.push(t('clients.wristSize', { size: details.sizes.wrist }));
  if (details.sizes.neck) parts.push(t('clients.neckSize', { size: details.sizes.neck }));
  return parts;
}

/** "Anniversary in 12 days (Dec 6), 12 years", "Birthday today"; `short`: "Anniversary in 12 days". */
export function milestoneWords(milestone: Upcoming, short = false): string {
  const what = milestone.kind === 'other' ? (milestone.label ?? t('clients.milestone.other')) : t(`clients.milestone.${milestone.kind}`);
  const date = calendarDay(milestone.date, false);
  const when = milestone.days === 0 ? t('clients.today') : milestone.days === 1 ? t('clients.tomorrow') : short ? t('clients.inDaysShort', { days: milestone.days }) : t('clients.inDays', { days: milestone.days, date });
  return milestone.years && !short ? t('clients.milestoneYears', { what, when, years: milestone.years }) : t('clients.milestoneWhen', { what, when });
}

@customElement('pos-client-panel')
export class PosClientPanel extends LitElement {
  @property({ attribute: false }) cart: Cart | null = null;
  @state() private _profile: Profile | null = null;
  @state() private _dialog: 'find' | 'new' | null = null;
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: block; }
      .strip { display: flex; gap: 8px; align-items: stretch; }
      .who { flex: 1; min-width: 0; display: flex; flex-direction: column; align-items: flex-start; justify-content: center; gap: 1px; text-align: left; padding: 4px 12px; min-height: 56px; background: var(--gold-soft); border-color: var(--gold); }
      .line1 { display: flex; gap: 8px; align-items: baseline; max-width: 100%; }
      .name { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
      .tier { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--gold); font-weight: 700; }
      .glance { font-size: 0.85rem; color: var(--ink-soft); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 100%; }
      .facts { font-size: 0.85rem; color: var(--ink-soft); display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
      .none { flex: 1; display: flex; align-items: center; color: var(--muted); padding-left: 4px; }
      pos-problem { margin-top: 6px; }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('cart')) return;
    const clientId = this.cart?.clientId ?? null;
    if (clientId === null) this._profile = null;
    else if (clientId !== this._profile?.id) void this.#load(clientId);
  }

  async #load(clientId: string): Promise<void> {
    try {
      const profile = await clientProfile(clientId);
      if (this.cart?.clientId === clientId) this._profile = profile;
    } catch (error) {
      this._error = error;
    }
  }

  #emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  async #attach(clientId: string | null): Promise<void> {
    this._error = null;
    this._busy = true;
    try {
      const cart = this.cart ?? (await openCart());
      if (!this.cart) this.#emit('pos-cart', cart);
      this.#emit('pos-cart', await attachClient(cart.id, clientId));
      this._dialog = null;
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const profile = this._profile;
    return html`
      <section class="strip" aria-label=${t('clients.panel')}>
        ${profile ? this.#renderClient(profile) : html`<span class="none">${this.cart?.clientId ? t('clients.loading') : t('clients.noClient')}</span>`}
        ${this.cart?.clientId
          ? html`<button ?disabled=${this._busy} @click=${() => void this.#attach(null)}>${t('clients.detach')}</button>`
          : html`<button class="primary" ?disabled=${this._busy} @click=${() => (this._dialog = 'find')}>${t('clients.attach')}</button>`}
      </section>
      ${this._error ? html`<pos-problem .error=${this._error}></pos-problem>` : ''}
      ${this._dialog === 'find'
        ? html`<pos-dialog heading=${t('clients.findTitle')} @pos-close=${() => (this._dialog = null)}>
            <pos-client-finder canAdd @pos-client-chosen=${(event: CustomEvent<string>) => void this.#attach(event.detail)} @pos-client-new=${() => (this._dialog = 'new')}></pos-client-finder>
          </pos-dialog>`
        : ''}
      ${this._dialog === 'new' ? html`<pos-client-form @pos-close=${() => (this._dialog = null)} @pos-client-added=${(event: CustomEvent<string>) => void this.#attach(event.detail)}></pos-client-form>` : ''}
    `;
  }

  #renderClient(profile: Profile) {
    const next = upcomingMilestones(profile.details.milestones, storeDay(new Date()))[0];
    // The strip is narrow on the 800 px panel: ring sizes without the finger, the milestone without
    // its date, then what she prefers, cut short where the panel ends.
    const rings = profile.details.sizes.rings.map((ring) => t('clients.ringShort', { size: ring.size }));
    const prefs = profile.details.preferences;
    const liked = [...prefs.metals, ...prefs.collections, ...prefs.stones];
    const glance = [...rings, next ? milestoneWords(next, true) : null, liked.length > 0 ? t('clients.prefersShort', { liked: liked.join(', ') }) : null].filter(Boolean).join(' · ');
    return html`<button class="who" data-client-id=${profile.id} @click=${() => this.#emit('pos-client-open', profile.id)}>
      <span class="line1"><span class="name">${profile.name}</span><span class="tier">${t(`clients.tier.${profile.tier}`)}</span><span class="glance">${t('clients.points', { points: wholeNumber(profile.points.balance) })}</span></span>
      <span class="facts">${glance || t('clients.noSizes')}</span>
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-client-panel': PosClientPanel;
  }
}
