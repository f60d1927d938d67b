/**
 * Find a client as the clerk types (hardware keyboard) — name, phone or email, typos forgiven by
 * the appliance — and pick one with a tap. Emits `pos-client-chosen` with the client's id, and
 * `pos-client-new` when the clerk asks to add a client instead.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-problem.ts';
import { findClients, type ClientCard } from '../data/clients.ts';
import { t } from '../i18n/translate.ts';

/** Wait this long after the last key before asking the appliance, so a name typed fast is one search. */
export const SEARCH_DELAY_MS = 250;

@customElement('pos-client-finder')
export class PosClientFinder extends LitElement {
  /** Whether to offer "New client" under the results. */
  @property({ type: Boolean }) canAdd = false;
  @state() private _query = '';
  @state() private _found: ClientCard[] | null = null;
  @state() private _error: unknown = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Only the answer to the latest query is shown. */
  #asked = 0;

  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; gap: 8px; min-height: 0; }
      input { width: 100%; font-size: 1.1rem; }
      ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; overflow: auto; }
      li button { width: 100%; display: grid; grid-template-columns: 1fr auto; align-items: center; gap: 10px; text-align: left; min-height: 60px; padding: 6px 14px; }
      .name { font-weight: 600; }
      .contact { font-size: 0.85rem; color: var(--muted); overflow-wrap: anywhere; }
      .tier { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.06em; color: var(--gold); font-weight: 600; }
      .none { color: var(--muted); margin: 4px 0; }
    `,
  ];

  override disconnectedCallback(): void {
    clearTimeout(this.#timer);
    super.disconnectedCallback();
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  #typed(query: string): void {
    this._query = query;
    clearTimeout(this.#timer);
    if (!query.trim()) {
      this._found = null;
      return;
    }
    this.#timer = setTimeout(() => void this.#search(query.trim()), SEARCH_DELAY_MS);
  }

  async #search(query: string): Promise<void> {
    const asked = ++this.#asked;
    try {
      const found = await findClients(query);
      if (asked !== this.#asked) return;
      this._found = found;
      this._error = null;
    } catch (error) {
      if (asked === this.#asked) this._error = error;
    }
  }

  #emit(name: string, detail?: string): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  override render() {
    const found = this._found;
    return html`
      <input type="search" aria-label=${t('clients.searchLabel')} placeholder=${t('clients.searchPlaceholder')} autocomplete="off" .value=${this._query} @input=${(event: InputEvent) => this.#typed((event.target as HTMLInputElement).value)} />
      <pos-problem .error=${this._error}></pos-problem>
      <div role="status" class="none">${found === null ? t('clients.searchHint') : found.length === 0 ? t('clients.noneFound') : t('clients.found', { count: found.length })}</div>
      <ul aria-label=${t('clients.results')}>
        ${(found ?? []).map(
          (client) => html`<li><button data-client-id=${client.id} @click=${() => this.#emit('pos-client-chosen', client.id)}>
            <span><div class="name">${client.name}</div><div class="contact">${[client.phone, client.email].filter(Boolean).join(' · ') || t('clients.noContact')}</div></span>
            <span class="tier">${t(`clients.tier.${client.tier}`)}</span>
          </button></li>`,
        )}
      </ul>
      ${this.canAdd ? html`<button @click=${() => this.#emit('pos-client-new')}>${t('clients.new')}</button>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-client-finder': PosClientFinder;
  }
}
