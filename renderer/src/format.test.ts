import { describe, expect, it } from 'vitest';
import { applyPadKey, artisanIdFor, clockTime, counted, formatNumber, initials, limitsInWords, measureWords, minutesUntil, padKeyFromKeyboard, parseEntry } from './format';
import { i18n } from './i18n';

const t = (k: string, o?: Record<string, unknown>) => i18n.t(k, o);

describe('limits in words', () => {
  it('says the range in plain words, with the unit as a word where known', async () => {
    await i18n.changeLanguage('en');
    expect(limitsInWords(t, { min: 480, max: 520 }, 'g', 0, 'en')).toBe('Between 480 and 520 grams.');
    expect(limitsInWords(t, { min: 2.5 }, 'mm', 1, 'en')).toBe('2.5 millimetres or more.');
    expect(limitsInWords(t, { max: 40 }, 'bar', 0, 'en')).toBe('40 bar or less.');
    await i18n.changeLanguage('hi');
    expect(limitsInWords(t, { min: 480, max: 520 }, 'g', 0, 'hi')).toBe('480 से 520 ग्राम के बीच।');
    await i18n.changeLanguage('en');
  });
  it('formats numbers with the step decimals, without grouping, in Latin digits', () => {
    expect(formatNumber(1500, 0, 'en')).toBe('1500');
    expect(formatNumber(2.5, 2, 'hi')).toBe('2.50');
  });
});

describe('number entry', () => {
  it('checks what was typed against the decimals of the step', () => {
    expect(parseEntry('', 0)).toEqual({ ok: false, error: 'empty' });
    expect(parseEntry('abc', 0)).toEqual({ ok: false, error: 'invalid' });
    expect(parseEntry('-', 0)).toEqual({ ok: false, error: 'invalid' });
    expect(parseEntry('12.5', 0)).toEqual({ ok: false, error: 'whole' });
    expect(parseEntry('12.55', 1)).toEqual({ ok: false, error: 'decimals' });
    expect(parseEntry('12,5', 1)).toEqual({ ok: true, value: 12.5 });
    expect(parseEntry('-3', 0)).toEqual({ ok: true, value: -3 });
    expect(parseEntry(' 500 ', 0)).toEqual({ ok: true, value: 500 });
  });

  it('the number pad edits the entry', () => {
    const whole = { decimals: 0, allowMinus: false };
    const one = { decimals: 1, allowMinus: true };
    expect(applyPadKey('', '5', whole)).toBe('5');
    expect(applyPadKey('0', '5', whole)).toBe('5');
    expect(applyPadKey('50', '.', whole)).toBe('50');
    expect(applyPadKey('50', '-', whole)).toBe('50');
    expect(applyPadKey('', '.', one)).toBe('0.');
    expect(applyPadKey('2.5', '1', one)).toBe('2.5');
    expect(applyPadKey('2.5', '.', one)).toBe('2.5');
    expect(applyPadKey('2.5', '-', one)).toBe('-2.5');
    expect(applyPadKey('-2.5', '-', one)).toBe('2.5');
    expect(applyPadKey('123', 'backspace', one)).toBe('12');
    expect(applyPadKey('123', 'clear', one)).toBe('');
    expect(applyPadKey('123456789012', '3', whole)).toBe('123456789012');
  });

  it('maps keyboard keys to pad keys', () => {
    expect(padKeyFromKeyboard('7')).toBe('7');
    expect(padKeyFromKeyboard(',')).toBe('.');
    expect(padKeyFromKeyboard('-')).toBe('-');
    expect(padKeyFromKeyboard('Backspace')).toBe('backspace');
    expect(padKeyFromKeyboard('Delete')).toBe('clear');
    expect(padKeyFromKeyboard('a')).toBeNull();
    expect(padKeyFromKeyboard('Enter')).toBeNull();
  });
});

describe('counts with their nouns', () => {
  it('one station, two stations; the summary line reads right for 1 (it said "1 stations")', async () => {
    await i18n.changeLanguage('en');
    expect(counted(t, 'en', 'nStations', 1)).toBe('1 station');
    expect(counted(t, 'en', 'nStations', 0)).toBe('0 stations');
    expect(counted(t, 'en', 'nEvents', 1234)).toBe('1,234 events');
    expect(t('procurement.suppliers.counts', { stations: counted(t, 'en', 'nStations', 1), events: counted(t, 'en', 'nEvents', 1) })).toBe('1 station, 1 event');
    expect(t('setup.checkCounts', { stations: counted(t, 'en', 'nStations', 1), standards: counted(t, 'en', 'nStandards', 3) })).toBe('It holds 1 station and 3 standards.');
    expect(t('procurement.period', { from: '7 December 2026', to: '7 December 2026', days: '1', count: 1 })).toBe('From 7 December 2026 to 7 December 2026 (1 day).');
    await i18n.changeLanguage('hi');
    expect([0, 1, 2].map((n) => counted(t, 'hi', 'nEvents', n))).toEqual(['0 घटनाएँ', '1 घटना', '2 घटनाएँ']);
    await i18n.changeLanguage('en');
  });
});

describe('small words', () => {
  it('initials from a name, Latin or Devanagari', () => {
    expect(initials('Asha Devi')).toBe('AD');
    expect(initials('Ravi Kumar Singh')).toBe('RS');
    expect(initials('Meena')).toBe('M');
    expect(initials('आशा देवी')).toBe('आदे');
  });
  it('clock time as the station shows it', () => {
    expect(clockTime('2026-11-27T08:00:00.000+05:30')).toBe('08:00');
    expect(clockTime(undefined)).toBe('');
  });
  it('minutes until a time, for a lockout in words', () => {
    const now = Date.parse('2026-11-27T08:05:00+05:30');
    expect(minutesUntil('2026-11-27T08:10:00+05:30', now)).toBe(5);
    expect(minutesUntil('2026-11-27T08:05:20+05:30', now)).toBe(1);
    expect(minutesUntil('2026-11-27T08:00:00+05:30', now)).toBeNull();
    expect(minutesUntil('2026-11-29T08:00:00+05:30', now)).toBeNull();
  });
  it('a new artisan id that fits the contract', () => {
    const id = artisanIdFor('Asha Devi', () => 0.5);
    expect(id).toMatch(/^asha-devi-[a-z0-9]{5}$/);
    expect(artisanIdFor('आशा', () => 0)).toBe('artisan-00000');
    expect(artisanIdFor('  ')).toMatch(/^[a-z0-9][a-z0-9-]{0,63}$/);
  });
});

describe('a measure without a figure reads as a sentence', () => {
  const keys = ['procurement.routineDone', 'procurement.routineOnTime', 'procurement.clarityPer100', 'procurement.outOfLimits', 'procurement.ownedRate',
    'procurement.repeatRate', 'procurement.durationSpread', 'procurement.suppliers.deviations', 'procurement.suppliers.undosHelp'];
  it('an empty scorecard says "Done: no due routines yet", not "no data done"; with figures, the figures', async () => {
    await i18n.changeLanguage('en');
    expect(measureWords(t, 'en', 'procurement.routineDone', 'rate', { rate: null })).toBe('Done: no due routines yet');
    expect(measureWords(t, 'en', 'procurement.routineDone', 'rate', { rate: 0.528 })).toBe('53% done');
    expect(measureWords(t, 'en', 'procurement.clarityPer100', 'per', { deviations: 1.25, undos: 0, help: null })).toBe('Per 100 steps: no steps recorded yet.');
    expect(measureWords(t, 'en', 'procurement.clarityPer100', 'per', { deviations: 1.25, undos: 0, help: 2 })).toBe('Per 100 steps: 1.3 deviations, 0 undos, 2 help requests.');
  });
  it('every such measure has its sentence without a figure, in English and Hindi', async () => {
    for (const lang of ['en', 'hi'] as const) {
      await i18n.changeLanguage(lang);
      for (const key of keys) {
        expect(i18n.exists(`${key}None`), `${lang} ${key}None`).toBe(true);
        expect(t(`${key}None`)).not.toMatch(/\{\{/);
      }
    }
    await i18n.changeLanguage('en');
  });
});
