/**
 * Pick one of a few ready-made answers with a tap (why a sale is parked or voided, why cash goes in
 * or out): the counter has no keyboard. Emits `pos-choose` with the chosen text.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-dialog.ts';
import './pos-problem.ts';

@customElement('pos-choice-dialog')
export class PosChoiceDialog extends LitElement {
  @property() heading = '';
  @property({ attribute: false }) choices: { label: string; value: string; detail?: string }[] = [];
  @property({ attribute: false }) error: unknown = null;

  static override styles = [
    theme,
    css`
      .choices { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 8px; margin-top: 8px; }
      button { min-height: 60px; text-align: left; display: flex; flex-direction: column; justify-content: center; align-items: flex-start; }
      small { color: var(--muted); }
      p { margin: 8px 0; }
    `,
  ];

  override render() {
    return html`<pos-dialog heading=${this.heading}>
      <slot></slot>
      <pos-problem .error=${this.error}></pos-problem>
      <div class="choices">
        ${this.choices.map((choice) => html`<button @click=${() => this.dispatchEvent(new CustomEvent('pos-choose', { detail: choice.value, bubbles: true, composed: true }))}>${choice.label}${choice.detail ? html`<small>${choice.detail}</small>` : ''}</button>`)}
      </div>
    </pos-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-choice-dialog': PosChoiceDialog;
  }
}
