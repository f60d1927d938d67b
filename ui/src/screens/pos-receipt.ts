/**
 * After the sale: the receipt as it prints (the appliance prints the original by itself), a copy
 * marked COPY, a gift receipt without prices, and on to the next client. Emits `pos-navigate`.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-problem.ts';
import { printGiftReceipt, reprintReceipt, type CompletedSale } from '../data/sales.ts';
import { dateTime, money, recordedRate } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';

@customElement('pos-receipt')
export class PosReceipt extends LitElement {
  @property({ attribute: false }) sale: CompletedSale | null = null;
  @property() storeName = '';
  @property() clerk = '';
  @property() completedAt = '';
  @state() private _done: 'copy' | 'gift' | null = null;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) minmax(240px, 34%); height: 100%; min-height: 0; }
      .paper-wrap { overflow: auto; padding: 12px; display: flex; justify-content: center; background: #ece5d8; }
      .paper { width: min(380px, 100%); height: max-content; background: #fff; padding: 18px 20px; font-family: 'DejaVu Sans Mono', monospace; font-size: 0.85rem; box-shadow: 0 4px 14px rgb(0 0 0 / 0.12); }
      .paper h2 { text-align: center; font-family: var(--serif); font-size: 1.4rem; }
      .center { text-align: center; }
      .line { display: flex; justify-content: space-between; gap: 8px; }
      hr { border: 0; border-top: 1px dashed #999; margin: 8px 0; }
      .big { font-weight: 700; font-size: 1rem; }
      aside { display: flex; flex-direction: column; gap: 10px; padding: 14px; background: var(--paper); border-left: 1px solid var(--line); }
      aside h2 { font-size: 1.5rem; }
      .next { margin-top: auto; height: 60px; font-size: 1.15rem; }
      .done { color: var(--ok); }
    `,
  ];

  async #print(kind: 'copy' | 'gift'): Promise<void> {
    this._error = null;
    this._done = null;
    try {
      const receiptNo = (this.sale as CompletedSale).receiptNo;
      await (kind === 'copy' ? reprintReceipt(receiptNo) : printGiftReceipt(receiptNo));
      this._done = kind;
    } catch (error) {
      this._error = error;
    }
  }

  override render() {
    const done = this.sale;
    if (!done) return html``;
    const sale = done.sale;
    const money$ = (minor: number) => money(minor, sale.currency);
    return html`
      <div class="paper-wrap">
        <article class="paper" aria-label=${t('receipt.preview')}>
          <h2>${this.storeName}</h2>
          <div class="center">${t('receipt.number', { receiptNo: done.receiptNo })}<br />${dateTime(this.completedAt)}</div>
          <hr />
          ${sale.lines.map((line) => html`<div>${line.description}</div><div class="line"><span>${t('piece.stockNo')} ${line.stockNo}</span><span>${money$(line.unitMinor)}</span></div>${line.discountMinor > 0 ? html`<div class="line"><span>${t('sale.discount')}</span><span>−${money$(line.discountMinor)}</span></div>` : ''}`)}
          <hr />
          <div class="line"><span>${t('sale.subtotal')}</span><span>${money$(sale.subtotalMinor - sale.discountMinor)}</span></div>
          <div class="line"><span>${t('sale.tax')}</span><span>${money$(sale.taxMinor)}</span></div>
          <div class="line big"><span>${t('sale.total')}</span><span>${money$(sale.totalMinor)}</span></div>
          <hr />
          ${sale.tenders.map((tender) => html`<div class="line"><span>${tMaybe(`tender.kind.${tender.kind}`) ?? tender.kind}</span><span>${money(tender.tenderedMinor, tender.currency)}</span></div>${tender.rate ? html`<div class="line"><span>${recordedRate(tender.rate, tender.currency)}</span><span>${money(tender.appliedMinor, sale.currency)}</span></div>` : ''}`)}
          ${sale.changeMinor > 0 ? html`<div class="line"><span>${t('tender.change')}</span><span>${money$(sale.changeMinor)}</span></div>` : ''}
          <hr />
          <div class="center">${t('receipt.servedBy', { name: this.clerk })}</div>
        </article>
      </div>
      <aside>
        <h2>${t('receipt.thanks')}</h2>
        <p>${t('receipt.printing')}</p>
        ${sale.changeMinor > 0 ? html`<p><strong>${t('tender.change')}: ${money$(sale.changeMinor)}</strong></p>` : ''}
        <button @click=${() => this.#print('copy')}>${t('receipt.reprint')}</button>
        <button @click=${() => this.#print('gift')}>${t('receipt.gift')}</button>
        ${this._done ? html`<p class="done" role="status">${this._done === 'copy' ? t('receipt.copySent') : t('receipt.giftSent')}</p>` : ''}
        <pos-problem .error=${this._error}></pos-problem>
        <button class="primary next" @click=${() => this.dispatchEvent(new CustomEvent('pos-navigate', { detail: 'sale', bubbles: true, composed: true }))}>${t('receipt.next')}</button>
      </aside>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-receipt': PosReceipt;
  }
}
