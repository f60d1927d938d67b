/**
 * The counter's devices and the HQ link as the status bar shows them: from `/healthz` at start,
 * then kept current by the live channel's device-health news.
 */
import type { Health } from './system.ts';

export type DeviceKind = 'printer' | 'scale' | 'drawer' | 'rfid' | 'scanner' | 'other';
export type Tone = 'ok' | 'warn' | 'fault';

export interface DeviceView {
  name: string;
  kind: DeviceKind;
  state: string;
  conditions: string[];
  lastError: string | null;
}

/** Conditions that stop the device doing its job; the others only warn. */
const FAULTS = new Set(['paper-out', 'cover-open', 'offline', 'drawer-left-open']);

export function kindOf(name: string): DeviceKind {
  if (name.includes('printer')) return 'printer';
  if (name.includes('drawer')) return 'drawer';
  if (name.startsWith('rfid')) return 'rfid';
  if (name.startsWith('scanner')) return 'scanner';
  if (name.startsWith('scale')) return 'scale';
  return 'other';
}

export function toneOf(device: DeviceView): Tone {
  if (device.state !== 'connected' || device.conditions.some((condition) => FAULTS.has(condition))) return 'fault';
  return device.conditions.length > 0 ? 'warn' : 'ok';
}

export function fromHealth(health: Health): DeviceView[] {
  return health.devices.map((device) => ({ name: device.name, kind: kindOf(device.name), state: device.state, conditions: device.conditions, lastError: device.lastError }));
}

/** The live message for one device, folded into the list. */
export function withHealth(devices: DeviceView[], news: { device: string; state: string; conditions: string[]; lastError: { message: string } | null }): DeviceView[] {
  const updated: DeviceView = { name: news.device, kind: kindOf(news.device), state: news.state, conditions: [...news.conditions], lastError: news.lastError?.message ?? null };
  const known = devices.some((device) => device.name === news.device);
  return known ? devices.map((device) => (device.name === news.device ? updated : device)) : [...devices, updated];
}

/** How long the oldest event has waited for HQ, in whole seconds (0 when nothing waits). */
export function outboxAgeSeconds(health: Health): number {
  const oldest = health.outbox.oldestAt;
  return oldest ? Math.max(0, Math.round((Date.now() - Date.parse(oldest)) / 1000)) : 0;
}

/** An outbox older than this while online means HQ is not acknowledging: worth a look. */
const OUTBOX_STALE_SECONDS = 300;

export function hqTone(health: Health | null): Tone {
  const state = health?.hqLink.state;
  if (state === 'online') return health && outboxAgeSeconds(health) > OUTBOX_STALE_SECONDS ? 'warn' : 'ok';
  return state === 'not-configured' ? 'warn' : 'fault';
}
