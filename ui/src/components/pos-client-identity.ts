/**
 * When the appliance refuses cash because the client's identity is needed (large cash: Form 8300,
 * or the EU due diligence), this leads the clerk through it beside the refusal: find and attach the
 * client if the sale has none, then record the document shown and the fields the refusal lists
 * (a senior may; anyone else with a manager's PIN). Emits `pos-cart` when a client is attached and
 * `pos-identity-recorded` once the appliance has the identity, so the cash can be taken again.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-client-finder.ts';
import './pos-client-form.ts';
import './pos-dialog.ts';
import './pos-problem.ts';
import { isApiError } from '../data/api.ts';
import { withApproval } from '../data/approval.ts';
import { attachClient, recordIdentity, type Identity } from '../data/clients.ts';
import type { Cart } from '../data/sales.ts';
import { storeLocale } from '../format.ts';
import { t } from '../i18n/translate.ts';

export const IDENTITY_REFUSAL = 'LOUPE_E_CASH_IDENTITY_REQUIRED';
const DOCUMENTS: readonly Identity['document']['kind'][] = ['passport', 'driver_licence', 'national_id', 'residence_permit', 'other_government_id'];
type Field = 'issuer' | 'number' | 'dateOfBirth' | 'taxpayerId' | 'occupation' | 'placeOfBirth' | 'nationality' | 'street' | 'city' | 'postalCode' | 'country';
/** The optional fields of the identity body, shown only when the refusal lists them. */
const ASKED_FOR: Partial<Record<Field, string>> = { taxpayerId: 'client.taxpayerId', occupation: 'client.occupation', placeOfBirth: 'client.placeOfBirth', nationality: 'client.nationality' };

@customElement('pos-client-identity')
export class PosClientIdentity extends LitElement {
  @property({ attribute: false }) cart: Cart | null = null;
  /** What the last tender attempt threw: only the identity refusal shows anything here. */
  @property({ attribute: false }) error: unknown = null;
  @state() private _step: 'find' | 'new' | 'identity' | null = null;
  @state() private _kind: Identity['document']['kind'] = 'passport';
  @state() private _values: Record<Field, string> = { issuer: '', number: '', dateOfBirth: '', taxpayerId: '', occupation: '', placeOfBirth: '', nationality: '', street: '', city: '', postalCode: '', country: storeLocale().split('-')[1] ?? '' };
  @state() private _busy = false;
  @state() private _dialogError: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: block; }
      .lead { width: 100%; margin-top: 6px; }
      form { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 12px; }
      label { display: flex; flex-direction: column; gap: 2px; font-size: 0.85rem; color: var(--muted); }
      input { width: 100%; color: var(--ink); }
      .wide { grid-column: 1 / -1; }
      .kinds { display: flex; flex-wrap: wrap; gap: 6px; }
      .kinds button { padding: 0 12px; font-size: 0.9rem; }
      .actions { display: flex; justify-content: flex-end; }
      p { margin: 0 0 8px; }
    `,
  ];

  get #missing(): string[] {
    return isApiError(this.error) && Array.isArray(this.error.details.missing) ? (this.error.details.missing as string[]) : [];
  }

  #start(): void {
    this._dialogError = null;
    this._step = this.cart?.clientId ? 'identity' : 'find';
  }

  async #attach(clientId: string): Promise<void> {
    this._dialogError = null;
    try {
      const cart = this.cart as Cart;
      this.dispatchEvent(new CustomEvent('pos-cart', { detail: await attachClient(cart.id, clientId), bubbles: true, composed: true }));
      this._step = 'identity';
    } catch (error) {
      this._dialogError = error;
    }
  }

  #identity(): Identity {
    const v = Object.fromEntries(Object.entries(this._values).map(([key, value]) => [key, value.trim()])) as Record<Field, string>;
    const optional = Object.fromEntries((['taxpayerId', 'occupation', 'placeOfBirth'] as const).filter((field) => v[field]).map((field) => [field, v[field]]));
    return {
      document: { kind: this._kind, issuer: v.issuer, number: v.number },
      dateOfBirth: v.dateOfBirth,
      ...optional,
      ...(v.nationality ? { nationality: v.nationality.toUpperCase() } : {}),
      ...(v.street && v.city ? { address: { lines: [v.street], city: v.city, ...(v.postalCode ? { postalCode: v.postalCode } : {}), country: v.country.toUpperCase() } } : {}),
    };
  }

  async #save(event: Event): Promise<void> {
    event.preventDefault();
    const clientId = this.cart?.clientId;
    if (!clientId) return;
    this._dialogError = null;
    this._busy = true;
    try {
      const identity = this.#identity();
      await withApproval((approval) => recordIdentity(clientId, identity, approval));
      this._step = null;
      this.dispatchEvent(new CustomEvent('pos-identity-recorded', { bubbles: true, composed: true }));
    } catch (error) {
      this._dialogError = error;
    } finally {
      this._busy = false;
    }
  }

  #field(field: Field, type = 'text', required = false) {
    return html`<label>${t(`clients.id.${field}`)}<input type=${type} ?required=${required} autocomplete="off" .value=${this._values[field]} @input=${(event: InputEvent) => (this._values = { ...this._values, [field]: (event.target as HTMLInputElement).value })} /></label>`;
  }

  override render() {
    if (!isApiError(this.error) || this.error.code !== IDENTITY_REFUSAL) return html``;
    const close = () => (this._step = null);
    return html`
      <button class="primary lead" @click=${() => this.#start()}>${this.cart?.clientId ? t('clients.id.record') : t('clients.id.findClient')}</button>
      ${this._step === 'find'
        ? html`<pos-dialog heading=${t('clients.id.whoPays')} @pos-close=${close}>
            <pos-problem .error=${this._dialogError}></pos-problem>
            <pos-client-finder canAdd @pos-client-chosen=${(event: CustomEvent<string>) => void this.#attach(event.detail)} @pos-client-new=${() => (this._step = 'new')}></pos-client-finder>
          </pos-dialog>`
        : ''}
      ${this._step === 'new' ? html`<pos-client-form @pos-close=${close} @pos-client-added=${(event: CustomEvent<string>) => void this.#attach(event.detail)}></pos-client-form>` : ''}
      ${this._step === 'identity' ? this.#renderIdentity(close) : ''}
    `;
  }

  #renderIdentity(close: () => void) {
    const missing = this.#missing;
    const asked = (field: Field) => missing.includes(ASKED_FOR[field] ?? '');
    return html`<pos-dialog heading=${t('clients.id.title')} width="760px" @pos-close=${close}>
      <p>${t('clients.id.explain')}</p>
      <form @submit=${(event: Event) => void this.#save(event)}>
        <div class="kinds wide" role="group" aria-label=${t('clients.id.document')}>
          ${DOCUMENTS.map((kind) => html`<button type="button" aria-pressed=${String(this._kind === kind)} @click=${() => (this._kind = kind)}>${t(`clients.id.kind.${kind}`)}</button>`)}
        </div>
        ${this.#field('issuer', 'text', true)} ${this.#field('number', 'text', true)}
        ${this.#field('dateOfBirth', 'date', true)}
        ${(['taxpayerId', 'occupation', 'placeOfBirth', 'nationality'] as const).filter(asked).map((field) => this.#field(field, 'text', true))}
        ${missing.includes('client.address') ? html`<div class="wide">${this.#field('street')}</div>${this.#field('city')}${this.#field('postalCode')}${this.#field('country')}` : ''}
        <pos-problem class="wide" .error=${this._dialogError}></pos-problem>
        <div class="actions wide"><button class="primary" type="submit" ?disabled=${this._busy}>${t('clients.id.save')}</button></div>
      </form>
    </pos-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-client-identity': PosClientIdentity;
  }
}
