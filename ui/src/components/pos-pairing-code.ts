/**
 * On the sign-in screen of a box waiting to be enrolled: the pairing code to give HQ and until
 * when it is valid (GET /api/v1/provisioning, asked again every few seconds, so a new code shows
 * when the old one expires). Renders nothing on an enrolled or hand-provisioned box.
 */
import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { provisioning } from '../data/system.ts';
import { clock } from '../format.ts';
import { t } from '../i18n/translate.ts';
import { theme } from '../theme.ts';

/** How often the screen asks again while the box waits; the till polls HQ on its own. */
const REFRESH_MS = 5_000;

@customElement('pos-pairing-code')
export class PosPairingCode extends LitElement {
  @state() private _code: string | null = null;
  @state() private _expiresAt: string | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;

  static override styles = [
    theme,
    css`
      :host { display: block; }
      section { border: 1px solid #6b6154; border-radius: 8px; padding: 12px 14px; }
      h2 { font-size: 1.1rem; margin: 0 0 6px; }
      p { margin: 4px 0; color: #d9cdb7; }
      .code { font-family: var(--serif); font-size: clamp(1.8rem, 4vw, 2.6rem); letter-spacing: 0.12em; color: var(--ivory); }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#refresh();
    this.#timer = setInterval(() => void this.#refresh(), REFRESH_MS);
  }

  override disconnectedCallback(): void {
    clearInterval(this.#timer);
    super.disconnectedCallback();
  }

  async #refresh(): Promise<void> {
    try {
      const status = await provisioning();
      this._code = status.state === 'waiting' ? (status.pairingCode ?? null) : null;
      this._expiresAt = status.expiresAt ?? null;
      if (status.state === 'enrolled' || status.state === 'not-configured') clearInterval(this.#timer);
    } catch {
      // The appliance restarting after enrollment: the next refresh answers.
    }
  }

  override render() {
    if (!this._code) return nothing;
    return html`<section role="status" aria-live="polite">
      <h2>${t('pairing.title')}</h2>
      <p>${t('pairing.give')}</p>
      <div class="code">${this._code}</div>
      ${this._expiresAt ? html`<p>${t('pairing.until', { time: clock(new Date(this._expiresAt)) })}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-pairing-code': PosPairingCode;
  }
}
