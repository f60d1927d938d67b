/**
 * Today's appointments at the store: when, with whom, what for, and the pieces to have ready.
 * Emits `pos-client-open` with the client's id.
 */
import { html, LitElement, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-problem.ts';
import { appointmentsToday, type Appointment } from '../data/clients.ts';
import { calendarDay, storeDay, timeOfDay } from '../format.ts';
import { t } from '../i18n/translate.ts';

@customElement('pos-client-appointments')
export class PosClientAppointments extends LitElement {
  @state() private _list: Appointment[] | null = null;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; gap: 8px; padding: 10px 12px; min-height: 0; }
      ol { list-style: none; margin: 0; padding: 0; overflow: auto; display: flex; flex-direction: column; gap: 6px; }
      li button { width: 100%; display: grid; grid-template-columns: 7.5rem 1fr; gap: 12px; align-items: center; text-align: left; min-height: 60px; padding: 6px 14px; }
      .time { font-family: var(--serif); font-size: 1.35rem; white-space: nowrap; }
      h2 { font-size: 1.3rem; }
      .name { font-weight: 600; }
      .sub { font-size: 0.85rem; color: var(--muted); overflow-wrap: anywhere; }
      .empty { color: var(--muted); }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void appointmentsToday().then((list) => (this._list = [...list].sort((a, b) => a.at.localeCompare(b.at))), (error: unknown) => (this._error = error));
  }

  override render() {
    const list = this._list;
    return html`
      <h2>${t('clients.today.title')} · ${calendarDay(storeDay(new Date()))}</h2>
      <pos-problem .error=${this._error}></pos-problem>
      ${list && list.length === 0 ? html`<p class="empty" role="status">${t('clients.noAppointments')}</p>` : ''}
      <ol aria-label=${t('clients.today.title')}>
        ${(list ?? []).map(
          (appointment) => html`<li><button data-client-id=${appointment.clientId} @click=${() => this.dispatchEvent(new CustomEvent('pos-client-open', { detail: appointment.clientId, bubbles: true, composed: true }))}>
            <span class="time">${timeOfDay(appointment.at)}</span>
            <span><div class="name">${appointment.clientName} · ${appointment.purpose}</div><div class="sub">${t('clients.with', { name: appointment.staffName })}${appointment.pieces.length ? ` · ${t('clients.haveReady', { pieces: appointment.pieces.join(', ') })}` : ''}</div></span>
          </button></li>`,
        )}
      </ol>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-client-appointments': PosClientAppointments;
  }
}
