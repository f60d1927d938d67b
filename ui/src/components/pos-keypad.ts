/**
 * The on-screen numeric keypad for PINs and amounts: big keys, a press you can see, and the
 * physical keyboard as well (digits, Backspace, Escape, Enter). It keeps no value: it emits `pos-key`
 * with the key, and `applyKey()` is how a screen folds keys into its entry.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { t } from '../i18n/translate.ts';

export type Key = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '00' | '.' | 'back' | 'clear' | 'enter';

export function applyKey(value: string, key: Key, maxLength: number): string {
  if (key === 'enter') return value;
  if (key === 'back') return value.slice(0, -1);
  if (key === 'clear') return '';
  if (key === '.' && value.includes('.')) return value;
  const next = value + (key === '.' && value === '' ? '0.' : key);
  return next.length > maxLength ? value : next;
}

@customElement('pos-keypad')
export class PosKeypad extends LitElement {
  /** `pin`: digits only, masked elsewhere; `amount`: with "00" and a decimal point. */
  @property() mode: 'pin' | 'amount' = 'pin';

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: repeat(3, 1fr); gap: var(--keypad-gap, 8px); }
      button { height: var(--key-height, 58px); font-size: 1.5rem; font-variant-numeric: tabular-nums; padding: 0; }
      button.small { font-size: 1rem; }
    `,
  ];

  #onKeydown = (event: KeyboardEvent) => {
    if (/^[0-9]$/.test(event.key)) this.#press(event.key as Key);
    else if (event.key === 'Backspace') this.#press('back');
    else if (event.key === 'Escape') this.#press('clear');
    else if (event.key === 'Enter') this.#press('enter');
    else if (event.key === '.' && this.mode === 'amount') this.#press('.');
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.#onKeydown);
  }
  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.#onKeydown);
    super.disconnectedCallback();
  }

  #press(key: Key): void {
    this.dispatchEvent(new CustomEvent<Key>('pos-key', { detail: key, bubbles: true, composed: true }));
  }

  override render() {
    const digit = (key: Key) => html`<button @click=${() => this.#press(key)}>${key}</button>`;
    const left = this.mode === 'amount' ? html`<button class="small" @click=${() => this.#press('.')} aria-label=${t('keypad.point')}>.</button>` : html`<button class="small" @click=${() => this.#press('clear')}>${t('keypad.clear')}</button>`;
    const right = html`<button class="small" @click=${() => this.#press('back')} aria-label=${t('keypad.back')}>⌫</button>`;
    return html`${(['1', '2', '3', '4', '5', '6', '7', '8', '9'] as Key[]).map(digit)} ${left} ${digit('0')} ${this.mode === 'amount' ? digit('00') : right}
      ${this.mode === 'amount' ? html`<button class="small" @click=${() => this.#press('clear')}>${t('keypad.clear')}</button><span></span>${right}` : ''}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-keypad': PosKeypad;
  }
}
