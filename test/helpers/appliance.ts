/**
 * A real appliance in this process for tests: temp data folder, the demo store, an injected clock,
 * the API driven through `inject()`. `stop()` removes everything it made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HotplugLoader } from '../../drivers/index.ts';
import { Appliance } from '../../runtime/src/app.ts';
import { validated } from '../../runtime/src/config/settings.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import type { Api } from '../../runtime/src/api/app.ts';
import { TestClock } from './clock.ts';

export interface TestAppliance {
  appliance: Appliance;
  api: Api;
  /** Where it listens (port 0: a free one). */
  url: string;
  clock: TestClock;
  dataDir: string;
  /** Signs in and returns the bearer token; throws with the API's answer if refused. */
  login(code: string, pin: string): Promise<string>;
  /** Stops the appliance; removes the data folder unless the caller gave it. */
  stop(): Promise<void>;
}

export async function startTestAppliance(
  options: { settings?: Record<string, unknown>; clock?: TestClock; dataDir?: string; hotplug?: HotplugLoader } = {},
): Promise<TestAppliance> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'loupe-test-'));
  const clock = options.clock ?? new TestClock();
  const settings = validated({
    version: 1,
    api: { port: 0 },
    log: { level: 'error' },
    security: { pinHashCost: 14 },
    ...options.settings,
  });
  const appliance = new Appliance({
    dataDir,
    settings,
    logger: createLogger('error'),
    platform: { bootId: 'test-boot', clockSynced: () => true },
    version: '0.0.0-test',
    now: clock.now,
    ...(options.hotplug ? { hotplug: options.hotplug } : {}),
  });
  const url = await appliance.start();
  const api = appliance.api;
  return {
    appliance,
    api,
    url,
    clock,
    dataDir,
    async login(code, pin) {
      const reply = await api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code, pin } });
      if (reply.statusCode !== 200) throw new Error(`sign-in of ${code} refused: ${reply.body}`);
      return (reply.json() as { token: string }).token;
    },
    async stop() {
      await appliance.stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Authorization header for a token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Opens the till as the demo manager, with a float; selling needs an open till. */
export async function openTill(t: TestAppliance, floatMinor = 50_000): Promise<void> {
  const manager = await t.login('100', '8264');
  const reply = await t.api.inject({ method: 'POST', url: '/api/v1/till/open', headers: bearer(manager), payload: { floatMinor } });
  if (reply.statusCode !== 201) throw new Error(`the till did not open: ${reply.body}`);
}

/** The demo manager (100) approves one `permission` for `requester`'s session by PIN; the token for X-Loupe-Approval. */
export async function managerApproval(t: TestAppliance, requester: string, permission: string): Promise<string> {
  const reply = await t.api.inject({ method: 'POST', url: '/api/v1/auth/approvals', headers: bearer(requester), payload: { code: '100', pin: '8264', permission } });
  if (reply.statusCode !== 200) throw new Error(`the manager's approval of ${permission} was refused: ${reply.body}`);
  return (reply.json() as { approvalToken: string }).approvalToken;
}
