/**
 * Finds a piece for a stock job: scanned (the shell hands the code in as `scan`), typed as a stock
 * number or barcode, or tapped in a short list of pieces offered by the screen. Emits `pos-found`
 * with the piece; a code that names no piece is said in words.
 */
import { html, LitElement, css, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-problem.ts';
import { findPiece, type Piece } from '../data/catalog.ts';
import { t } from '../i18n/translate.ts';

@customElement('pos-stock-find')
export class PosStockFind extends LitElement {
  @property({ attribute: false }) scan: { code: string; at: number } | null = null;
  @state() private _code = '';
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: block; }
      form { display: flex; gap: 8px; }
      input { flex: 1; min-width: 0; }
      label { display: block; font-size: 0.85rem; color: var(--muted); margin-bottom: 4px; }
      pos-problem { margin-top: 6px; }
    `,
  ];

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('scan') && this.scan && changed.get('scan') !== undefined) {
      this._code = this.scan.code;
      void this.#find();
    }
  }

  async #find(): Promise<void> {
    const code = this._code.trim();
    if (!code) return;
    this._error = null;
    try {
      const piece = await findPiece(code);
      this.dispatchEvent(new CustomEvent<Piece>('pos-found', { detail: piece, bubbles: true, composed: true }));
    } catch (error) {
      this._error = error;
    }
  }

  override render() {
    return html`<label for="code">${t('stock.findLabel')}</label>
      <form @submit=${(event: Event) => (event.preventDefault(), void this.#find())}>
        <input id="code" autocomplete="off" .value=${this._code} @input=${(event: Event) => (this._code = (event.target as HTMLInputElement).value)} />
        <button class="primary" type="submit">${t('stock.find')}</button>
      </form>
      <pos-problem .error=${this._error}></pos-problem>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-stock-find': PosStockFind;
  }
}
