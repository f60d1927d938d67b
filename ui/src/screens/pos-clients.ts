/**
 * The Clients screen: find a client (or add one), today's appointments, the outreach list, and a
 * client's profile when one is open. The open client is the shell's (`clientId`), so the sale's
 * client panel can open a profile here; picking a client emits `pos-client-open` with her id.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-client-finder.ts';
import '../components/pos-client-form.ts';
import './pos-client-appointments.ts';
import './pos-client-outreach.ts';
import './pos-client-profile.ts';
import type { Cart } from '../data/sales.ts';
import { t } from '../i18n/translate.ts';

type Tab = 'find' | 'today' | 'outreach';

@customElement('pos-clients')
export class PosClients extends LitElement {
  @property() clientId: string | null = null;
  @property({ attribute: false }) cart: Cart | null = null;
  /** Whether the role may see the outreach list (client.outreach). */
  @property({ type: Boolean }) canOutreach = false;
  @state() private _tab: Tab = 'find';
  @state() private _adding = false;

  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; height: 100%; min-height: 0; }
      .tabs { display: flex; gap: 6px; padding: 8px 12px; background: var(--paper); border-bottom: 1px solid var(--line); }
      .tabs .new { margin-left: auto; }
      .pane { flex: 1; min-height: 0; display: flex; flex-direction: column; }
      .pane > * { flex: 1; min-height: 0; }
      pos-client-finder { padding: 10px 12px; }
    `,
  ];

  #open(id: string | null): void {
    this.dispatchEvent(new CustomEvent('pos-client-open', { detail: id, bubbles: true, composed: true }));
  }

  override render() {
    if (this.clientId) return html`<pos-client-profile clientId=${this.clientId} .cart=${this.cart}></pos-client-profile>`;
    const tabs: Tab[] = this.canOutreach ? ['find', 'today', 'outreach'] : ['find', 'today'];
    return html`
      <div class="tabs" role="group" aria-label=${t('clients.title')}>
        ${tabs.map((tab) => html`<button aria-pressed=${String(this._tab === tab)} @click=${() => (this._tab = tab)}>${t(`clients.tab.${tab}`)}</button>`)}
        <button class="new" @click=${() => (this._adding = true)}>${t('clients.new')}</button>
      </div>
      <div class="pane" @pos-client-chosen=${(event: CustomEvent<string>) => this.#open(event.detail)}>
        ${this._tab === 'find' ? html`<pos-client-finder></pos-client-finder>` : this._tab === 'today' ? html`<pos-client-appointments></pos-client-appointments>` : html`<pos-client-outreach></pos-client-outreach>`}
      </div>
      ${this._adding ? html`<pos-client-form @pos-close=${() => (this._adding = false)} @pos-client-added=${(event: CustomEvent<string>) => ((this._adding = false), this.#open(event.detail))}></pos-client-form>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-clients': PosClients;
  }
}
