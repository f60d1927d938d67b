/**
 * For managers: the settings in force (changed on the box or by HQ, read here), the staff list,
 * and a ledger backup on demand.
 */
import { html, LitElement, css } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import '../components/pos-problem.ts';
import { backUpNow, settings, staffList, type StaffRow } from '../data/system.ts';
import { dateTime, percent } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';

interface SettingsView {
  store: { id: string; name: string; locale: string; currency: string; timeZone: string; address: string[] };
  device: { id: string; number: string };
  security: { idleLockSeconds: number; sessionHours: number };
  selling: { taxMode: string; taxRates: Record<string, number>; discountLimits: Record<string, { maxLineBps: number; maxCartBps: number }>; returnWindowDays: number };
}

@customElement('pos-settings')
export class PosSettings extends LitElement {
  @state() private _settings: SettingsView | null = null;
  @state() private _staff: StaffRow[] = [];
  @state() private _backup = '';
  @state() private _error: unknown = null;

  static override styles = [
    theme,
    css`
      :host { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 14px; padding: 10px 14px; height: 100%; min-height: 0; overflow: auto; }
      section { display: flex; flex-direction: column; gap: 8px; }
      h2 { font-size: 1.35rem; }
      dl { display: grid; grid-template-columns: minmax(8em, max-content) minmax(0, 1fr); gap: 4px 14px; margin: 0; }
      @media (max-width: 1000px) { :host { grid-template-columns: minmax(0, 1fr); } }
      dt { color: var(--muted); } dd { margin: 0; }
      table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
      td, th { text-align: left; padding: 5px 4px; border-bottom: 1px solid var(--line); }
      .done { padding: 8px 10px; background: var(--ok-soft); color: var(--ok); border-radius: var(--radius); }
    `,
  ];

  override connectedCallback(): void {
    super.connectedCallback();
    void settings().then((value) => (this._settings = value as unknown as SettingsView), (error: unknown) => (this._error = error));
    void staffList().then((rows) => (this._staff = rows), (error: unknown) => (this._error = error));
  }

  async #backUp(): Promise<void> {
    this._error = null;
    try {
      const made = await backUpNow();
      this._backup = t('settings.backedUp', { at: dateTime(made.at), size: Math.round(made.sizeBytes / 1024) });
    } catch (error) {
      this._error = error;
    }
  }

  override render() {
    const s = this._settings;
    return html`
      <section>
        <h2>${t('settings.store')}</h2>
        ${s
          ? html`<dl>
              <dt>${t('settings.name')}</dt><dd>${s.store.name} (${s.store.id})</dd>
              <dt>${t('settings.address')}</dt><dd>${s.store.address.join(', ')}</dd>
              <dt>${t('settings.till')}</dt><dd>${s.device.number} · ${s.device.id}</dd>
              <dt>${t('settings.locale')}</dt><dd>${s.store.locale} · ${s.store.currency} · ${s.store.timeZone}</dd>
              <dt>${t('settings.tax')}</dt><dd>${Object.entries(s.selling.taxRates).map(([name, rate]) => `${name} ${percent(rate / 10)}`).join(', ')} (${s.selling.taxMode})</dd>
              <dt>${t('settings.returns')}</dt><dd>${t('settings.days', { days: s.selling.returnWindowDays })}</dd>
              <dt>${t('settings.lock')}</dt><dd>${t('settings.seconds', { seconds: s.security.idleLockSeconds })}</dd>
              ${Object.entries(s.selling.discountLimits).map(([role, limit]) => html`<dt>${t('settings.limit', { role: tMaybe(`role.${role}`) ?? role })}</dt><dd>${percent(limit.maxLineBps)} / ${percent(limit.maxCartBps)}</dd>`)}
            </dl>`
          : ''}
        <p class="muted">${t('settings.readOnly')}</p>
        <button class="primary" @click=${this.#backUp}>${t('settings.backup')}</button>
        ${this._backup ? html`<div class="done" role="status">${this._backup}</div>` : ''}
        <pos-problem .error=${this._error}></pos-problem>
      </section>
      <section>
        <h2>${t('settings.staff')}</h2>
        <table>
          <thead><tr><th>${t('settings.staffNo')}</th><th>${t('settings.staffName')}</th><th>${t('settings.role')}</th></tr></thead>
          <tbody>${this._staff.map((member) => html`<tr><td>${member.code}</td><td>${member.name}${member.active ? '' : ` (${t('settings.inactive')})`}</td><td>${tMaybe(`role.${member.role}`) ?? member.role}</td></tr>`)}</tbody>
        </table>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-settings': PosSettings;
  }
}
