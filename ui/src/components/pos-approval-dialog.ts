/**
 * The manager override: a manager enters their staff number and PIN on the keypad to approve one
 * action the clerk may not do alone. Emits `pos-approved` with the single-use token, or
 * `pos-close` when the clerk gives up.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-dialog.ts';
import './pos-keypad.ts';
import './pos-problem.ts';
import { applyKey, type Key } from './pos-keypad.ts';
import { approve } from '../data/auth.ts';
import { t, tMaybe } from '../i18n/translate.ts';

@customElement('pos-approval-dialog')
export class PosApprovalDialog extends LitElement {
  @property() permission = '';
  @state() private _code = '';
  @state() private _pin = '';
  @state() private _field: 'code' | 'pin' = 'code';
  @state() private _busy = false;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      .layout { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; align-items: start; }
      p { margin: 0 0 10px; }
      .field { width: 100%; height: 56px; margin-bottom: 8px; display: flex; justify-content: space-between; align-items: center; text-align: left; font-size: 1.3rem; font-variant-numeric: tabular-nums; }
      .field small { font-size: 0.85rem; color: var(--muted); }
      .field[aria-pressed='true'] small { color: #e3d7c2; }
      .confirm { width: 100%; height: 56px; margin-top: 6px; }
      pos-keypad { --key-height: 54px; }
      @media (max-height: 520px) { pos-keypad { --key-height: 46px; --keypad-gap: 6px; } .field { height: 50px; } }
    `,
  ];

  #onKey(event: CustomEvent<Key>): void {
    this._error = null;
    if (event.detail === 'enter') void this.#approve();
    else if (this._field === 'code') this._code = applyKey(this._code, event.detail, 6);
    else this._pin = applyKey(this._pin, event.detail, 8);
  }

  async #approve(): Promise<void> {
    if (this._field === 'code') {
      if (this._code.length >= 2) this._field = 'pin';
      return;
    }
    this._busy = true;
    try {
      const granted = await approve(this._code, this._pin, this.permission);
      this.dispatchEvent(new CustomEvent('pos-approved', { detail: granted.approvalToken, bubbles: true, composed: true }));
    } catch (error) {
      this._error = error;
      this._pin = '';
    } finally {
      this._busy = false;
    }
  }

  override render() {
    return html`<pos-dialog heading=${t('approval.title')} width="720px">
      <div class="layout">
        <div>
          <p>${t('approval.explain', { action: tMaybe(`permission.${this.permission}`) ?? this.permission })}</p>
          <button class="field" aria-pressed=${String(this._field === 'code')} @click=${() => (this._field = 'code')}><small>${t('approval.code')}</small><span>${this._code}</span></button>
          <button class="field" aria-pressed=${String(this._field === 'pin')} @click=${() => (this._field = 'pin')}><small>${t('approval.pin')}</small><span>${'•'.repeat(this._pin.length)}</span></button>
          <pos-problem .error=${this._error}></pos-problem>
          <button class="primary confirm" ?disabled=${this._busy} @click=${this.#approve}>${this._field === 'code' ? t('common.next') : t('approval.approve')}</button>
        </div>
        <pos-keypad mode="pin" @pos-key=${this.#onKey}></pos-keypad>
      </div>
    </pos-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-approval-dialog': PosApprovalDialog;
  }
}
