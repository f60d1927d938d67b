/**
 * Returns and exchanges, found by scanning the receipt's barcode (or typing its number on the
 * keypad): the pieces sold, which may still come back and why not, then a refund to the original
 * tenders or an exchange against the open sale (its new pieces rung up first). Emits `pos-exchange` ({receiptNo, lines}).
 */
import { html, LitElement, css, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-keypad.ts';
import '../components/pos-problem.ts';
import { applyKey, type Key } from '../components/pos-keypad.ts';
import { withApproval } from '../data/approval.ts';
import { findReceipt, printGiftReceipt, RECEIPT_NO, refundLines, reprintReceipt, type ReceiptView, type Refund } from '../data/sales.ts';
import { dateTime, money } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';

/** Typed digits as a receipt number: 004201000001 → 0042-01-000001. */
const asReceiptNo = (digits: string) => [digits.slice(0, 4), digits.slice(4, 6), digits.slice(6, 12)].filter(Boolean).join('-');

@customElement('pos-returns')
export class PosReturns extends LitElement {
  /** Set when a receipt was scanned; the screen looks it up. */
  @property() receiptNo = '';
  /** An exchange credits the pieces coming back against an open sale, so the new pieces come first. */
  @property({ type: Boolean }) saleOpen = false;
  @state() private _digits = '';
  @state() private _receipt: ReceiptView | null = null;
  @state() private _chosen = new Set<string>();
  @state() private _refund: Refund | null = null;
  @state() private _printed = '';
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) minmax(250px, 34%); height: 100%; min-height: 0; }
      .main { padding: 12px 14px; display: flex; flex-direction: column; gap: 10px; min-height: 0; overflow: auto; }
      h2 { font-size: 1.5rem; }
      ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
      li button { width: 100%; display: grid; grid-template-columns: 32px 1fr auto; gap: 10px; align-items: center; text-align: left; min-height: 60px; }
      .tick { width: 28px; height: 28px; border: 2px solid var(--line-strong); border-radius: 6px; display: grid; place-items: center; }
      .refusal { color: var(--danger); font-size: 0.85rem; }
      li button[aria-pressed='true'] { background: var(--gold-soft); color: var(--ink); border-color: var(--gold); }
      li button[aria-pressed='true'] .tick { background: var(--gold); border-color: var(--gold); color: #fff; }
      li button[aria-pressed='true'] .muted { color: var(--muted); }
      aside { display: flex; flex-direction: column; gap: 8px; padding: 12px 14px; background: var(--paper); border-left: 1px solid var(--line); min-height: 0; overflow: auto; }
      .entry { font-size: 1.5rem; font-variant-numeric: tabular-nums; border-bottom: 2px solid var(--line-strong); min-height: 44px; }
      .empty { flex: 1; display: grid; place-content: center; text-align: center; color: var(--muted); }
      .empty h2 { color: var(--ink); }
      .done { padding: 10px; background: var(--ok-soft); border-radius: var(--radius); }
      pos-keypad { --key-height: 48px; --keypad-gap: 6px; }
      @media (max-height: 520px) { pos-keypad { --key-height: 42px; --keypad-gap: 5px; } }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('receiptNo') && this.receiptNo) void this.#lookUp(this.receiptNo);
  }

  async #run(action: () => Promise<void>): Promise<void> {
    this._error = null;
    try {
      await action();
    } catch (error) {
      this._error = error;
    }
  }

  #lookUp(receiptNo: string): Promise<void> {
    return this.#run(async () => {
      this._refund = null;
      this._printed = '';
      this._receipt = await findReceipt(receiptNo);
      this._chosen = new Set(this._receipt.lines.filter((line) => line.returnableQuantity > 0).map((line) => line.lineId));
    });
  }

  #onKey(event: CustomEvent<Key>): void {
    if (event.detail === 'enter') return this.#findTyped();
    this._digits = applyKey(this._digits, event.detail, 12);
  }

  #findTyped(): void {
    const receiptNo = asReceiptNo(this._digits);
    if (RECEIPT_NO.test(receiptNo)) void this.#lookUp(receiptNo);
  }

  #toggle(lineId: string): void {
    const chosen = new Set(this._chosen);
    if (!chosen.delete(lineId)) chosen.add(lineId);
    this._chosen = chosen;
  }

  get #lines() {
    return [...this._chosen].map((lineId) => ({ lineId, quantity: 1 }));
  }

  #refund(): void {
    const receipt = this._receipt as ReceiptView;
    void this.#run(async () => {
      const refund = await withApproval((approval) => refundLines(receipt.receiptNo, this.#lines, approval));
      await this.#lookUp(receipt.receiptNo);
      this._refund = refund;
    });
  }

  #print(kind: 'copy' | 'gift'): void {
    const receiptNo = (this._receipt as ReceiptView).receiptNo;
    void this.#run(async () => {
      await (kind === 'copy' ? reprintReceipt(receiptNo) : printGiftReceipt(receiptNo));
      this._printed = kind === 'copy' ? t('receipt.copySent') : t('receipt.giftSent');
    });
  }

  override render() {
    const receipt = this._receipt;
    const refundable = receipt?.lines.filter((line) => this._chosen.has(line.lineId)).reduce((sum, line) => sum + line.refundMinor, 0) ?? 0;
    return html`
      <section class="main">
        ${receipt
          ? html`<h2>${t('returns.receipt', { receiptNo: receipt.receiptNo })}</h2>
              <div class="muted">${dateTime(receipt.completedAt)} · ${money(receipt.totalMinor, receipt.currency)}</div>
              <ol>
                ${receipt.lines.map((line) => {
                  const returnable = line.returnableQuantity > 0;
                  return html`<li data-stock-no=${line.stockNo}><button ?disabled=${!returnable} aria-pressed=${String(this._chosen.has(line.lineId))} @click=${() => this.#toggle(line.lineId)}>
                    <span class="tick">${this._chosen.has(line.lineId) ? '✓' : ''}</span>
                    <span><div>${line.description}</div><div class="muted">${line.stockNo}</div>${line.refusal ? html`<div class="refusal">${tMaybe(`reason.${line.refusal}`) ?? line.refusal}</div>` : ''}</span>
                    <span class="amount">${money(returnable ? line.refundMinor : line.totalMinor, receipt.currency)}</span>
                  </button></li>`;
                })}
              </ol>`
          : html`<div class="empty"><h2>${t('returns.scanTitle')}</h2><p>${t('returns.scanHint')}</p></div>`}
        <pos-problem .error=${this._error}></pos-problem>
        ${this._refund
          ? html`<div class="done" role="status"><strong>${t('returns.refunded', { refundNo: this._refund.refundNo, amount: money(this._refund.amountMinor, receipt?.currency) })}</strong>
              ${this._refund.tenders.map((tender) => html`<div>${t('returns.giveBack', { amount: money(tender.amountMinor, receipt?.currency), as: tMaybe(`tender.kind.${tender.refundAs}`) ?? tender.refundAs })}</div>`)}</div>`
          : ''}
        ${this._printed ? html`<div class="done" role="status">${this._printed}</div>` : ''}
      </section>
      <aside>
        ${receipt
          ? html`
              <div class="muted">${t('returns.toRefund')}</div>
              <div class="amount" style="font-family: var(--serif); font-size: 1.8rem">${money(refundable, receipt.currency)}</div>
              <button class="primary" ?disabled=${this._chosen.size === 0} @click=${this.#refund}>${t('returns.refund')}</button>
              <button ?disabled=${this._chosen.size === 0 || !this.saleOpen} @click=${() => this.dispatchEvent(new CustomEvent('pos-exchange', { detail: { receiptNo: receipt.receiptNo, lines: this.#lines }, bubbles: true, composed: true }))}>${t('returns.exchange')}</button>
              ${this.saleOpen ? '' : html`<small class="muted">${t('returns.exchangeHint')}</small>`}
              <button @click=${() => this.#print('copy')}>${t('receipt.reprint')}</button>
              <button @click=${() => this.#print('gift')}>${t('receipt.gift')}</button>
              <button class="quiet" @click=${() => ((this._receipt = null), (this._digits = ''), (this._refund = null))}>${t('returns.another')}</button>`
          : html`
              <label class="muted" id="typed">${t('returns.typeNumber')}</label>
              <div class="entry" aria-labelledby="typed" role="status">${asReceiptNo(this._digits) || '—'}</div>
              <pos-keypad mode="pin" @pos-key=${this.#onKey}></pos-keypad>
              <button class="primary" ?disabled=${this._digits.length !== 12} @click=${this.#findTyped}>${t('returns.find')}</button>`}
      </aside>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-returns': PosReturns;
  }
}
