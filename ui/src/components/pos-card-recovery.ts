/**
 * Card payments the appliance reversed after a restart (approved at the terminal, the sale not
 * completed before it stopped): the clerk tells the client the money goes back to the card, and
 * takes the card again if the sale goes on. Emits `pos-close` when the clerk has read it.
 */
import { html, LitElement, css, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import type { CardPayment } from '../data/payments.ts';
import { money, timeOfDay } from '../format.ts';
import { t } from '../i18n/translate.ts';

@customElement('pos-card-recovery')
export class PosCardRecovery extends LitElement {
  @property({ attribute: false }) payments: CardPayment[] = [];

  static override styles = [
    theme,
    css`
      :host { display: block; }
      section { display: grid; gap: 6px; padding: 12px 14px; border-radius: var(--radius); background: var(--paper); border-left: 5px solid var(--gold); box-shadow: 0 8px 24px rgb(0 0 0 / 0.2); }
      ul { margin: 0; padding-left: 18px; }
      button { justify-self: end; min-height: 48px; }
    `,
  ];

  override render() {
    if (this.payments.length === 0) return nothing;
    return html`<section role="alert">
      <strong>${t('cardRecovery.title', { count: this.payments.length })}</strong>
      <ul>
        ${this.payments.map(
          (payment) => html`<li>${t('cardRecovery.line', { brand: payment.brand ?? '', last4: (payment.maskedPan ?? '').slice(-4), amount: money(payment.amountMinor, payment.currency), at: timeOfDay(payment.approvedAt ?? payment.requestedAt) })}</li>`,
        )}
      </ul>
      <span>${t('cardRecovery.todo')}</span>
      <button @click=${() => this.dispatchEvent(new CustomEvent('pos-close', { bubbles: true, composed: true }))}>${t('cardRecovery.seen')}</button>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-card-recovery': PosCardRecovery;
  }
}
