/**
 * The i18n layer: every UI string lives in en.json and hi.json (same keys; a unit test keeps them in step).
 * Texts of a standard are not here: they come from the standard itself ({ en, hi }), see `localized`.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import hi from './hi.json';

export type Lang = 'en' | 'hi';
export const LANGS: readonly Lang[] = ['en', 'hi'];

void i18next.use(initReactI18next).init({
  resources: { en: { translation: en }, hi: { translation: hi } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: ['en', 'hi'],
  initAsync: false,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  react: { useSuspense: false },
});

export const i18n = i18next;

/** Switch the UI language and keep <html lang> in step (screen readers and fonts follow it). */
export function applyLanguage(lang: Lang, doc: Document = document): void {
  if (i18next.language !== lang) void i18next.changeLanguage(lang);
  doc.documentElement.lang = lang;
}

/** Text of a standard in the wanted language, English when that language is missing. */
export function localized(text: { en: string; hi?: string | undefined } | undefined, lang: Lang): { text: string; lang: Lang } {
  if (!text) return { text: '', lang };
  if (lang === 'hi' && text.hi) return { text: text.hi, lang: 'hi' };
  return { text: text.en, lang: 'en' };
}
