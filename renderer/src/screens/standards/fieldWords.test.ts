import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { fieldValueWords, fieldWords } from './fieldWords';

const en = i18n.getFixedT('en');
const hi = i18n.getFixedT('hi');

describe('the fields of a diff in words', () => {
  it('every field the diff lists is words, in English and in Hindi, never the code', () => {
    const fields = [
      'kind', 'required', 'text.en', 'text.hi', 'unit', 'decimals', 'limits.min', 'limits.max', 'reasons', 'media.picture', 'media.pictureAlt.en',
      'media.audio.hi', 'title.en', 'purpose.hi', 'owner.role', 'owner.name', 'schedule.every', 'schedule.at', 'schedule.days', 'schedule.graceMinutes',
      'options[sharp]', 'options[sharp].label.en', 'options[sharp].acceptable', 'options (order)', 'reasonCodes[NO_SAMPLE]', 'reasonCodes[NO_SAMPLE].label.hi',
      'reasonCodes (order)',
    ];
    for (const t of [en, hi]) {
      for (const f of fields) {
        const words = fieldWords(t, f);
        expect(words, f).not.toBe(f);
        expect(words, f).not.toMatch(/stdpub\.|limits\.|\.en\b|\.hi\b|\(order\)/);
      }
    }
    expect(fieldWords(en, 'limits.min')).toBe('Smallest value');
    expect(fieldWords(en, 'options[sharp].label.hi')).toBe('Words of the option “sharp” (Hindi)');
    expect(fieldWords(hi, 'limits.max')).toBe('सबसे बड़ा मान');
    expect(fieldWords(hi, 'text.en')).toBe('चरण का पाठ (अंग्रेज़ी में)');
  });
  it('an unknown field is shown as written', () => {
    expect(fieldWords(en, 'something.new')).toBe('something.new');
  });
  it('values: yes/no, step kinds, "(none)" for absent; text as written', () => {
    expect(fieldValueWords(en, 'required', 'false')).toBe('No');
    expect(fieldValueWords(hi, 'kind', 'measurement')).toBe('नाप');
    expect(fieldValueWords(en, 'unit', '')).toBe('(none)');
    expect(fieldValueWords(en, 'limits.min', '480')).toBe('480');
  });
});
