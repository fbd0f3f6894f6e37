/**
 * The fields of a standard's diff (electron/core/standards/diff.ts: `limits.min`, `options[sharp].label.hi`,
 * `reasonCodes (order)`, …) in the reader's words: "Smallest value", "Words of the option "sharp" (Hindi)".
 * The code stays beside them for whoever edits the file. An unknown field is shown as written.
 */
import type { T } from '../../format';

const PLAIN: Record<string, string> = {
  kind: 'kind',
  required: 'required',
  text: 'text',
  unit: 'unit',
  decimals: 'decimals',
  'limits.min': 'min',
  'limits.max': 'max',
  reasons: 'reasons',
  'media.picture': 'picture',
  'media.pictureAlt': 'pictureAlt',
  'media.audio': 'audio',
  title: 'title',
  purpose: 'purpose',
  'owner.role': 'ownerRole',
  'owner.name': 'ownerName',
  'schedule.every': 'every',
  'schedule.at': 'at',
  'schedule.days': 'days',
  'schedule.graceMinutes': 'grace',
  'options (order)': 'optionsOrder',
  'reasonCodes (order)': 'reasonsOrder',
};

/** `base.en` → base and language; the language in words. */
function withLanguage(t: T, field: string): { base: string; lang: string | null } {
  const m = /^(.*)\.(en|hi)$/.exec(field);
  return m ? { base: m[1] as string, lang: t(`stdpub.fieldLang.${m[2] as string}`) } : { base: field, lang: null };
}

export function fieldWords(t: T, field: string): string {
  const keyed = /^(options|reasonCodes)\[([^\]]+)\](?:\.(.+))?$/.exec(field);
  if (keyed) {
    const [, list, name, rest] = keyed as unknown as [string, 'options' | 'reasonCodes', string, string | undefined];
    const what = list === 'options' ? 'option' : 'reason';
    if (rest === undefined) return t(`stdpub.fieldName.${what}`, { name });
    if (rest === 'acceptable') return t('stdpub.fieldName.optionAcceptable', { name });
    const l = withLanguage(t, rest);
    if (l.base === 'label') {
      const words = t(`stdpub.fieldName.${what}Label`, { name });
      return l.lang ? t('stdpub.fieldName.inLanguage', { field: words, language: l.lang }) : words;
    }
    return field;
  }
  const l = withLanguage(t, field);
  const key = PLAIN[l.base];
  if (!key) return field;
  const words = t(`stdpub.fieldName.${key}`);
  return l.lang ? t('stdpub.fieldName.inLanguage', { field: words, language: l.lang }) : words;
}

/** A value of the diff in words: true/false as yes/no, a step kind by its name, "" as "(none)"; everything else as written. */
export function fieldValueWords(t: T, field: string, value: string): string {
  if (value === '') return t('stdpub.fieldNone');
  if (value === 'true' || value === 'false') return value === 'true' ? t('common.yes') : t('common.no');
  if (field === 'kind' && ['tick', 'measurement', 'choice', 'note'].includes(value)) return t(`stdpub.kindName.${value}`);
  return value;
}
