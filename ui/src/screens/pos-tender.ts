/**
 * Payment: split over cash and card in any order, foreign cash at HQ's rate (shown before it is
 * taken), the card terminal's progress while the client pays, the change due, and completion.
 * Emits `pos-cart` after each tender, `pos-completed` with the completed sale, `pos-navigate`.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-client-identity.ts';
import '../components/pos-keypad.ts';
import '../components/pos-problem.ts';
import { applyKey, type Key } from '../components/pos-keypad.ts';
import { cancelCard, completeSale, payByCard, takeTender, type Cart } from '../data/sales.ts';
import { cashRates, type CashRate } from '../data/system.ts';
import { minorOf, money, rate, recordedRate, worthInStore } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';

@customElement('pos-tender')
export class PosTender extends LitElement {
  @property({ attribute: false }) cart: Cart | null = null;
  @state() private _method: 'cash' | 'card' = 'cash';
  @state() private _currency = '';
  @state() private _rates: CashRate[] = [];
  @state() private _entry = '';
  @state() private _busy: 'card' | 'tender' | 'complete' | null = null;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); height: 100%; min-height: 0; }
      .summary { display: flex; flex-direction: column; gap: 8px; padding: 10px 14px; background: var(--paper); border-right: 1px solid var(--line); min-height: 0; overflow: auto; }
      dl { display: grid; grid-template-columns: 1fr auto; gap: 2px 8px; margin: 0; }
      dd { margin: 0; text-align: right; }
      .due { font-family: var(--serif); font-size: 2rem; text-align: right; margin: 0; }
      .change { padding: 6px 10px; background: var(--ok-soft); color: var(--ok); border-radius: var(--radius); display: flex; justify-content: space-between; font-weight: 600; font-size: 1.2rem; }
      ul { list-style: none; padding: 0; margin: 0; font-size: 0.9rem; }
      li { display: flex; justify-content: space-between; padding: 4px 0; border-bottom: 1px dashed var(--line); }
      .methods, .currencies { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; }
      .methods button { flex: 1; }
      .currencies button { padding: 0 12px; }
      .rate { font-size: 0.85rem; color: var(--muted); line-height: 1.2; }
      .pad { display: flex; flex-direction: column; gap: 8px; padding: 10px 14px; min-height: 0; }
      .entry { display: flex; justify-content: space-between; align-items: center; border-bottom: 2px solid var(--line-strong); padding: 4px 0; min-height: 48px; }
      .entry strong { font-family: var(--serif); font-size: 1.8rem; font-weight: 500; }
      .quick { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
      .take { height: 56px; font-size: 1.15rem; }
      .back { align-self: flex-start; }
      .progress { position: fixed; inset: 0; z-index: 15; display: grid; place-items: center; background: rgb(30 27 23 / 0.55); }
      .progress > div { display: grid; gap: 12px; justify-items: center; max-width: min(520px, calc(100vw - 32px)); padding: 24px 28px; text-align: center; background: var(--ivory); border-radius: 14px; box-shadow: 0 18px 50px rgb(0 0 0 / 0.3); }
      .progress h2 { font-size: 1.45rem; }
      .progress strong { font-family: var(--serif); font-size: 2rem; font-weight: 500; }
      .spinner { width: 56px; height: 56px; margin: 0 auto; border-radius: 50%; border: 5px solid var(--gold-soft); border-top-color: var(--gold); animation: spin 1s linear infinite; }
      @keyframes spin { to { transform: rotate(360deg); } }
      pos-keypad { --key-height: 52px; --keypad-gap: 6px; }
      @media (max-height: 520px) { pos-keypad { --key-height: 42px; --keypad-gap: 5px; } .take { height: 50px; } .pad { gap: 6px; padding-block: 6px; } }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void cashRates().then((rates) => (this._rates = rates), (error: unknown) => (this._error = error));
  }

  get #storeCurrency(): string {
    return this.cart?.currency ?? 'USD';
  }
  get #currency(): string {
    return this._method === 'card' ? this.#storeCurrency : this._currency || this.#storeCurrency;
  }
  get #rate(): CashRate | undefined {
    return this._rates.find((candidate) => candidate.currency === this.#currency);
  }

  async #run(busy: 'card' | 'tender' | 'complete', action: () => Promise<void>): Promise<void> {
    this._error = null;
    this._busy = busy;
    try {
      await action();
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = null;
    }
  }

  #take(): void {
    const cart = this.cart as Cart;
    const amount = this._entry === '' ? null : minorOf(this._entry, this.#currency);
    const minor = amount ?? (this.#currency === this.#storeCurrency ? cart.remainingMinor : null);
    if (!minor) return;
    void this.#run(this._method === 'card' ? 'card' : 'tender', async () => {
      const next = this._method === 'card' ? await payByCard(cart.id, minor) : await takeTender(cart.id, 'cash', minor, this.#currency);
      this._entry = '';
      this.dispatchEvent(new CustomEvent('pos-cart', { detail: next, bubbles: true, composed: true }));
    });
  }

  #complete(): void {
    void this.#run('complete', async () => {
      const done = await completeSale((this.cart as Cart).id);
      this.dispatchEvent(new CustomEvent('pos-completed', { detail: done, bubbles: true, composed: true }));
    });
  }

  override render() {
    const cart = this.cart;
    if (!cart) return html``;
    const store = this.#storeCurrency;
    const currency = this.#currency;
    const quote = this.#rate;
    const entered = this._entry === '' ? null : minorOf(this._entry, currency);
    const paid = cart.remainingMinor === 0 && cart.lines.length > 0;
    return html`
      <section class="summary" aria-label=${t('tender.summary')}>
        <button class="back" @click=${() => this.dispatchEvent(new CustomEvent('pos-navigate', { detail: 'sale', bubbles: true, composed: true }))}>← ${t('tender.backToSale')}</button>
        <dl>
          <dt>${t('sale.total')}</dt><dd class="amount">${money(cart.totalMinor, store)}</dd>
          <dt>${t('tender.paid')}</dt><dd class="amount">${money(cart.paidMinor, store)}</dd>
        </dl>
        <div class="muted">${t('tender.remaining')}</div>
        <p class="due amount" data-remaining>${money(cart.remainingMinor, store)}</p>
        ${cart.changeMinor > 0 ? html`<div class="change" role="status"><span>${t('tender.change')}</span><span class="amount">${money(cart.changeMinor, store)}</span></div>` : ''}
        <ul aria-label=${t('tender.taken')}>
          ${cart.tenders.map((tender) => html`<li><span>${tMaybe(`tender.kind.${tender.kind}`) ?? tender.kind}${tender.rate ? html` <span class="rate">${recordedRate(tender.rate, tender.currency)}</span>` : ''}</span><span class="amount">${money(tender.tenderedMinor, tender.currency)}${tender.currency !== store ? ` → ${money(tender.appliedMinor, store)}` : ''}</span></li>`)}
        </ul>
        <pos-problem .error=${this._error}></pos-problem>
        <pos-client-identity .cart=${cart} .error=${this._error} @pos-identity-recorded=${() => (this._error = null)}></pos-client-identity>
      </section>
      <section class="pad" aria-label=${t('tender.take')}>
        ${paid
          ? html`<p>${t('tender.paidInFull')}</p><button class="gold take" ?disabled=${this._busy !== null} @click=${this.#complete}>${t('tender.complete')}</button>`
          : html`
              <div class="methods" role="group" aria-label=${t('tender.method')}>
                <button aria-pressed=${String(this._method === 'cash')} @click=${() => ((this._method = 'cash'), (this._entry = ''))}>${t('tender.kind.cash')}</button>
                <button aria-pressed=${String(this._method === 'card')} @click=${() => ((this._method = 'card'), (this._entry = ''), (this._currency = ''))}>${t('tender.kind.card')}</button>
              </div>
              ${this._method === 'cash'
                ? html`<div class="currencies" role="group" aria-label=${t('tender.currency')}>
                    ${[store, ...this._rates.map((candidate) => candidate.currency)].map((code) => html`<button aria-pressed=${String(code === currency)} @click=${() => ((this._currency = code), (this._entry = ''))}>${code}</button>`)}
                    ${quote ? html`<span class="rate" data-rate>${rate(quote.numerator, quote.denominator, quote.currency)}</span>` : this._rates.length === 0 ? html`<span class="rate">${t('tender.noRates')}</span>` : ''}
                  </div>`
                : ''}
              <div class="entry">
                <span class="muted">${this._method === 'card' ? t('tender.onCard') : t('tender.cashIn', { currency })}
                  ${quote && entered !== null ? html`<br /><span class="rate">${t('tender.worth', { amount: money(worthInStore(entered, currency, quote), store) })}</span>` : ''}</span>
                <strong class="amount" data-entry>${entered !== null ? money(entered, currency) : currency === store ? money(cart.remainingMinor, store) : '—'}</strong>
              </div>
              <pos-keypad mode="amount" @pos-key=${(event: CustomEvent<Key>) => (event.detail === 'enter' ? this.#take() : (this._entry = applyKey(this._entry, event.detail, 12)))}></pos-keypad>
              <button class="primary take" ?disabled=${this._busy !== null || (entered === null && currency !== store)} @click=${this.#take}>
                ${this._method === 'card' ? t('tender.sendToTerminal') : t('tender.takeCash')}</button>
            `}
      </section>
      ${this._busy === 'card'
        ? html`<div class="progress" role="alertdialog" aria-label=${t('tender.cardProgress')}><div>
            <div class="spinner"></div><h2>${t('tender.cardProgress')}</h2>
            <strong class="amount">${money(entered ?? cart.remainingMinor, store)}</strong>
            <span>${t('tender.cardHint')}</span>
            <button @click=${() => void cancelCard(cart.id).catch((error: unknown) => (this._error = error))}>${t('tender.cancelCard')}</button>
          </div></div>`
        : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-tender': PosTender;
  }
}
