/**
 * Telemetry on `tele/{kind}`: QoS 0 with a message expiry, dropped while offline (health is a
 * current value, not a record; anything HQ must keep goes through the outbox).
 *
 * - `tele/sys` every `periodSeconds`: uptime, ledger size, disk free, CPU temperature where the
 *   board has a thermal zone (`{sysRoot}/class/thermal/thermal_zone0/temp`, millidegrees).
 * - `tele/devices` every period and as soon as the device-health provider's answer changes
 *   (paper out, drawer left open, a scanner gone…); the provider is polled every `changePollMs`
 *   because drivers report through it, not through the bus.
 */
import { readFileSync, statfsSync, statSync } from 'node:fs';
import type { Logger } from '../logger.ts';
import type { HqLinkSettings } from './settings.ts';
import { checkValue } from '../wire/hq-decode.ts';
import { DeviceHealthReport, type DevicesTelemetry, type SystemTelemetry } from '../wire/hq-messages.ts';

/** A peripheral's health as drivers/health.ts keeps it (structurally: the link does not import the drivers). */
export interface DriverHealth {
  device: string;
  state: string;
  /** ms since the epoch */
  since: number;
  lastError: { code: string; message: string; at: number } | null;
  conditions: readonly string[];
}

/** What the runtime passes in: e.g. `() => devices.health()` of the drivers' DeviceSet. */
export type DeviceHealthProvider = () => readonly DriverHealth[];

export interface TelemetryContext {
  settings: HqLinkSettings['telemetry'];
  logger: Logger;
  now: () => Date;
  monotonicMs: () => number;
  ledgerPath: string;
  dataDir: string;
  deviceHealth: DeviceHealthProvider | undefined;
  outboxDepth: () => number;
  publish: (kind: 'sys' | 'devices', payload: SystemTelemetry | DevicesTelemetry) => void;
}

export class Telemetry {
  readonly #ctx: TelemetryContext;
  readonly #startedAt: number;
  #period: NodeJS.Timeout | undefined;
  #poll: NodeJS.Timeout | undefined;
  #lastDevices = '';
  #providerFailing = false;

  constructor(ctx: TelemetryContext) {
    this.#ctx = ctx;
    this.#startedAt = ctx.monotonicMs();
  }

  start(): void {
    this.#period = setInterval(() => this.sendAll(), this.#ctx.settings.periodSeconds * 1000);
    this.#poll = setInterval(() => this.#checkDevices(), this.#ctx.settings.changePollMs);
  }

  stop(): void {
    clearInterval(this.#period);
    clearInterval(this.#poll);
  }

  /** Sends both reports now (on connect, and every period). */
  sendAll(): void {
    this.#ctx.publish('sys', this.system());
    const devices = this.devices();
    this.#lastDevices = JSON.stringify(devices.devices);
    this.#ctx.publish('devices', devices);
  }

  system(): SystemTelemetry {
    const disk = diskSpace(this.#ctx.dataDir);
    return {
      v: 1,
      at: this.#ctx.now().toISOString(),
      uptimeSeconds: Math.max(0, Math.floor((this.#ctx.monotonicMs() - this.#startedAt) / 1000)),
      ledgerBytes: fileSize(this.#ctx.ledgerPath) + fileSize(`${this.#ctx.ledgerPath}-wal`),
      diskFreeBytes: disk?.free ?? null,
      diskTotalBytes: disk?.total ?? null,
      cpuTempMilliC: cpuTemperature(this.#ctx.settings.sysRoot),
      outboxDepth: this.#ctx.outboxDepth(),
    };
  }

  devices(): DevicesTelemetry {
    return { v: 1, at: this.#ctx.now().toISOString(), devices: this.#readProvider() };
  }

  #checkDevices(): void {
    const devices = this.devices();
    const text = JSON.stringify(devices.devices);
    if (text === this.#lastDevices) return;
    this.#lastDevices = text;
    this.#ctx.publish('devices', devices);
  }

  #readProvider(): DeviceHealthReport[] {
    const provider = this.#ctx.deviceHealth;
    if (!provider) return [];
    try {
      const reports = provider().map(toReport);
      this.#providerFailing = false;
      return reports.filter((report) => {
        const checked = checkValue(DeviceHealthReport, report, 'device health');
        if (!checked.ok) this.#ctx.logger.warn({ details: checked.error.details }, 'HQ link: a device health report was left out');
        return checked.ok;
      });
    } catch (error) {
      if (!this.#providerFailing) this.#ctx.logger.error({ err: error }, 'HQ link: the device health provider failed');
      this.#providerFailing = true;
      return [];
    }
  }
}

function toReport(health: DriverHealth): DeviceHealthReport {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    device: health.device,
    state: health.state,
    since: iso(health.since),
    lastError: health.lastError ? { code: health.lastError.code, message: health.lastError.message, at: iso(health.lastError.at) } : null,
    conditions: [...health.conditions],
  };
}

/** Millidegrees Celsius from the first thermal zone, or null when the board has none. */
export function cpuTemperature(sysRoot: string): number | null {
  try {
    const value = Number.parseInt(readFileSync(`${sysRoot}/class/thermal/thermal_zone0/temp`, 'utf8').trim(), 10);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

function diskSpace(dir: string): { free: number; total: number } | null {
  try {
    const stats = statfsSync(dir);
    return { free: stats.bavail * stats.bsize, total: stats.blocks * stats.bsize };
  } catch {
    return null;
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
