/**
 * The PIN pad: sign in (staff number, then PIN) and the lock screen (the PIN of whoever is signed
 * in, or sign out for someone else). Emits `pos-signed-in` ({token, session}), `pos-unlocked`
 * (session) and `pos-sign-out`.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { applyKey, type Key } from '../components/pos-keypad.ts';
import '../components/pos-keypad.ts';
import '../components/pos-problem.ts';
import '../components/pos-pairing-code.ts';
import { signIn, unlock, type Session } from '../data/auth.ts';
import { setToken } from '../data/api.ts';
import { clock } from '../format.ts';
import { currentLanguage, LANGUAGES, t, type Language } from '../i18n/translate.ts';

const PIN_MAX = 8;
const CODE_MAX = 6;

@customElement('pos-sign-in')
export class PosSignIn extends LitElement {
  @property() storeName = '';
  /** Set on the lock screen: only this person's PIN opens it. */
  @property({ attribute: false }) locked: Session | null = null;
  @state() private _code = '';
  @state() private _pin = '';
  @state() private _step: 'code' | 'pin' = 'code';
  @state() private _busy = false;
  @state() private _error: unknown = null;
  @state() private _now = new Date();
  #tick: ReturnType<typeof setInterval> | undefined;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(260px, 2fr) 3fr; height: 100%; background: var(--ivory); }
      .brand { display: flex; flex-direction: column; justify-content: space-between; padding: 28px; background: var(--ink); color: var(--ivory); }
      .brand h1 { font-size: clamp(1.8rem, 4vw, 2.8rem); font-weight: 500; }
      .brand .time { font-family: var(--serif); font-size: clamp(2.4rem, 6vw, 4rem); }
      .brand p { margin: 4px 0 0; color: #d9cdb7; }
      .langs { display: flex; gap: 8px; }
      .langs button { background: transparent; color: var(--ivory); border-color: #6b6154; }
      .langs button[aria-pressed='true'] { background: var(--ivory); color: var(--ink); }
      .pad { display: flex; flex-direction: column; justify-content: center; gap: 12px; padding: 16px clamp(16px, 5vw, 64px); max-width: 520px; width: 100%; justify-self: center; }
      h2 { font-size: 1.6rem; }
      .entry { height: 56px; display: flex; align-items: center; justify-content: center; gap: 14px; font-size: 1.8rem; letter-spacing: 0.2em; border-bottom: 2px solid var(--line-strong); font-variant-numeric: tabular-nums; }
      .dot { width: 16px; height: 16px; border-radius: 50%; background: var(--ink); }
      .placeholder { color: var(--muted); font-size: 1rem; letter-spacing: normal; }
      .actions { display: flex; gap: 8px; }
      .actions button { flex: 1; height: 52px; }
      @media (max-height: 520px) { .pad { gap: 8px; padding-block: 8px; } .entry { height: 44px; } pos-keypad { --key-height: 48px; --keypad-gap: 6px; } .actions button { height: 48px; } }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    this.#tick = setInterval(() => (this._now = new Date()), 15_000);
  }
  override disconnectedCallback(): void {
    clearInterval(this.#tick);
    super.disconnectedCallback();
  }

  #onKey(event: CustomEvent<Key>): void {
    this._error = null;
    if (event.detail === 'enter') void this.#submit();
    else if (this.locked || this._step === 'pin') this._pin = applyKey(this._pin, event.detail, PIN_MAX);
    else this._code = applyKey(this._code, event.detail, CODE_MAX);
  }

  async #submit(): Promise<void> {
    if (!this.locked && this._step === 'code') {
      if (this._code.length >= 2) this._step = 'pin';
      return;
    }
    if (this._pin.length < 4) return;
    this._busy = true;
    try {
      if (this.locked) {
        const session = await unlock(this._pin);
        this.dispatchEvent(new CustomEvent('pos-unlocked', { detail: session, bubbles: true, composed: true }));
      } else {
        const signed = await signIn(this._code, this._pin);
        setToken(signed.token);
        this.dispatchEvent(new CustomEvent('pos-signed-in', { detail: signed, bubbles: true, composed: true }));
      }
      this._pin = '';
      this._code = '';
      this._step = 'code';
    } catch (error) {
      this._error = error;
      this._pin = '';
    } finally {
      this._busy = false;
    }
  }

  #back(): void {
    if (this.locked) this.dispatchEvent(new CustomEvent('pos-sign-out', { bubbles: true, composed: true }));
    else {
      this._step = 'code';
      this._pin = '';
      this._error = null;
    }
  }

  #language(language: Language): void {
    this.dispatchEvent(new CustomEvent<Language>('pos-language', { detail: language, bubbles: true, composed: true }));
  }

  override render() {
    const askingPin = Boolean(this.locked) || this._step === 'pin';
    const heading = this.locked ? t('signIn.locked', { name: this.locked.staff.name }) : askingPin ? t('signIn.pin') : t('signIn.code');
    const entry = askingPin
      ? this._pin.length === 0
        ? html`<span class="placeholder">${t('signIn.pinPlaceholder')}</span>`
        : [...this._pin].map(() => html`<span class="dot"></span>`)
      : this._code || html`<span class="placeholder">${t('signIn.codePlaceholder')}</span>`;
    return html`
      <div class="brand">
        <div><h1>${this.storeName}</h1><p>${this.locked ? t('signIn.lockedSince') : t('signIn.welcome')}</p></div>
        ${this.locked ? '' : html`<pos-pairing-code></pos-pairing-code>`}
        <div class="time" aria-label=${t('signIn.time')}>${clock(this._now)}</div>
        <div class="langs" role="group" aria-label=${t('signIn.language')}>
          ${(Object.keys(LANGUAGES) as Language[]).map((code) => html`<button aria-pressed=${String(code === currentLanguage())} @click=${() => this.#language(code)}>${LANGUAGES[code].name}</button>`)}
        </div>
      </div>
      <div class="pad">
        <h2>${heading}</h2>
        <div class="entry" role="status" aria-label=${askingPin ? t('signIn.pinEntered', { count: this._pin.length }) : t('signIn.codeEntered', { code: this._code })}>${entry}</div>
        <pos-problem .error=${this._error}></pos-problem>
        <pos-keypad mode="pin" @pos-key=${this.#onKey}></pos-keypad>
        <div class="actions">
          ${askingPin ? html`<button @click=${this.#back}>${this.locked ? t('signIn.signOut') : t('common.back')}</button>` : ''}
          <button class="primary" ?disabled=${this._busy} @click=${this.#submit}>${askingPin ? (this.locked ? t('signIn.unlock') : t('signIn.signIn')) : t('common.next')}</button>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-sign-in': PosSignIn;
  }
}
