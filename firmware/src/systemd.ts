/**
 * Telling systemd how the appliance is (sd_notify(3)): READY=1 once the API answers, WATCHDOG=1 at
 * half the unit's WatchdogSec while the appliance is healthy, STOPPING=1 on the way down.
 *
 * Node has no AF_UNIX datagram sockets, so this runs the `systemd-notify` CLI (systemd ≥ 246 waits
 * with sd_notify_barrier, so the short-lived sender is attributed correctly; the unit needs
 * NotifyAccess=all). Outside systemd (no NOTIFY_SOCKET) it does nothing.
 * Source: ../shared/reference/hq-link-mqtt.md §6.1.
 */
import { execFile } from 'node:child_process';

export interface SystemdNotifier {
  ready(): void;
  stopping(): void;
  /** Starts pinging the watchdog; each ping only if `healthy()` says so. Returns the stopper. */
  watch(healthy: () => boolean): () => void;
}

export function systemdNotifier(env: NodeJS.ProcessEnv = process.env): SystemdNotifier {
  const enabled = Boolean(env.NOTIFY_SOCKET);
  const notify = (state: string) => {
    if (enabled) execFile('systemd-notify', [state], { env }, () => {});
  };
  const watchdogUsec = Number(env.WATCHDOG_USEC ?? 0);
  return {
    ready: () => notify('READY=1'),
    stopping: () => notify('STOPPING=1'),
    watch(healthy) {
      if (!enabled || !(watchdogUsec > 0)) return () => {};
      const timer = setInterval(() => {
        if (healthy()) notify('WATCHDOG=1');
      }, watchdogUsec / 2000);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
