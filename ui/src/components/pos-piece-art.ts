/**
 * A piece's picture: its first photo when it has one (fetched behind the session), and until it
 * arrives, or when there is none, the piece's kind drawn in its metal's colour, the way a tray
 * card shows it.
 */
import { html, LitElement, css, svg, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { imageUrl } from '../data/api.ts';

const METAL_TINT: Record<string, string> = { yellow: '#c9a24a', rose: '#c98b6b', white: '#b9bcc2', black: '#3b3b3b', 'two-tone': '#c9a24a' };
const METAL_DEFAULT: Record<string, string> = { gold: '#c9a24a', platinum: '#aeb3ba', palladium: '#a4a7ab', silver: '#c4c7cc' };

const SHAPES: Record<string, (tint: string) => unknown> = {
  ring: (tint) => svg`<circle cx="50" cy="60" r="24" fill="none" stroke=${tint} stroke-width="7"/><path d="M40 30 L50 18 L60 30 L50 40 Z" fill="#eaf4fb" stroke="#8fa9b8" stroke-width="1.5"/>`,
  earrings: (tint) => svg`<g fill="none" stroke=${tint} stroke-width="4"><circle cx="34" cy="38" r="6"/><circle cx="66" cy="38" r="6"/></g><g fill="#eaf4fb" stroke="#8fa9b8" stroke-width="1.5"><path d="M34 48 L42 62 L34 78 L26 62 Z"/><path d="M66 48 L74 62 L66 78 L58 62 Z"/></g>`,
  pendant: (tint) => svg`<path d="M20 18 Q50 62 80 18" fill="none" stroke=${tint} stroke-width="3"/><path d="M50 50 L62 66 L50 84 L38 66 Z" fill="#eaf4fb" stroke="#8fa9b8" stroke-width="1.5"/>`,
  necklace: (tint) => svg`<path d="M16 20 Q50 90 84 20" fill="none" stroke=${tint} stroke-width="3"/>${[0.2, 0.35, 0.5, 0.65, 0.8].map((f) => svg`<circle cx=${16 + 68 * f} cy=${20 + 140 * f * (1 - f)} r="4" fill="#eaf4fb" stroke="#8fa9b8"/>`)}`,
  bracelet: (tint) => svg`<ellipse cx="50" cy="55" rx="32" ry="20" fill="none" stroke=${tint} stroke-width="7"/>`,
  watch: (tint) => svg`<rect x="40" y="10" width="20" height="80" rx="6" fill=${tint} opacity="0.6"/><circle cx="50" cy="50" r="18" fill="#fbfaf7" stroke=${tint} stroke-width="5"/><path d="M50 50 L50 39 M50 50 L58 54" stroke="#333" stroke-width="2"/>`,
};

@customElement('pos-piece-art')
export class PosPieceArt extends LitElement {
  @property() category = 'other';
  @property() metal = 'gold';
  @property() colour: string | null = null;
  /** The photo to show: `/api/v1/pieces/{id}/photos/{sha256}`, or null. */
  @property() photo: string | null = null;
  @state() private url: string | null = null;

  override willUpdate(changed: PropertyValues<this>): void {
    if (!changed.has('photo')) return;
    this.#release();
    const wanted = this.photo;
    if (wanted) void imageUrl(wanted).then((url) => (this.photo === wanted ? (this.url = url) : url && URL.revokeObjectURL(url)));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#release();
  }

  #release(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
  }

  static override styles = css`
    :host { display: block; aspect-ratio: 1; background: radial-gradient(circle at 50% 40%, #fffdf8, #efe7d8); border-radius: var(--radius, 10px); }
    svg { width: 100%; height: 100%; }
    img { width: 100%; height: 100%; object-fit: cover; border-radius: inherit; display: block; }
  `;

  override render() {
    if (this.url) return html`<img src=${this.url} alt="" />`;
    const tint = (this.colour && METAL_TINT[this.colour]) || METAL_DEFAULT[this.metal] || '#c9a24a';
    const shape = SHAPES[this.category] ?? ((t: string) => svg`<circle cx="50" cy="50" r="20" fill="none" stroke=${t} stroke-width="6"/>`);
    return html`<svg viewBox="0 0 100 100" role="img" aria-hidden="true">${shape(tint)}</svg>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-piece-art': PosPieceArt;
  }
}
