/**
 * A new client: names, a phone, an email and a ring size, typed on the counter's hardware keyboard
 * (the kiosk has no on-screen one), everything else tapped. When the appliance finds clients with
 * the same phone or email, the clerk picks the one already known or keeps the new one. Emits
 * `pos-client-added` with the id to use, and `pos-close`.
 */
import { html, LitElement, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-dialog.ts';
import './pos-problem.ts';
import { ApiError, isApiError } from '../data/api.ts';
import { addClient, type Details } from '../data/clients.ts';
import { t } from '../i18n/translate.ts';

const FINGERS = ['clients.form.leftRing', 'clients.form.rightRing'] as const;
type Field = 'givenName' | 'familyName' | 'phone' | 'email' | 'ringSize';

@customElement('pos-client-form')
export class PosClientForm extends LitElement {
  @state() private _values: Record<Field, string> = { givenName: '', familyName: '', phone: '', email: '', ringSize: '' };
  @state() private _finger: (typeof FINGERS)[number] = FINGERS[0];
  @state() private _busy = false;
  @state() private _error: unknown = null;
  @state() private _duplicates: { added: string; known: { id: string; name: string }[] } | null = null;

  static override styles = [
    theme,
    css`
      form { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 12px; }
      label { display: flex; flex-direction: column; gap: 2px; font-size: 0.85rem; color: var(--muted); }
      input { width: 100%; color: var(--ink); }
      .wide { grid-column: 1 / -1; }
      .fingers { display: flex; gap: 6px; align-items: end; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; }
      .dup { display: flex; flex-direction: column; gap: 8px; }
      .dup button { text-align: left; }
    `,
  ];

  #field(field: Field, type = 'text', required = false) {
    return html`<label>${t(`clients.form.${field}`)}<input type=${type} ?required=${required} autocomplete="off" .value=${this._values[field]} @input=${(event: InputEvent) => (this._values = { ...this._values, [field]: (event.target as HTMLInputElement).value })} /></label>`;
  }

  #details(): Details {
    const v = Object.fromEntries(Object.entries(this._values).map(([key, value]) => [key, value.trim()])) as Record<Field, string>;
    return {
      givenName: v.givenName,
      familyName: v.familyName,
      phones: v.phone ? [{ number: v.phone }] : [],
      emails: v.email ? [{ address: v.email }] : [],
      linkedPeople: [],
      sizes: { rings: v.ringSize ? [{ finger: t(this._finger), size: v.ringSize }] : [] },
      preferences: { metals: [], colours: [], stones: [], designers: [], collections: [], styles: [] },
      milestones: [],
      wishList: [],
    };
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    this._error = null;
    this._busy = true;
    try {
      const added = await addClient(this.#details());
      if (added.duplicates.length > 0) this._duplicates = { added: added.id, known: added.duplicates };
      else this.#chosen(added.id);
    } catch (error) {
      // The names are required by the form itself: a refused body is a phone or an email mistyped.
      this._error = isApiError(error) && error.code === 'LOUPE_E_API_VALIDATION' ? new ApiError('UI_CLIENT_DETAILS_INVALID', '', '') : error;
    } finally {
      this._busy = false;
    }
  }

  #chosen(id: string): void {
    this.dispatchEvent(new CustomEvent('pos-client-added', { detail: id, bubbles: true, composed: true }));
  }

  override render() {
    const duplicates = this._duplicates;
    return html`<pos-dialog heading=${t('clients.form.title')} width="720px">
      ${duplicates
        ? html`<div class="dup">
            <p>${t('clients.form.duplicates')}</p>
            ${duplicates.known.map((known) => html`<button @click=${() => this.#chosen(known.id)}>${t('clients.form.useKnown', { name: known.name })}</button>`)}
            <button class="primary" @click=${() => this.#chosen(duplicates.added)}>${t('clients.form.keepNew')}</button>
          </div>`
        : html`<form @submit=${(event: Event) => void this.#submit(event)}>
            ${this.#field('givenName', 'text', true)} ${this.#field('familyName', 'text', true)}
            ${this.#field('phone', 'tel')} ${this.#field('email', 'email')}
            ${this.#field('ringSize')}
            <div class="fingers" role="group" aria-label=${t('clients.form.finger')}>
              ${FINGERS.map((finger) => html`<button type="button" aria-pressed=${String(this._finger === finger)} @click=${() => (this._finger = finger)}>${t(finger)}</button>`)}
            </div>
            <pos-problem class="wide" .error=${this._error}></pos-problem>
            <div class="actions wide"><button class="primary" type="submit" ?disabled=${this._busy || !this._values.givenName.trim() || !this._values.familyName.trim()}>${t('clients.form.add')}</button></div>
          </form>`}
    </pos-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-client-form': PosClientForm;
  }
}
