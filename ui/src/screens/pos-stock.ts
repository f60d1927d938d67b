/**
 * Stock control: the handheld count of the store, a showcase or a tray; tagging pieces at the
 * counter encoder; moving pieces. One tab per job, each shown only to the roles allowed to do it.
 * The shell hands in the live sweep counters and any code scanned while this screen is up.
 */
import { html, LitElement, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-stock-sweep.ts';
import './pos-stock-tag.ts';
import './pos-stock-moves.ts';
import type { SweepProgress } from '../data/stock.ts';
import { t } from '../i18n/translate.ts';

type Tab = 'count' | 'tag' | 'move';
const TABS: { tab: Tab; permission: string }[] = [
  { tab: 'count', permission: 'stock.read' },
  { tab: 'tag', permission: 'stock.tag' },
  { tab: 'move', permission: 'stock.move' },
];

@customElement('pos-stock')
export class PosStock extends LitElement {
  @property({ attribute: false }) permissions: readonly string[] = [];
  @property({ attribute: false }) progress: SweepProgress | null = null;
  @property({ attribute: false }) scan: { code: string; at: number } | null = null;
  @state() private _tab: Tab = 'count';

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-rows: auto minmax(0, 1fr); height: 100%; min-height: 0; }
      header { display: flex; align-items: center; gap: 8px; padding: 6px 12px; background: var(--paper); border-bottom: 1px solid var(--line); }
      h1 { font-size: 1.4rem; margin-right: auto; }
      .tabs { display: flex; gap: 6px; }
      .body { min-height: 0; overflow: hidden; }
      .body > * { height: 100%; }
    `,
  ];

  override render() {
    const allowed = new Set(this.permissions);
    const tabs = TABS.filter((item) => allowed.has(item.permission));
    const tab = tabs.some((item) => item.tab === this._tab) ? this._tab : (tabs[0]?.tab ?? null);
    return html`
      <header>
        <h1>${t('stock.title')}</h1>
        <div class="tabs" role="group" aria-label=${t('stock.title')}>
          ${tabs.map((item) => html`<button aria-pressed=${String(item.tab === tab)} @click=${() => (this._tab = item.tab)}>${t(`stock.tab.${item.tab}`)}</button>`)}
        </div>
      </header>
      <div class="body">${this.#renderTab(tab, allowed)}</div>
    `;
  }

  #renderTab(tab: Tab | null, allowed: ReadonlySet<string>) {
    switch (tab) {
      case 'count':
        return html`<pos-stock-sweep .progress=${this.progress} ?canCount=${allowed.has('stock.count')} ?canMove=${allowed.has('stock.move')}></pos-stock-sweep>`;
      case 'tag':
        return html`<pos-stock-tag .scan=${this.scan}></pos-stock-tag>`;
      case 'move':
        return html`<pos-stock-moves .scan=${this.scan}></pos-stock-moves>`;
      default:
        return nothing;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-stock': PosStock;
  }
}
