/**
 * The device status bar across the top: printer, scale, drawer, RFID readers, scanner and the HQ
 * link (with the outbox depth and age), each with a word for its state — colour is never the only
 * signal, and the time. The whole bar is one big button: it emits `pos-devices` to open the details panel.
 */
import { html, LitElement, css } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { theme } from '../theme.ts';
import { hqTone, outboxAgeSeconds, toneOf, type DeviceKind, type DeviceView, type Tone } from '../data/devices.ts';
import type { Health } from '../data/system.ts';
import { duration } from '../format.ts';
import { t, tMaybe, type MessageKey } from '../i18n/translate.ts';

const KINDS: DeviceKind[] = ['printer', 'scale', 'drawer', 'rfid', 'scanner'];
const WORST: Tone[] = ['fault', 'warn', 'ok'];
/** A link that is not up, in words: pulled out (USB hotplug said so) is not the same as trying again. */
const LINK_WORDS: Record<string, MessageKey> = { failed: 'device.failed', unplugged: 'device.unplugged' };

export function conditionWords(device: DeviceView): string {
  if (device.state !== 'connected') return t(LINK_WORDS[device.state] ?? 'device.reconnecting');
  const condition = device.conditions[0];
  return condition ? (tMaybe(`condition.${condition}`) ?? condition) : t('device.ready');
}

@customElement('pos-status-bar')
export class PosStatusBar extends LitElement {
  @property({ attribute: false }) devices: DeviceView[] = [];
  @property({ attribute: false }) health: Health | null = null;
  @property() time = '';
  /** The live channel is up; while it is not, scans and device news cannot reach the screen, and the bar says so. */
  @property({ type: Boolean, reflect: true }) live = false;

  static override styles = [
    theme,
    css`
      :host { display: block; background: var(--ink); color: var(--ivory); }
      button.bar { width: 100%; height: 48px; display: flex; align-items: center; gap: 2px; padding: 0 8px; background: transparent; color: inherit; border: 0; border-radius: 0; font-size: 0.8rem; }
      button.bar:active { background: var(--ink-soft); transform: none; }
      .chip { display: inline-flex; align-items: center; gap: 5px; padding: 4px 7px; border-radius: 999px; white-space: nowrap; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
      .chip.warn { background: #5a4417; }
      .chip.fault { background: #7c241b; font-weight: 600; }
      .dot { width: 10px; height: 10px; border-radius: 50%; flex: none; background: #7fc28a; }
      .warn .dot { background: #f0c05a; }
      .fault .dot { background: #ff8f80; }
      .spacer { flex: 1; }
      .time { font-variant-numeric: tabular-nums; padding-left: 6px; white-space: nowrap; }
    `,
  ];

  override render() {
    const chips = KINDS.flatMap((kind) => {
      const group = this.devices.filter((device) => device.kind === kind);
      if (group.length === 0) return [];
      const tone = WORST.find((candidate) => group.some((device) => toneOf(device) === candidate)) ?? 'ok';
      const troubled = group.find((device) => toneOf(device) === tone);
      const words = tone === 'ok' ? '' : `: ${conditionWords(troubled as DeviceView)}`;
      return [html`<span class="chip ${tone}" data-device=${kind}><span class="dot"></span>${t(`device.${kind}`)}${words}</span>`];
    });
    const health = this.health;
    const hq = hqTone(health);
    const outbox = health && health.outbox.depth > 0 ? ` · ${t('hq.outbox', { depth: health.outbox.depth, age: duration(outboxAgeSeconds(health)) })}` : '';
    const hqWords = tMaybe(`hq.state.${health?.hqLink.state ?? 'unknown'}`) ?? health?.hqLink.state ?? '';
    const live = this.live ? '' : html`<span class="chip fault" data-device="live"><span class="dot"></span>${t('status.liveDown')}</span>`;
    return html`<button class="bar" @click=${() => this.dispatchEvent(new CustomEvent('pos-devices', { bubbles: true, composed: true }))}>
      ${live}${chips}
      <span class="chip ${hq}" data-device="hq"><span class="dot"></span>${t('hq.chip', { state: hqWords })}${outbox}</span>
      <span class="spacer"></span>
      <span class="time">${this.time}</span><span class="visually-hidden">${t('status.open')}</span>
    </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pos-status-bar': PosStatusBar;
  }
}
