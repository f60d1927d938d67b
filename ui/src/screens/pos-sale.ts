/**
 * The sale: the pieces rung up, their discounts, the totals, and what a clerk does with a sale —
 * add by scan or code, look a piece up, discount it (beyond the limit with a manager's PIN), park
 * and resume, void, go to payment. The cart lives in the app shell; this screen emits `pos-cart`
 * with each new state, `pos-add` with a code to ring up, `pos-pay` and `pos-navigate`.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-choice-dialog.ts';
import '../components/pos-client-panel.ts';
import '../components/pos-discount-dialog.ts';
import '../components/pos-piece-detail.ts';
import '../components/pos-problem.ts';
import { withApproval } from '../data/approval.ts';
import { findPiece, type Piece } from '../data/catalog.ts';
import { discountLine, parkedSales, parkSale, removeLine, resumeSale, voidSale, type Cart, type Discount, type ParkedSale } from '../data/sales.ts';
import { dateTime, money } from '../format.ts';
import { t } from '../i18n/translate.ts';

type Dialog = { kind: 'piece'; piece: Piece; lineId: string | null } | { kind: 'discount'; lineId: string | null } | { kind: 'park' } | { kind: 'parked'; list: ParkedSale[] } | { kind: 'void' } | null;

const PARK_LABELS = ['park.stepOut', 'park.sizing', 'park.engraving', 'park.secondOpinion'] as const;
const VOID_REASONS = ['void.changedMind', 'void.wrongPiece', 'void.training'] as const;

@customElement('pos-sale')
export class PosSale extends LitElement {
  @property({ attribute: false }) cart: Cart | null = null;
  /** A read from the RFID encoder, offered as "add this piece". */
  @property({ attribute: false }) tagged: Piece | null = null;
  @state() private _code = '';
  @state() private _dialog: Dialog = null;
  @state() private _error: unknown = null;
  @state() private _dialogError: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) minmax(230px, 30%); height: 100%; min-height: 0; }
      .lines { display: flex; flex-direction: column; min-height: 0; padding: 10px 12px; gap: 8px; }
      form { display: flex; gap: 8px; }
      form input { flex: 1; min-width: 0; }
      ol { list-style: none; margin: 0; padding: 0; overflow: auto; flex: 1; display: flex; flex-direction: column; gap: 6px; }
      li button { width: 100%; display: grid; grid-template-columns: 1fr auto; gap: 12px; align-items: center; text-align: left; padding: 6px 12px; min-height: 60px; }
      li button > span:first-child { min-width: 0; }
      .desc { font-weight: 600; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
      .sub { font-size: 0.85rem; color: var(--muted); }
      .disc { color: var(--gold); font-size: 0.85rem; }
      .empty { flex: 1; display: grid; place-content: center; text-align: center; color: var(--muted); gap: 6px; }
      .empty h2 { color: var(--ink); font-size: 1.6rem; }
      .tag { display: flex; align-items: center; gap: 10px; padding: 6px 10px; background: var(--gold-soft); border-radius: var(--radius); }
      aside { display: flex; flex-direction: column; gap: 8px; padding: 10px 12px; background: var(--paper); border-left: 1px solid var(--line); min-height: 0; }
      dl { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; margin: 0; }
      dd { margin: 0; text-align: right; }
      .total { font-family: var(--serif); font-size: 1.9rem; margin: 0; text-align: right; }
      .total-label { color: var(--muted); font-size: 0.85rem; text-align: right; }
      .tools { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
      .tools button { padding: 0 8px; font-size: 0.95rem; }
      .pay { height: 64px; font-size: 1.25rem; margin-top: auto; }
      .approved { font-size: 0.8rem; color: var(--muted); text-align: right; }
    `,
  ];

  #emitCart(cart: Cart | null): void {
    this.dispatchEvent(new CustomEvent('pos-cart', { detail: cart, bubbles: true, composed: true }));
  }

  async #run(action: () => Promise<void>, inDialog = false): Promise<void> {
    this._error = null;
    this._dialogError = null;
    try {
      await action();
    } catch (error) {
      if (inDialog) this._dialogError = error;
      else this._error = error;
    }
  }

  #submitCode(event: Event): void {
    event.preventDefault();
    const code = this._code.trim();
    if (code) this.dispatchEvent(new CustomEvent('pos-add', { detail: code, bubbles: true, composed: true }));
    this._code = '';
  }

  #openLine(lineId: string, stockNo: string): void {
    void this.#run(async () => {
      this._dialog = { kind: 'piece', piece: await findPiece(stockNo), lineId };
    });
  }

  #remove(lineId: string): void {
    void this.#run(async () => {
      this.#emitCart(await removeLine((this.cart as Cart).id, lineId));
      this._dialog = null;
    });
  }

  #discount(discount: Discount): void {
    const cart = this.cart as Cart;
    const lineId = this._dialog?.kind === 'discount' ? this._dialog.lineId : null;
    void this.#run(async () => {
      this.#emitCart(await withApproval((approval) => discountLine(cart.id, lineId, discount, approval)));
      this._dialog = null;
    }, true);
  }

  #park(label: string): void {
    void this.#run(async () => {
      await parkSale((this.cart as Cart).id, label);
      this._dialog = null;
      this.#emitCart(null);
    }, true);
  }

  #resume(parkedId: string): void {
    void this.#run(async () => {
      this.#emitCart(await resumeSale(parkedId));
      this._dialog = null;
    }, true);
  }

  #void(reason: string): void {
    void this.#run(async () => {
      const cart = this.cart as Cart;
      await withApproval((approval) => voidSale(cart.id, reason, approval));
      this._dialog = null;
      this.#emitCart(null);
    }, true);
  }

  override render() {
    const cart = this.cart;
    const lines = cart?.lines ?? [];
    const currency = cart?.currency;
    return html`
      <section class="lines" aria-label=${t('sale.lines')}>
        <form @submit=${this.#submitCode}>
          <input aria-label=${t('sale.codeLabel')} placeholder=${t('sale.codePlaceholder')} .value=${this._code} @input=${(event: InputEvent) => (this._code = (event.target as HTMLInputElement).value)} />
          <button class="primary" type="submit">${t('sale.add')}</button>
          <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('pos-navigate', { detail: 'catalog', bubbles: true, composed: true }))}>${t('nav.catalog')}</button>
        </form>
        <pos-client-panel .cart=${cart}></pos-client-panel>
        <pos-problem .error=${this._error}></pos-problem>
        ${this.tagged ? html`<div class="tag" role="status"><span class="grow">${t('sale.tagRead', { piece: this.tagged.description, stockNo: this.tagged.stockNo })}</span><button class="primary" @click=${() => this.dispatchEvent(new CustomEvent('pos-add', { detail: this.tagged?.stockNo, bubbles: true, composed: true }))}>${t('sale.add')}</button></div>` : ''}
        ${lines.length === 0
          ? html`<div class="empty"><h2>${t('sale.emptyTitle')}</h2><p>${t('sale.emptyHint')}</p></div>`
          : html`<ol>
              ${lines.map(
                (line) => html`<li data-stock-no=${line.stockNo}><button @click=${() => this.#openLine(line.lineId, line.stockNo)}>
                  <span><div class="desc">${line.description}</div><div class="sub">${line.stockNo} · ${money(line.unitMinor, currency)}</div>${line.discountMinor > 0 ? html`<div class="disc">${t('sale.lineDiscount', { amount: money(line.discountMinor, currency) })}</div>` : ''}</span>
                  <span class="amount">${money(line.totalMinor, currency)}</span>
                </button></li>`,
              )}
            </ol>`}
      </section>
      <aside aria-label=${t('sale.totals')}>
        <dl>
          <dt>${t('sale.subtotal')}</dt><dd class="amount">${money(cart?.subtotalMinor ?? 0, currency)}</dd>
          <dt>${t('sale.discount')}</dt><dd class="amount">${cart && cart.discountMinor > 0 ? `− ${money(cart.discountMinor, currency)}` : '—'}</dd>
          <dt>${t('sale.tax')}</dt><dd class="amount">${money(cart?.taxMinor ?? 0, currency)}</dd>
        </dl>
        <div class="total-label">${t('sale.total')}</div>
        <p class="total amount" data-total>${money(cart?.totalMinor ?? 0, currency)}</p>
        ${cart?.approver ? html`<div class="approved">${t('sale.approvedBy', { name: cart.approver })}</div>` : ''}
        <div class="tools">
          <button ?disabled=${lines.length === 0} @click=${() => (this._dialog = { kind: 'discount', lineId: null })}>${t('sale.discountSale')}</button>
          <button ?disabled=${lines.length === 0} @click=${() => (this._dialog = { kind: 'park' })}>${t('sale.park')}</button>
          <button @click=${() => this.#run(async () => void (this._dialog = { kind: 'parked', list: await parkedSales() }))}>${t('sale.resume')}</button>
          <button class="danger" ?disabled=${!cart} @click=${() => (this._dialog = { kind: 'void' })}>${t('sale.void')}</button>
        </div>
        <button class="gold pay" ?disabled=${lines.length === 0} @click=${() => this.dispatchEvent(new CustomEvent('pos-pay', { bubbles: true, composed: true }))}>${t('sale.pay')}</button>
      </aside>
      ${this.#renderDialog()}
    `;
  }

  #renderDialog() {
    const dialog = this._dialog;
    const close = () => ((this._dialog = null), (this._dialogError = null));
    if (!dialog) return '';
    const cart = this.cart;
    switch (dialog.kind) {
      case 'piece':
        return html`<pos-piece-detail .piece=${dialog.piece} .canAdd=${false} @pos-close=${close}>
          <button slot="actions" @click=${() => (this._dialog = { kind: 'discount', lineId: dialog.lineId })}>${t('sale.discountPiece')}</button>
          <button slot="actions" class="danger" @click=${() => this.#remove(dialog.lineId as string)}>${t('sale.remove')}</button>
        </pos-piece-detail>`;
      case 'discount': {
        const line = cart?.lines.find((candidate) => candidate.lineId === dialog.lineId);
        return html`<pos-discount-dialog target=${line?.description ?? t('discount.wholeSale')} .baseMinor=${line ? line.unitMinor : (cart?.subtotalMinor ?? 0)} currency=${cart?.currency ?? 'USD'} .error=${this._dialogError} @pos-discount=${(event: CustomEvent<Discount>) => this.#discount(event.detail)} @pos-close=${close}></pos-discount-dialog>`;
      }
      case 'park':
        return html`<pos-choice-dialog heading=${t('park.title')} .error=${this._dialogError} .choices=${PARK_LABELS.map((key) => ({ label: t(key), value: t(key) }))} @pos-choose=${(event: CustomEvent<string>) => this.#park(event.detail)} @pos-close=${close}></pos-choice-dialog>`;
      case 'parked':
        return html`<pos-choice-dialog heading=${t('parked.title')} .error=${this._dialogError} .choices=${dialog.list.map((parked) => ({ label: parked.label, value: parked.id, detail: dateTime(parked.parkedAt) }))} @pos-choose=${(event: CustomEvent<string>) => this.#resume(event.detail)} @pos-close=${close}>${dialog.list.length === 0 ? html`<p>${t('parked.none')}</p>` : ''}</pos-choice-dialog>`;
      case 'void':
        return html`<pos-choice-dialog heading=${t('void.title')} .error=${this._dialogError} .choices=${VOID_REASONS.map((key) => ({ label: t(key), value: t(key) }))} @pos-choose=${(event: CustomEvent<string>) => this.#void(event.detail)} @pos-close=${close}><p>${t('void.explain')}</p></pos-choice-dialog>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-sale': PosSale;
  }
}
