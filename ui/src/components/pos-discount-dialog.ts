/**
 * A discount on one piece or on the whole sale, as a percentage or an amount, typed on the keypad.
 * Emits `pos-discount` with the discount (null takes it off); the sale screen sends it, and a
 * discount above the clerk's limit goes to the manager-override dialog from there.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-dialog.ts';
import './pos-keypad.ts';
import './pos-problem.ts';
import { applyKey, type Key } from './pos-keypad.ts';
import type { Discount } from '../data/sales.ts';
import { bpsOf, minorOf, money, percent } from '../format.ts';
import { t } from '../i18n/translate.ts';

const QUICK_PERCENTS = [5, 10, 15, 20];

@customElement('pos-discount-dialog')
export class PosDiscountDialog extends LitElement {
  /** What is discounted, for the heading: a piece's description or "the whole sale". */
  @property() target = '';
  @property({ type: Number }) baseMinor = 0;
  @property() currency = 'USD';
  @property({ attribute: false }) error: unknown = null;
  @state() private _kind: 'percent' | 'amount' = 'percent';
  @state() private _entry = '';

  static override styles = [
    theme,
    css`
      .layout { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
      .kinds, .quick { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin-bottom: 8px; }
      .quick { grid-template-columns: repeat(4, 1fr); }
      .quick button, .actions button { padding: 0 6px; }
      .entry { font-size: 2rem; font-family: var(--serif); padding: 6px 0; border-bottom: 2px solid var(--line-strong); min-height: 56px; }
      .effect { margin: 6px 0 10px; color: var(--muted); }
      .actions { display: grid; grid-template-columns: 1fr 2fr; gap: 8px; }
      pos-keypad { --key-height: 54px; }
      @media (max-height: 520px) { pos-keypad { --key-height: 46px; --keypad-gap: 6px; } .entry { min-height: 48px; font-size: 1.7rem; } }
    `,
  ];

  #discount(): Discount {
    if (this._kind === 'percent') {
      const bps = bpsOf(this._entry);
      return bps && bps <= 10_000 ? { kind: 'percent', bps } : null;
    }
    const minor = minorOf(this._entry, this.currency);
    return minor ? { kind: 'amount', minor } : null;
  }

  #emit(discount: Discount): void {
    this.dispatchEvent(new CustomEvent<Discount>('pos-discount', { detail: discount, bubbles: true, composed: true }));
  }

  override render() {
    const discount = this.#discount();
    const off = discount === null ? 0 : discount.kind === 'amount' ? discount.minor : Math.round((this.baseMinor * discount.bps) / 10_000);
    return html`<pos-dialog heading=${t('discount.title', { target: this.target })} width="720px">
      <div class="layout">
        <div>
          <div class="kinds" role="group" aria-label=${t('discount.kind')}>
            <button aria-pressed=${String(this._kind === 'percent')} @click=${() => ((this._kind = 'percent'), (this._entry = ''))}>${t('discount.percent')}</button>
            <button aria-pressed=${String(this._kind === 'amount')} @click=${() => ((this._kind = 'amount'), (this._entry = ''))}>${t('discount.amount')}</button>
          </div>
          ${this._kind === 'percent' ? html`<div class="quick">${QUICK_PERCENTS.map((value) => html`<button @click=${() => (this._entry = String(value))}>${percent(value * 100)}</button>`)}</div>` : ''}
          <div class="entry amount" role="status">${discount ? (discount.kind === 'percent' ? percent(discount.bps) : money(discount.minor, this.currency)) : '—'}</div>
          <div class="effect">${discount ? t('discount.effect', { off: money(off, this.currency), from: money(this.baseMinor, this.currency) }) : t('discount.type')}</div>
          <pos-problem .error=${this.error}></pos-problem>
          <div class="actions">
            <button @click=${() => this.#emit(null)}>${t('discount.remove')}</button>
            <button class="primary" ?disabled=${!discount} @click=${() => this.#emit(discount)}>${t('discount.apply')}</button>
          </div>
        </div>
        <pos-keypad mode="amount" @pos-key=${(event: CustomEvent<Key>) => (this._entry = applyKey(this._entry, event.detail, 10))}></pos-keypad>
      </div>
    </pos-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-discount-dialog': PosDiscountDialog;
  }
}
