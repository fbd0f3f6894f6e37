import { type Lang, localized } from '../i18n';

export type Text = { en: string; hi?: string | undefined };
/** A standard's text in the screen's language, with the lang it is really in (English when Hindi is missing). */
export function LocalText({ text, lang, fallback }: { text: Text | null | undefined; lang: Lang; fallback?: string }) {
  if (!text) return <>{fallback ?? ''}</>;
  const l = localized(text, lang);
  return l.lang === lang ? <>{l.text}</> : <span lang={l.lang}>{l.text}</span>;
}

export function localText(text: Text | null | undefined, lang: Lang): string {
  return text ? localized(text, lang).text : '';
}
