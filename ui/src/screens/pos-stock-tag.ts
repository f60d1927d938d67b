/**
 * Commissioning at the counter: find the piece (scan its label, type its stock number, or tap one
 * of the untagged pieces), lay a blank tag on the encoder pad, tag it. The appliance encodes the
 * tag, reads it back and only then binds it; success shows the tag's EPC, a failure says what went
 * wrong and what to do. A tagged piece can be tagged again (its old tag is retired).
 */
import { html, LitElement, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-piece-art.ts';
import '../components/pos-problem.ts';
import '../components/pos-stock-find.ts';
import { photoPath, searchPieces, type Piece } from '../data/catalog.ts';
import { tagPiece, type Tagged } from '../data/stock.ts';
import { t } from '../i18n/translate.ts';

/** Untagged pieces offered to tap: enough for a tray being commissioned. */
const UNTAGGED_SHOWN = 12;

@customElement('pos-stock-tag')
export class PosStockTag extends LitElement {
  @property({ attribute: false }) scan: { code: string; at: number } | null = null;
  @state() private _piece: Piece | null = null;
  @state() private _untagged: Piece[] = [];
  @state() private _tagged: Tagged | null = null;
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; padding: 10px 12px; overflow: auto; align-items: start; }
      section.card { padding: 10px 12px; }
      h2 { font-size: 1.2rem; margin-bottom: 6px; }
      .piece { display: grid; grid-template-columns: 96px minmax(0, 1fr); gap: 12px; align-items: center; margin: 8px 0; }
      .piece pos-piece-art { width: 96px; height: 96px; }
      .piece strong { display: block; font-size: 1.1rem; }
      .steps { margin: 6px 0; padding-left: 1.3em; }
      .done { padding: 10px 14px; border-radius: var(--radius); background: var(--ok-soft); border-left: 5px solid var(--ok); margin-top: 8px; }
      pos-problem { margin-top: 8px; }
      .done strong { display: block; }
      .epc { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
      ul { list-style: none; margin: 8px 0 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px; }
      ul button { width: 100%; height: auto; min-height: 56px; padding: 6px 10px; text-align: left; display: flex; flex-direction: column; }
      .muted { font-size: 0.85rem; }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 8px; }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#loadUntagged();
  }

  async #loadUntagged(): Promise<void> {
    try {
      const pieces = await searchPieces({ status: 'in_stock' }, 200);
      this._untagged = pieces.filter((piece) => !piece.epc).slice(0, UNTAGGED_SHOWN);
    } catch (error) {
      this._error = error;
    }
  }

  #found(piece: Piece): void {
    this._piece = piece;
    this._tagged = null;
    this._error = null;
  }

  async #tag(): Promise<void> {
    const piece = this._piece as Piece;
    this._busy = true;
    this._error = null;
    this._tagged = null;
    try {
      this._tagged = await tagPiece(piece.id);
      this._piece = this._tagged.piece;
      void this.#loadUntagged();
    } catch (error) {
      this._error = error;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const piece = this._piece;
    return html`
      <section class="card" aria-labelledby="tagTitle">
        <h2 id="tagTitle">${t('stock.tagTitle')}</h2>
        <pos-stock-find .scan=${this.scan} @pos-found=${(event: CustomEvent<Piece>) => this.#found(event.detail)}></pos-stock-find>
        <div aria-live="polite">
          ${this._tagged
            ? html`<div class="done" role="status"><strong>${t('stock.taggedOk', { stockNo: this._tagged.piece.stockNo })}</strong><span class="epc">EPC ${this._tagged.epc}</span>${this._tagged.retiredEpc ? html`<br /><span class="muted">${t('stock.retired', { epc: this._tagged.retiredEpc })}</span>` : nothing}</div>`
            : nothing}
          <pos-problem .error=${this._error}></pos-problem>
        </div>
        ${piece
          ? html`<div class="piece" data-stock-no=${piece.stockNo}>
                <pos-piece-art category=${piece.category} metal=${piece.metal} .colour=${piece.metalColour} .photo=${photoPath(piece)}></pos-piece-art>
                <div><strong>${piece.description}</strong><span class="muted">${piece.stockNo} · ${piece.location}</span><br /><span class="muted">${piece.epc ? t('stock.hasTag') : t('stock.noTag')}</span></div>
              </div>
              <ol class="steps"><li>${t('stock.tagStep1')}</li><li>${t('stock.tagStep2')}</li></ol>
              <div class="actions"><button class="primary" ?disabled=${this._busy} @click=${() => void this.#tag()}>${this._busy ? t('stock.tagging') : piece.epc ? t('stock.retag') : t('stock.tag')}</button></div>`
          : html`<p class="muted">${t('stock.tagIntro')}</p>`}
      </section>
      <section class="card" aria-labelledby="untaggedTitle">
        <h2 id="untaggedTitle">${t('stock.untaggedPieces')}</h2>
        ${this._untagged.length === 0
          ? html`<p class="muted">${t('stock.allTagged')}</p>`
          : html`<ul>${this._untagged.map((item) => html`<li><button aria-pressed=${String(item.id === piece?.id)} @click=${() => this.#found(item)}><strong>${item.stockNo}</strong><span class="muted">${item.description}</span></button></li>`)}</ul>`}
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-stock-tag': PosStockTag;
  }
}
