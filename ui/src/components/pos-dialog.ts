/**
 * A modal sheet over the screen: a title, the content, and a close button big enough for a
 * thumb. Emits `pos-close` when the clerk closes it (button, Escape or a tap outside).
 */
import { html, LitElement, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { t } from '../i18n/translate.ts';

@customElement('pos-dialog')
export class PosDialog extends LitElement {
  @property() heading = '';
  /** Width on a large panel; on the 800 px panel a dialog takes what it needs up to the screen. */
  @property() width = '640px';

  static override styles = [
    theme,
    css`
      :host { position: fixed; inset: 0; z-index: 20; display: grid; place-items: center; background: rgb(30 27 23 / 0.45); }
      section { width: min(var(--dialog-width), calc(100vw - 24px)); max-height: calc(100vh - 24px); display: flex; flex-direction: column; background: var(--ivory); border-radius: 14px; box-shadow: 0 18px 50px rgb(0 0 0 / 0.3); overflow: hidden; }
      header { display: flex; align-items: center; gap: 12px; padding: 6px 6px 6px 20px; border-bottom: 1px solid var(--line); background: var(--paper); }
      h2 { flex: 1; font-size: 1.45rem; }
      .body { padding: 14px 18px 16px; overflow: auto; }
      .body:focus-visible { outline: none; }
    `,
  ];

  #close = () => this.dispatchEvent(new CustomEvent('pos-close', { bubbles: true, composed: true }));
  #onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') this.#close();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKeydown);
  }
  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.#onKeydown);
    super.disconnectedCallback();
  }

  override render() {
    return html`<section role="dialog" aria-modal="true" aria-label=${this.heading} style="--dialog-width:${this.width}" @click=${(event: Event) => event.stopPropagation()}>
      <header><h2>${this.heading}</h2><button class="quiet" @click=${this.#close} aria-label=${t('common.close')}>✕</button></header>
      <div class="body" tabindex="0"><slot></slot></div>
    </section>`;
  }

  override firstUpdated(): void {
    this.addEventListener('click', (event) => {
      if (event.target === this) this.#close();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-dialog': PosDialog;
  }
}
