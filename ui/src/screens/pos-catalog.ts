/**
 * Catalog lookup by touch: filter by metal, karat, stone, price range, collection and showcase
 * (the collections and showcases are the ones in stock), see the pieces as tray cards, open one.
 * "Add to sale" bubbles up as `pos-add` with its stock number.
 */
import { html, LitElement, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-piece-art.ts';
import '../components/pos-piece-detail.ts';
import '../components/pos-problem.ts';
import { metalWords } from '../components/pos-piece-detail.ts';
import { photoPath, searchPieces, type Piece, type PieceFilters } from '../data/catalog.ts';
import { minorOf, money } from '../format.ts';

const major = (amount: number) => money(minorOf(String(amount)) ?? 0).replace(/[.,]00$/, '');
import { t, tMaybe } from '../i18n/translate.ts';

const METALS = ['gold', 'platinum', 'palladium', 'silver'];
const KARATS = [{ fineness: 585, label: '14k' }, { fineness: 750, label: '18k' }, { fineness: 950, label: 'Pt 950' }];
const STONES = ['diamond', 'sapphire', 'ruby', 'emerald', 'pearl'];
/** Price bands in major units of the store currency. */
const PRICE_BANDS: { min?: number; max?: number }[] = [{ max: 5_000 }, { min: 5_000, max: 15_000 }, { min: 15_000, max: 50_000 }, { min: 50_000 }];
const SEARCH_LIMIT = 60;

@customElement('pos-catalog')
export class PosCatalog extends LitElement {
  @state() private _filters: PieceFilters = { status: 'in_stock' };
  @state() private _band = -1;
  @state() private _pieces: Piece[] = [];
  @state() private _collections: string[] = [];
  @state() private _locations: string[] = [];
  @state() private _open: Piece | null = null;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(220px, 32%) minmax(0, 1fr); height: 100%; min-height: 0; }
      .filters { overflow: auto; padding: 8px 12px; background: var(--paper); border-right: 1px solid var(--line); }
      fieldset { border: 0; padding: 0; margin: 0 0 8px; }
      legend { font-size: 0.8rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; margin-bottom: 4px; }
      .chips { display: flex; flex-wrap: wrap; gap: 6px; }
      .chips button { padding: 0 12px; font-size: 0.9rem; }
      .results { overflow: auto; padding: 10px 12px; display: flex; flex-direction: column; gap: 8px; }
      .count { color: var(--muted); }
      .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; }
      .grid button { display: flex; flex-direction: column; align-items: stretch; gap: 4px; padding: 8px; text-align: left; height: auto; }
      .grid pos-piece-art { width: 100%; aspect-ratio: 4 / 3; max-height: 120px; }
      .name { font-weight: 600; font-size: 0.9rem; line-height: 1.25; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
      .meta { font-size: 0.8rem; color: var(--muted); }
      .price { font-family: var(--serif); font-size: 1.1rem; }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#search();
    void searchPieces({ status: 'in_stock' }, 200).then((all) => {
      this._collections = [...new Set(all.map((piece) => piece.style?.collection).filter((name): name is string => Boolean(name)))].sort();
      this._locations = [...new Set(all.map((piece) => piece.location.split(' / ')[0] as string))].sort();
    }, (error: unknown) => (this._error = error));
  }

  async #search(): Promise<void> {
    this._error = null;
    try {
      this._pieces = await searchPieces(this._filters, SEARCH_LIMIT);
    } catch (error) {
      this._error = error;
    }
  }

  #toggle<K extends keyof PieceFilters>(key: K, value: PieceFilters[K]): void {
    this._filters = { ...this._filters, [key]: this._filters[key] === value ? undefined : value };
    void this.#search();
  }

  #priceBand(index: number): void {
    this._band = this._band === index ? -1 : index;
    const band = PRICE_BANDS[this._band];
    const minor = (major?: number) => (major === undefined ? undefined : (minorOf(String(major)) ?? undefined));
    this._filters = { ...this._filters, minPriceMinor: minor(band?.min), maxPriceMinor: minor(band?.max) };
    void this.#search();
  }

  #chip<K extends keyof PieceFilters>(key: K, value: PieceFilters[K], label: string) {
    return html`<button aria-pressed=${String(this._filters[key] === value)} @click=${() => this.#toggle(key, value)}>${label}</button>`;
  }

  override render() {
    const bandLabel = (band: { min?: number; max?: number }) =>
      band.min === undefined ? t('catalog.under', { amount: major(band.max ?? 0) }) : band.max === undefined ? t('catalog.over', { amount: major(band.min) }) : `${major(band.min)} – ${major(band.max)}`;
    return html`
      <section class="filters" aria-label=${t('catalog.filters')}>
        <fieldset><legend>${t('catalog.metal')}</legend><div class="chips">${METALS.map((metal) => this.#chip('metal', metal as PieceFilters['metal'], tMaybe(`metal.${metal}`) ?? metal))}</div></fieldset>
        <fieldset><legend>${t('catalog.karat')}</legend><div class="chips">${KARATS.map((karat) => this.#chip('fineness', karat.fineness, karat.label))}</div></fieldset>
        <fieldset><legend>${t('catalog.stone')}</legend><div class="chips">${STONES.map((stone) => this.#chip('stone', stone, tMaybe(`stone.${stone}`) ?? stone))}</div></fieldset>
        <fieldset><legend>${t('catalog.price')}</legend><div class="chips">${PRICE_BANDS.map((band, index) => html`<button aria-pressed=${String(this._band === index)} @click=${() => this.#priceBand(index)}>${bandLabel(band)}</button>`)}</div></fieldset>
        <fieldset><legend>${t('catalog.collection')}</legend><div class="chips">${this._collections.map((name) => this.#chip('collection', name, name))}</div></fieldset>
        <fieldset><legend>${t('catalog.location')}</legend><div class="chips">${this._locations.map((name) => this.#chip('location', name, name))}</div></fieldset>
      </section>
      <section class="results" aria-label=${t('catalog.results')}>
        <pos-problem .error=${this._error}></pos-problem>
        <div class="count" role="status">${this._pieces.length === SEARCH_LIMIT ? t('catalog.countMore', { count: SEARCH_LIMIT }) : t('catalog.count', { count: this._pieces.length })}</div>
        <div class="grid">
          ${this._pieces.map(
            (piece) => html`<button data-stock-no=${piece.stockNo} @click=${() => (this._open = piece)}>
              <pos-piece-art category=${piece.category} metal=${piece.metal} .colour=${piece.metalColour} .photo=${photoPath(piece)}></pos-piece-art>
              <span class="name">${piece.description}</span>
              <span class="meta">${piece.stockNo} · ${metalWords(piece)}</span>
              <span class="price amount">${money(piece.retailMinor, piece.currency)}</span>
            </button>`,
          )}
        </div>
      </section>
      ${this._open ? html`<pos-piece-detail .piece=${this._open} @pos-close=${() => (this._open = null)} @pos-add=${() => (this._open = null)}></pos-piece-detail>` : ''}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-catalog': PosCatalog;
  }
}
