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
  @property({ reflect: true }) mode: 'pin' | 'amount' = 'pin';

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: repeat(3, 1fr); gap: var(--keypad-gap, 8px); }
      :host([mode='amount']) { grid-template-columns: repeat(3, 1fr) 0.8fr; grid-auto-flow: dense; }
      .tall { grid-column: 4; grid-row: span 2; display: grid; }
      .tall button { height: auto; }
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
    const key = (value: Key, label: string = value, name?: string) => html`<button class=${label === value ? '' : 'small'} aria-label=${name ?? label} @click=${() => this.#press(value)}>${label}</button>`;
    const digits = (['1', '2', '3', '4', '5', '6', '7', '8', '9'] as Key[]).map((digit) => key(digit));
    const back = key('back', '⌫', t('keypad.back'));
    const clear = key('clear', t('keypad.clear'));
    if (this.mode === 'pin') return html`${digits} ${clear} ${key('0')} ${back}`;
    // Amounts: a fourth column holds delete and clear, tall, so four rows fit the 480 px panel.
    return html`${digits.slice(0, 3)} <span class="tall">${back}</span> ${digits.slice(3, 6)} ${digits.slice(6, 9)} <span class="tall">${clear}</span> ${key('.', '.', t('keypad.point'))} ${key('0')} ${key('00')}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-keypad': PosKeypad;
  }
}
