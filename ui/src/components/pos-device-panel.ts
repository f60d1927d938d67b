/**
 * The details behind the status bar: every device with its state, conditions and last error, the
 * last scale reading, RFID read and scan, and the HQ link with its outbox.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import './pos-dialog.ts';
import { conditionWords } from './pos-status-bar.ts';
import { hqTone, outboxAgeSeconds, toneOf, type DeviceView } from '../data/devices.ts';
import type { Health } from '../data/system.ts';
import { dateTime, duration, grams } from '../format.ts';
import { t, tMaybe } from '../i18n/translate.ts';

export interface Readings {
  weight: { status: string; micrograms: number | null; shown: string } | null;
  tag: { reader: string; epc: string } | null;
  scan: { scanner: string; code: string } | null;
}

@customElement('pos-device-panel')
export class PosDevicePanel extends LitElement {
  @property({ attribute: false }) devices: DeviceView[] = [];
  @property({ attribute: false }) health: Health | null = null;
  @property({ attribute: false }) readings: Readings = { weight: null, tag: null, scan: null };

  static override styles = [
    theme,
    css`
      table { width: 100%; border-collapse: collapse; }
      th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
      th { font-weight: 600; color: var(--muted); font-size: 0.85rem; }
      .ok { color: var(--ok); } .warn { color: var(--warn); } .fault { color: var(--danger); font-weight: 600; }
      h3 { font-size: 1.15rem; margin: 14px 0 6px; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
      dt { color: var(--muted); } dd { margin: 0; }
    `,
  ];

  override render() {
    const health = this.health;
    const { weight, tag, scan } = this.readings;
    const link = health?.hqLink;
    return html`<pos-dialog heading=${t('status.title')} width="760px">
      <table>
        <thead><tr><th>${t('status.device')}</th><th>${t('status.state')}</th><th>${t('status.lastError')}</th></tr></thead>
        <tbody>
          ${this.devices.map((device) => html`<tr><td>${t(`device.${device.kind}`)} <span class="muted">${device.name}</span></td><td class=${toneOf(device)}>${conditionWords(device)}</td><td>${device.lastError ?? '—'}</td></tr>`)}
        </tbody>
      </table>
      <h3>${t('status.readings')}</h3>
      <dl>
        <dt>${t('device.scale')}</dt><dd>${weight ? `${weight.micrograms === null ? weight.shown : grams(weight.micrograms)} · ${tMaybe(`weight.${weight.status}`) ?? weight.status}` : '—'}</dd>
        <dt>${t('device.rfid')}</dt><dd>${tag ? `${tag.epc} (${tag.reader})` : '—'}</dd>
        <dt>${t('device.scanner')}</dt><dd>${scan ? scan.code : '—'}</dd>
      </dl>
      <h3>${t('status.hq')}</h3>
      <dl>
        <dt>${t('status.state')}</dt><dd class=${hqTone(health)}>${tMaybe(`hq.state.${link?.state ?? 'unknown'}`) ?? link?.state ?? '—'}</dd>
        <dt>${t('status.outbox')}</dt><dd>${t('status.outboxDetail', { depth: health?.outbox.depth ?? 0, age: health ? duration(outboxAgeSeconds(health)) : '—' })}</dd>
        <dt>${t('status.lastSync')}</dt><dd>${link?.lastSyncAt ? dateTime(link.lastSyncAt) : t('status.never')}</dd>
        <dt>${t('status.version')}</dt><dd>${health ? `${health.version} · ${health.deviceId}` : '—'}</dd>
      </dl>
    </pos-dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-device-panel': PosDevicePanel;
  }
}
