/**
 * The PIN rules are written once (the contract's NewPin and SignInPin; renderer/src/pin-rules.ts for the screens); the
 * words that tell people a rule must give its numbers, in every language. Old strings that said "4 to 8 numbers"
 * stayed behind once (unused, but one edit away from a screen).
 *
 * Two rules, honestly different: a new PIN has 6 to 12 digits; sign-in accepts 4 to 12, because a station upgraded
 * from the rule before (4 to 8) may still hold a shorter PIN (that supervisor is then asked to choose a new one). Only
 * the sign-in's own format error states the sign-in rule; every other string about a PIN states the new-PIN rule.
 */
import { describe, expect, it } from 'vitest';
import { NewPin, SignInPin } from '../../../../electron/contract/supervisor';
import en from '../../i18n/en.json';
import hi from '../../i18n/hi.json';
import { belowPinRule, SIGN_IN_PIN } from '../../pin-rules';
import { NEW_PIN } from './PinFields';

const strings = (o: object, prefix = ''): Array<[string, string]> =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? strings(v as object, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]]));

/** "6 to 12 numbers" / "6 से 12 अंक": every range of digits a string states. */
const RANGE = { en: /(\d+) to (\d+) (?:numbers|digits)/g, hi: /(\d+) से (\d+) अंक/g } as const;
/** The strings that state what sign-in accepts (PinGate.tsx); all others about a PIN state the new-PIN rule. */
const SIGN_IN_KEYS = new Set(['setup.errorSignInPinFormat']);

const bounds = (re: RegExp) => {
  const [, min, max] = /^\^\\d\{(\d+),(\d+)\}\$$/.exec(re.source) ?? [];
  return { min: Number(min), max: Number(max) };
};

describe('the PIN rules in words', () => {
  const rules = { new: bounds(NEW_PIN), signIn: bounds(SIGN_IN_PIN) };

  it('the screens check the same rules as the contract (NEW_PIN is NewPin, SIGN_IN_PIN is SignInPin)', () => {
    for (const [re, schema] of [[NEW_PIN, NewPin], [SIGN_IN_PIN, SignInPin]] as const) {
      const { min, max } = bounds(re);
      expect(min).toBeGreaterThan(0);
      expect(schema.safeParse('1'.repeat(min)).success).toBe(true);
      expect(schema.safeParse('1'.repeat(min - 1)).success).toBe(false);
      expect(schema.safeParse('1'.repeat(max)).success).toBe(true);
      expect(schema.safeParse('1'.repeat(max + 1)).success).toBe(false);
    }
  });

  it('sign-in accepts every new PIN and the PINs of the rule before (4 to 8 digits); below 6 it asks for a new one', () => {
    expect(rules.signIn.min).toBe(4);
    expect(rules.signIn.max).toBe(rules.new.max);
    for (const pin of ['4711', '12345', '123456', '123456789012']) expect(SIGN_IN_PIN.test(pin)).toBe(true);
    for (const pin of ['123', '1234567890123', '12a4']) expect(SIGN_IN_PIN.test(pin)).toBe(false);
    expect(['4711', '12345', '123456', '12345678'].map(belowPinRule)).toEqual([true, true, false, false]);
    expect(belowPinRule('123')).toBe(false);
  });

  for (const [lang, texts] of [['en', en], ['hi', hi]] as const) {
    it(`every ${lang} string about a PIN states ${rules.new.min} to ${rules.new.max} digits, the sign-in error ${rules.signIn.min} to ${rules.signIn.max}, none another range`, () => {
      const about = strings(texts).filter(([key, text]) => /pin/i.test(key) || /PIN|पिन/.test(text));
      const stated = about.flatMap(([key, text]) => [...text.matchAll(RANGE[lang])].map((m) => ({ key, range: `${m[1]}-${m[2]}` })));
      const want = (key: string) => (SIGN_IN_KEYS.has(key) ? rules.signIn : rules.new);
      expect(stated.length).toBeGreaterThan(SIGN_IN_KEYS.size);
      expect(stated.filter((s) => s.range !== `${want(s.key).min}-${want(s.key).max}`)).toEqual([]);
      // The sign-in error exists and says its rule.
      for (const key of SIGN_IN_KEYS) expect(stated.filter((s) => s.key === key).map((s) => s.range)).toEqual([`${rules.signIn.min}-${rules.signIn.max}`]);
    });
  }
});
