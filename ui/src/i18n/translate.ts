/**
 * Every word on the screen comes from a catalog: English (the source) and French. `t(key, params)`
 * fills `{name}` placeholders. The language is the clerk's choice on the sign-in screen; amounts
 * and dates keep the store's locale (format.ts).
 */
import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

export const LANGUAGES = { en: { name: 'English', messages: en }, fr: { name: 'Français', messages: fr } } as const;
export type Language = keyof typeof LANGUAGES;
export type { MessageKey };

let language: Language = 'en';

export function setLanguage(next: Language): void {
  language = next;
  document.documentElement.lang = next;
}
export const currentLanguage = () => language;

const fill = (text: string, params: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (_match, name: string) => String(params[name] ?? `{${name}}`));

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fill((LANGUAGES[language].messages as Record<string, string>)[key] ?? en[key], params);
}

/**
 * A word the catalogs may or may not have (a device condition, an error code, a refusal reason):
 * null when neither the clerk's language nor English has it. English leaves most error codes to
 * the appliance's own words; a translation gives its own.
 */
export function tMaybe(key: string, params: Record<string, string | number> = {}): string | null {
  const text = (LANGUAGES[language].messages as Record<string, string>)[key] ?? (en as Record<string, string>)[key];
  return text === undefined ? null : fill(text, params);
}
