/**
 * The till: open it with the counted float, put cash in or take it out with a reason, the X report
 * (what the drawer should hold now) and the Z close (count by denomination, reconcile, close).
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-keypad.ts';
import '../components/pos-problem.ts';
import { applyKey, type Key } from '../components/pos-keypad.ts';
import { withApproval } from '../data/approval.ts';
import { closeTill, moveCash, openTill, xReport, type XReport, type ZReport } from '../data/till.ts';
import { dateTime, minorOf, money } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';

type Tab = 'open' | 'move' | 'x' | 'z';
const REASONS = ['cash.reason.topUp', 'cash.reason.bank', 'cash.reason.petty', 'cash.reason.change'] as const;
/** Notes and coins in minor units, largest first, per currency the drawer may hold. */
const DENOMINATIONS: Record<string, number[]> = {
  USD: [10_000, 5_000, 2_000, 1_000, 500, 100, 25, 10, 5, 1],
  EUR: [50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  GBP: [5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
  CHF: [100_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5],
};
const denominationsOf = (currency: string) => DENOMINATIONS[currency] ?? [1];

@customElement('pos-cash')
export class PosCash extends LitElement {
  @property() currency = 'USD';
  @state() private _tab: Tab = 'open';
  @state() private _entry = '';
  @state() private _direction: 'cash-in' | 'cash-out' = 'cash-in';
  @state() private _reason = '';
  @state() private _x: XReport | null = null;
  @state() private _z: ZReport | null = null;
  /** Counts per currency, then per denomination. */
  @state() private _counts = new Map<string, Map<number, number>>();
  @state() private _countCurrency = '';
  @state() private _denomination = 0;
  @state() private _done = '';
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-rows: auto 1fr; height: 100%; min-height: 0; }
      nav { display: flex; gap: 6px; padding: 8px 12px; border-bottom: 1px solid var(--line); background: var(--paper); }
      nav button { flex: 1; }
      .body { display: grid; grid-template-columns: minmax(0, 1fr) minmax(240px, 40%); gap: 14px; padding: 10px 14px; min-height: 0; overflow: auto; }
      .entry { font-family: var(--serif); font-size: 2rem; border-bottom: 2px solid var(--line-strong); min-height: 52px; }
      .reasons, .directions { display: grid; grid-template-columns: 1fr 1fr; gap: 6px; }
      .col { display: flex; flex-direction: column; gap: 8px; min-height: 0; }
      table { width: 100%; border-collapse: collapse; }
      th, td { text-align: left; padding: 6px; border-bottom: 1px solid var(--line); }
      td.amount, th.amount { text-align: right; }
      .denoms { display: grid; grid-template-columns: repeat(auto-fill, minmax(120px, 1fr)); gap: 6px; }
      .denoms button { display: flex; justify-content: space-between; align-items: center; padding: 0 10px; height: 48px; font-size: 0.95rem; }
      p { margin: 4px 0; }
      h2 { font-size: 1.4rem; }
      .done { padding: 8px 10px; background: var(--ok-soft); color: var(--ok); border-radius: var(--radius); }
      .over { color: var(--ok); } .short { color: var(--danger); font-weight: 600; }
      pos-keypad { --key-height: 48px; --keypad-gap: 6px; }
      @media (max-height: 520px) { pos-keypad { --key-height: 42px; --keypad-gap: 5px; } .entry { font-size: 1.6rem; min-height: 44px; } }
    `,
  ];

  async #run(action: () => Promise<void>): Promise<void> {
    this._error = null;
    this._done = '';
    try {
      await action();
    } catch (error) {
      this._error = error;
    }
  }

  #show(tab: Tab): void {
    this._tab = tab;
    this._entry = '';
    this._error = null;
    this._done = '';
    if (tab === 'x' || tab === 'z') void this.#run(async () => void (this._x = await withApproval((approval) => xReport(approval))));
  }

  #onKey(event: CustomEvent<Key>): void {
    if (this._tab === 'z') {
      const counts = new Map(this.#countsOf(this.#countCurrency));
      const denomination = this.#selectedDenomination;
      counts.set(denomination, Number(applyKey(String(counts.get(denomination) ?? ''), event.detail, 5) || '0'));
      this._counts = new Map(this._counts).set(this.#countCurrency, counts);
    } else this._entry = applyKey(this._entry, event.detail, 10);
  }

  #open(): void {
    const floatMinor = minorOf(this._entry || '0', this.currency);
    if (floatMinor === null) return;
    void this.#run(async () => {
      const session = await openTill(floatMinor);
      this._done = t('cash.opened', { amount: money(session.floatMinor, session.currency) });
      this._entry = '';
    });
  }

  #move(): void {
    const amount = minorOf(this._entry, this.currency);
    if (!amount || !this._reason) return;
    void this.#run(async () => {
      await moveCash(this._direction, amount, this._reason);
      this._done = t(this._direction === 'cash-in' ? 'cash.movedIn' : 'cash.movedOut', { amount: money(amount, this.currency) });
      this._entry = '';
    });
  }

  get #countCurrency(): string {
    return this._countCurrency || this.currency;
  }

  /** The note or coin being counted: the one tapped, or the largest of the currency. */
  get #selectedDenomination(): number {
    const denominations = denominationsOf(this.#countCurrency);
    return denominations.includes(this._denomination) ? this._denomination : (denominations[0] as number);
  }

  #countsOf(currency: string): Map<number, number> {
    return this._counts.get(currency) ?? new Map();
  }

  #counted(currency: string): number {
    return [...this.#countsOf(currency)].reduce((sum, [denomination, count]) => sum + denomination * count, 0);
  }

  #close(): void {
    const x = this._x;
    const currencies = new Set([this.currency, ...(x?.expectedCash ?? []).map((cash) => cash.currency)]);
    const counted = Object.fromEntries([...currencies].map((currency) => [currency, [...this.#countsOf(currency)].filter(([, count]) => count > 0).map(([denomination, count]) => ({ denomination, count }))]));
    const settled = Object.fromEntries((x?.tenders ?? []).filter((tender) => tender.tender !== 'cash').map((tender) => [tender.tender, tender.net]));
    void this.#run(async () => {
      this._z = await closeTill(counted, settled);
    });
  }

  override render() {
    const tabs: Tab[] = ['open', 'move', 'x', 'z'];
    return html`
      <nav aria-label=${t('cash.tabs')}>${tabs.map((tab) => html`<button aria-pressed=${String(this._tab === tab)} @click=${() => this.#show(tab)}>${t(`cash.tab.${tab}`)}</button>`)}</nav>
      <div class="body">${this.#renderTab()}</div>
    `;
  }

  #renderTab() {
    const status = html`<pos-problem .error=${this._error}></pos-problem>${this._done ? html`<div class="done" role="status">${this._done}</div>` : ''}`;
    const pad = html`<pos-keypad mode=${this._tab === 'z' ? 'pin' : 'amount'} @pos-key=${this.#onKey}></pos-keypad>`;
    const entered = minorOf(this._entry, this.currency);
    switch (this._tab) {
      case 'open':
        return html`<div class="col"><h2>${t('cash.openTitle')}</h2><p>${t('cash.openHint')}</p><div class="entry amount">${money(entered ?? 0, this.currency)}</div>${status}
            <button class="primary" @click=${this.#open}>${t('cash.open')}</button></div>
          <div class="col">${pad}</div>`;
      case 'move':
        return html`<div class="col">
            <div class="directions" role="group" aria-label=${t('cash.direction')}>
              ${(['cash-in', 'cash-out'] as const).map((direction) => html`<button aria-pressed=${String(this._direction === direction)} @click=${() => (this._direction = direction)}>${t(direction === 'cash-in' ? 'cash.in' : 'cash.out')}</button>`)}
            </div>
            <div class="entry amount">${money(entered ?? 0, this.currency)}</div>
            <div class="reasons" role="group" aria-label=${t('cash.reason')}>${REASONS.map((key) => html`<button aria-pressed=${String(this._reason === t(key))} @click=${() => (this._reason = t(key))}>${t(key)}</button>`)}</div>
            ${status}
            <button class="primary" ?disabled=${!entered || !this._reason} @click=${this.#move}>${t('cash.record')}</button>
          </div>
          <div class="col">${pad}</div>`;
      case 'x':
        return html`<div class="col" style="grid-column: 1 / -1">${status}${this._x ? this.#renderX(this._x) : ''}</div>`;
      case 'z':
        return this._z ? html`<div class="col" style="grid-column: 1 / -1">${this.#renderZ(this._z)}</div>` : this.#renderCount(pad, status);
    }
  }

  #renderX(x: XReport) {
    return html`<h2>${t('cash.xTitle')}</h2>
      <p class="muted">${t('cash.since', { when: dateTime(x.session.openedAt), float: money(x.session.floatMinor, x.session.currency) })}</p>
      <table>
        <thead><tr><th>${t('cash.tender')}</th><th class="amount">${t('cash.sales')}</th><th class="amount">${t('cash.refunds')}</th><th class="amount">${t('cash.net')}</th></tr></thead>
        <tbody>${x.tenders.map((row) => html`<tr><td>${tMaybe(`tender.kind.${row.tender}`) ?? row.tender} ${row.currency}</td><td class="amount">${money(row.sales, row.currency)}</td><td class="amount">${money(row.refunds, row.currency)}</td><td class="amount">${money(row.net, row.currency)}</td></tr>`)}</tbody>
      </table>
      ${x.expectedCash.map((cash) => html`<p><strong>${t('cash.expected', { amount: money(cash.amount, cash.currency) })}</strong></p>`)}
      <p class="muted">${t('cash.noSales', { count: x.noSales })}</p>`;
  }

  #renderCount(pad: unknown, status: unknown) {
    const currency = this.#countCurrency;
    const currencies = [...new Set([this.currency, ...(this._x?.expectedCash ?? []).map((cash) => cash.currency)])];
    const expected = this._x?.expectedCash.find((cash) => cash.currency === currency)?.amount ?? 0;
    const denominations = denominationsOf(currency);
    const selected = this.#selectedDenomination;
    return html`<div class="col">
        <div class="row"><h2 class="grow">${t('cash.countTitle')}</h2>
          ${currencies.length > 1 ? currencies.map((code) => html`<button aria-pressed=${String(code === currency)} @click=${() => (this._countCurrency = code)}>${code}</button>`) : ''}</div>
        <div class="denoms" role="group" aria-label=${t('cash.denominations')}>
          ${denominations.map((denomination) => html`<button aria-pressed=${String(selected === denomination)} @click=${() => (this._denomination = denomination)}><span>${money(denomination, currency)}</span><span>× ${this.#countsOf(currency).get(denomination) ?? 0}</span></button>`)}
        </div>
      </div>
      <div class="col">
        ${pad}
        <p>${t('cash.counted', { counted: money(this.#counted(currency), currency), expected: money(expected, currency) })}</p>
        ${status}
        <button class="primary" ?disabled=${!this._x} @click=${this.#close}>${t('cash.close')}</button>
      </div>`;
  }

  #renderZ(z: ZReport) {
    const tone = (value: number) => (value < 0 ? 'short' : value > 0 ? 'over' : '');
    return html`<h2>${t('cash.zTitle')}</h2>
      <p class="muted">${dateTime(z.openedAt)} – ${dateTime(z.closedAt)}</p>
      <table>
        <thead><tr><th></th><th class="amount">${t('cash.expectedShort')}</th><th class="amount">${t('cash.countedShort')}</th><th class="amount">${t('cash.overShort')}</th></tr></thead>
        <tbody>
          ${z.cash.map((row) => html`<tr><td>${t('tender.kind.cash')} ${row.currency}</td><td class="amount">${money(row.expected, row.currency)}</td><td class="amount">${money(row.counted, row.currency)}</td><td class="amount ${tone(row.overShort)}">${money(row.overShort, row.currency)}</td></tr>`)}
          ${z.settled.map((row) => html`<tr><td>${tMaybe(`tender.kind.${row.tender}`) ?? row.tender}</td><td class="amount">${money(row.expected)}</td><td class="amount">${money(row.counted)}</td><td class="amount ${tone(row.overShort)}">${money(row.overShort)}</td></tr>`)}
        </tbody>
      </table>
      <p class="muted">${t('cash.closedNote')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-cash': PosCash;
  }
}
