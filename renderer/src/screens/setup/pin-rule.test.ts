/**
 * The PIN rule is written once (NEW_PIN, the contract's NewPin); the words that tell people the rule must give the
 * same numbers, in every language. Old strings that said "4 to 8 numbers" stayed behind once (unused, but one edit
 * away from a screen).
 */
import { describe, expect, it } from 'vitest';
import { NewPin } from '../../../../electron/contract/supervisor';
import en from '../../i18n/en.json';
import hi from '../../i18n/hi.json';
import { NEW_PIN } from './PinFields';

const strings = (o: object, prefix = ''): Array<[string, string]> =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? strings(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]]));

/** "6 to 12 numbers" / "6 से 12 अंक": every range of digits a string states. */
const RANGE = { en: /(\d+) to (\d+) (?:numbers|digits)/g, hi: /(\d+) से (\d+) अंक/g } as const;

describe('the PIN rule in words', () => {
  const [, min, max] = /^\^\\d\{(\d+),(\d+)\}\$$/.exec(NEW_PIN.source) ?? [];

  it('the screens check the same rule as the station (NEW_PIN is the contract NewPin)', () => {
    expect(min).toBeDefined();
    expect(NewPin.safeParse('1'.repeat(Number(min))).success).toBe(true);
    expect(NewPin.safeParse('1'.repeat(Number(min) - 1)).success).toBe(false);
    expect(NewPin.safeParse('1'.repeat(Number(max))).success).toBe(true);
    expect(NewPin.safeParse('1'.repeat(Number(max) + 1)).success).toBe(false);
  });

  for (const [lang, texts] of [['en', en], ['hi', hi]] as const) {
    it(`every ${lang} string about a PIN states ${min} to ${max} digits, none another range`, () => {
      const about = strings(texts).filter(([key, text]) => /pin/i.test(key) || /PIN|पिन/.test(text));
      const stated = about.flatMap(([key, text]) => [...text.matchAll(RANGE[lang])].map((m) => `${key}: ${m[1]}-${m[2]}`));
      expect(stated.length).toBeGreaterThan(0);
      expect(stated.filter((s) => !s.endsWith(`: ${min}-${max}`))).toEqual([]);
    });
  }
});
