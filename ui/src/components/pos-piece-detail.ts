/**
 * A piece in full, as a jeweler presents it: picture, price, metal and weights, every stone with
 * its grading and certificate, the showcase it lives in. Emits `pos-add` (stock no.) when the
 * clerk adds it to the sale; prints the certificate at the counter. A sale line slots in its own
 * actions (discount, remove).
 */
import { html, LitElement, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-dialog.ts';
import './pos-piece-art.ts';
import './pos-problem.ts';
import { photoPath, printCertificate, type Piece } from '../data/catalog.ts';
import { carats, grams, money } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';

export function metalWords(piece: Pick<Piece, 'metal' | 'fineness' | 'karat' | 'metalColour'>): string {
  const metal = tMaybe(`metal.${piece.metal}`) ?? piece.metal;
  const colour = piece.metalColour ? `${tMaybe(`colour.${piece.metalColour}`) ?? piece.metalColour} ` : '';
  return piece.karat ? `${piece.karat}k ${colour}${metal}` : `${colour}${metal} ${piece.fineness}`;
}

@customElement('pos-piece-detail')
export class PosPieceDetail extends LitElement {
  @property({ attribute: false }) piece: Piece | null = null;
  /** False when the piece is already in the sale or not for sale. */
  @property({ type: Boolean }) canAdd = true;
  @state() private _printed = false;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      .layout { display: grid; grid-template-columns: minmax(140px, 220px) 1fr; gap: 18px; }
      .price { font-family: var(--serif); font-size: 1.9rem; margin: 2px 0 6px; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 8px 0; }
      dt { color: var(--muted); } dd { margin: 0; }
      h3 { font-size: 1.1rem; margin: 10px 0 4px; }
      ul { margin: 0; padding-left: 18px; }
      li { margin: 2px 0; }
      .status { display: inline-block; padding: 2px 10px; border-radius: 999px; background: var(--gold-soft); font-size: 0.85rem; }
      .actions { display: flex; gap: 8px; margin-top: 14px; flex-wrap: wrap; }
      .actions button, ::slotted(button) { flex: 1; }
    `,
  ];

  async #print(): Promise<void> {
    this._error = null;
    try {
      await printCertificate((this.piece as Piece).id);
      this._printed = true;
    } catch (error) {
      this._error = error;
    }
  }

  override render() {
    const piece = this.piece;
    if (!piece) return nothing;
    const certified = piece.stones.filter((stone) => stone.certificate);
    return html`<pos-dialog heading=${piece.description} width="780px">
      <div class="layout">
        <div><pos-piece-art category=${piece.category} metal=${piece.metal} .colour=${piece.metalColour} .photo=${photoPath(piece)}></pos-piece-art></div>
        <div>
          <span class="status">${tMaybe(`status.${piece.status}`) ?? piece.status}</span>
          <div class="price amount">${money(piece.retailMinor, piece.currency)}</div>
          <dl>
            <dt>${t('piece.stockNo')}</dt><dd>${piece.stockNo}</dd>
            <dt>${t('piece.metal')}</dt><dd>${metalWords(piece)}${piece.metalWeightUg ? `, ${grams(piece.metalWeightUg)}` : ''}</dd>
            ${piece.style ? html`<dt>${t('piece.collection')}</dt><dd>${piece.style.collection ?? piece.style.name}${piece.style.designer ? ` · ${piece.style.designer}` : ''}</dd>` : ''}
            <dt>${t('piece.location')}</dt><dd>${piece.location}</dd>
          </dl>
          ${piece.stones.length > 0
            ? html`<h3>${t('piece.stones')}</h3><ul>${piece.stones.map(
                (stone) => html`<li>${stone.count} ${tMaybe(`stone.${stone.type}`) ?? stone.type}, ${carats(stone.weightUg)}${stone.colour ? ` · ${stone.colour}` : ''}${stone.clarity ? ` · ${stone.clarity}` : ''}${stone.cut ? ` · ${stone.cut}` : ''}</li>`,
              )}</ul>`
            : ''}
          ${certified.length > 0 ? html`<h3>${t('piece.certificate')}</h3><ul>${certified.map((stone) => html`<li>${stone.certificate?.lab} ${stone.certificate?.reportNo}</li>`)}</ul>` : ''}
        </div>
      </div>
      <pos-problem .error=${this._error}></pos-problem>
      <div class="actions">
        <slot name="actions"></slot>
        <button @click=${this.#print}>${this._printed ? t('piece.certificatePrinted') : t('piece.printCertificate')}</button>
        ${this.canAdd && piece.status === 'in_stock' ? html`<button class="primary" @click=${() => this.dispatchEvent(new CustomEvent('pos-add', { detail: piece.stockNo, bubbles: true, composed: true }))}>${t('piece.addToSale')}</button>` : ''}
      </div>
    </pos-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-piece-detail': PosPieceDetail;
  }
}
