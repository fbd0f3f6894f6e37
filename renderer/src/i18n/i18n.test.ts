import { describe, expect, it } from 'vitest';
import en from './en.json';
import hi from './hi.json';
import { localized } from './index';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('the i18n layer', () => {
  it('English and Hindi have exactly the same keys', () => {
    expect(keys(hi).sort()).toEqual(keys(en).sort());
  });
  it('every Hindi text is written in Devanagari (no English left behind)', () => {
    const latinOnly = keys(hi).filter((k) => {
      const v = k.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], hi) as string;
      return !/[\u0900-\u097F]/.test(v) && !k.startsWith('languages.');
    });
    expect(latinOnly).toEqual([]);
  });
  it('plain language: English sentences have 15 words or fewer', () => {
    const long: string[] = [];
    for (const k of keys(en)) {
      const v = k.split('.').reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], en) as string;
      for (const sentence of v.split(/(?<=[.?!])\s+/)) if (sentence.split(/\s+/).filter(Boolean).length > 15) long.push(`${k}: ${sentence}`);
    }
    expect(long).toEqual([]);
  });
  it('texts of a standard fall back to English', () => {
    expect(localized({ en: 'Done', hi: 'हो गया' }, 'hi')).toEqual({ text: 'हो गया', lang: 'hi' });
    expect(localized({ en: 'Done' }, 'hi')).toEqual({ text: 'Done', lang: 'en' });
  });
});
