/**
 * The settings HQ manages for a store, from its `settings` desired document: a flat record of
 * dotted keys (`"selling.discountLimits"`, `"clients.tiers"`) under the sections below, each value
 * replacing the file's. The result must be valid settings as a whole, or HQ's document is refused;
 * the device's own sections (store, devices, api, security, hq…) are never HQ's to change.
 */
import { LoupeError } from '../errors.ts';
import type { Settings } from './settings-schema.ts';
import { validated } from './settings.ts';

export const HQ_MANAGED_SECTIONS = ['selling', 'compliance', 'clients'] as const;
type Section = (typeof HQ_MANAGED_SECTIONS)[number];

export type HqSettingsCheck = { ok: true; settings: Settings } | { ok: false; problems: { field: string; problem: string }[] };

/** The settings `local` (as the file has them) with HQ's keys applied, if that is valid. */
export function withHqSettings(local: Settings, body: Record<string, unknown>): HqSettingsCheck {
  const doc = structuredClone(local) as unknown as Record<string, unknown>;
  const problems: { field: string; problem: string }[] = [];
  for (const [key, value] of Object.entries(body)) {
    const path = key.split('.');
    if (path.length < 2 || !(HQ_MANAGED_SECTIONS as readonly string[]).includes(path[0] as string)) {
      problems.push({ field: key, problem: `HQ manages ${HQ_MANAGED_SECTIONS.map((section) => `${section}.*`).join(', ')} only` });
      continue;
    }
    let parent = doc;
    for (const part of path.slice(0, -1)) {
      const next = parent[part];
      parent = (typeof next === 'object' && next !== null ? next : (parent[part] = {})) as Record<string, unknown>;
    }
    parent[path.at(-1) as string] = structuredClone(value);
  }
  if (problems.length > 0) return { ok: false, problems };
  try {
    return { ok: true, settings: validated(doc as never) };
  } catch (error) {
    if (!(error instanceof LoupeError)) throw error;
    const listed = (error.details as { problems?: { key?: string; allowed?: string }[]; key?: string; allowed?: string }) ?? {};
    const all = listed.problems ?? [listed];
    return { ok: false, problems: all.map((problem) => ({ field: problem.key ?? '', problem: problem.allowed ? `allowed: ${problem.allowed}` : error.message })) };
  }
}

/**
 * Makes `live` (the settings object every service reads) say what `local` plus HQ's document say.
 * The sections are updated in place, so a service holding `settings` sees the change on its next
 * sale; a document that is not valid changes nothing (HQ's refusal was sent when it arrived).
 */
export function adoptHqSettings(live: Settings, local: Settings, body: Record<string, unknown> | undefined): boolean {
  const checked = withHqSettings(local, body ?? {});
  if (!checked.ok) return false;
  for (const section of HQ_MANAGED_SECTIONS) replaceInPlace(live, section, checked.settings[section]);
  return true;
}

function replaceInPlace(live: Settings, section: Section, next: Settings[Section]): void {
  const target = live[section] as Record<string, unknown>;
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, next);
}
