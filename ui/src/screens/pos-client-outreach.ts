/**
 * Who to contact on a channel in the coming days, and why: milestones, wishes now in stock, VIP
 * previews. The appliance lists only clients who consented to that channel. The list can be sent
 * to HQ for messaging. Emits `pos-client-open` with a client's id.
 */
import { html, LitElement, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-problem.ts';
import { CHANNELS, exportOutreach, outreachList, type Channel, type Outreach } from '../data/clients.ts';
import { calendarDay } from '../format.ts';
import { t } from '../i18n/translate.ts';

const DAYS = [7, 14, 30] as const;

@customElement('pos-client-outreach')
export class PosClientOutreach extends LitElement {
  @state() private _channel: Channel = 'email';
  @state() private _days: number = DAYS[1];
  @state() private _list: Outreach[] | null = null;
  @state() private _sent: number | null = null;
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: flex; flex-direction: column; gap: 8px; padding: 10px 12px; min-height: 0; }
      .filters { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
      .filters button { padding: 0 12px; font-size: 0.9rem; }
      .gap { width: 12px; }
      ul { list-style: none; margin: 0; padding: 0; overflow: auto; display: flex; flex-direction: column; gap: 6px; }
      li button { width: 100%; display: grid; grid-template-columns: 1fr auto; gap: 10px; align-items: center; text-align: left; min-height: 60px; padding: 6px 14px; }
      .name { font-weight: 600; }
      .sub { font-size: 0.85rem; color: var(--muted); overflow-wrap: anywhere; }
      .when { font-size: 0.9rem; white-space: nowrap; }
      .foot { display: flex; gap: 8px; align-items: center; }
      .sent { color: var(--ok); }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  async #load(): Promise<void> {
    this._error = null;
    this._sent = null;
    try {
      this._list = await outreachList(this._channel, this._days);
    } catch (error) {
      this._error = error;
    }
  }

  async #send(): Promise<void> {
    this._error = null;
    try {
      this._sent = (await exportOutreach(this._channel, this._days)).exported;
    } catch (error) {
      this._error = error;
    }
  }

  #pick(channel: Channel, days: number): void {
    this._channel = channel;
    this._days = days;
    void this.#load();
  }

  override render() {
    const list = this._list ?? [];
    return html`
      <div class="filters" role="group" aria-label=${t('clients.outreachFilters')}>
        ${CHANNELS.map((channel) => html`<button aria-pressed=${String(this._channel === channel)} @click=${() => this.#pick(channel, this._days)}>${t(`clients.channel.${channel}`)}</button>`)}
        <span class="gap"></span>
        ${DAYS.map((days) => html`<button aria-pressed=${String(this._days === days)} @click=${() => this.#pick(this._channel, days)}>${t('clients.nextDays', { days })}</button>`)}
      </div>
      <pos-problem .error=${this._error}></pos-problem>
      <div class="sub" role="status">${this._list === null ? '' : list.length === 0 ? t('clients.outreachNone') : t('clients.outreachCount', { count: list.length })} ${t('clients.outreachConsent')}</div>
      <ul aria-label=${t('clients.outreach')}>
        ${list.map(
          (entry) => html`<li><button data-client-id=${entry.clientId} @click=${() => this.dispatchEvent(new CustomEvent('pos-client-open', { detail: entry.clientId, bubbles: true, composed: true }))}>
            <span><div class="name">${entry.name}</div><div class="sub">${t(`clients.reason.${entry.reason}`)}: ${entry.detail} · ${entry.contact}</div></span>
            <span class="when">${entry.date ? calendarDay(entry.date, false) : ''}</span>
          </button></li>`,
        )}
      </ul>
      <div class="foot">
        <button ?disabled=${list.length === 0} @click=${() => void this.#send()}>${t('clients.outreachSend')}</button>
        ${this._sent !== null ? html`<span class="sent" role="status">${t('clients.outreachSent', { count: this._sent })}</span>` : ''}
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-client-outreach': PosClientOutreach;
  }
}
