/** Small pure helpers for what the screens show: numbers, limits in words, times, initials, ids. */

export type Lang = 'en' | 'hi';
type T = (key: string, opts?: Record<string, unknown>) => string;

const locale = (lang: Lang) => (lang === 'hi' ? 'hi-IN' : 'en-GB');

/** A measured number with the step's decimals, without thousands separators (easier to read aloud and compare). */
export function formatNumber(value: number, decimals: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false,
    numberingSystem: 'latn',
  }).format(value);
}

/** The unit in words where we know it ("g" → "grams"), else the unit as the standard writes it. */
export function unitWords(t: T, unit: string): string {
  return t(`units.${unit}`, { defaultValue: unit, nsSeparator: false }) || unit;
}

/** "Between 480 and 520 grams." / "480 grams or more." / "520 grams or less." */
export function limitsInWords(t: T, limits: { min?: number | undefined; max?: number | undefined }, unit: string, decimals: number, lang: Lang): string {
  const u = unitWords(t, unit);
  const f = (n: number) => formatNumber(n, decimals, lang);
  if (limits.min !== undefined && limits.max !== undefined) return t('measure.between', { min: f(limits.min), max: f(limits.max), unit: u });
  if (limits.min !== undefined) return t('measure.atLeast', { min: f(limits.min), unit: u });
  if (limits.max !== undefined) return t('measure.atMost', { max: f(limits.max), unit: u });
  return '';
}

export type EntryCheck = { ok: true; value: number } | { ok: false; error: 'empty' | 'invalid' | 'whole' | 'decimals' };

/** Checks what the artisan typed or tapped: a number with at most `decimals` places. A comma counts as the point. */
export function parseEntry(text: string, decimals: number): EntryCheck {
  const s = text.trim().replace(',', '.').replace('−', '-');
  if (s === '' || s === '-' || s === '.') return s === '' ? { ok: false, error: 'empty' } : { ok: false, error: 'invalid' };
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { ok: false, error: 'invalid' };
  const places = s.includes('.') ? (s.split('.')[1] ?? '').length : 0;
  if (places > decimals) return { ok: false, error: decimals === 0 ? 'whole' : 'decimals' };
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, error: 'invalid' };
  return { ok: true, value };
}

export type PadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | '-' | 'backspace' | 'clear';
export const MAX_ENTRY_LENGTH = 12;

/** What the number pad (or a key on the keyboard) does to the entry. */
export function applyPadKey(current: string, key: PadKey, opts: { decimals: number; allowMinus: boolean }): string {
  switch (key) {
    case 'clear':
      return '';
    case 'backspace':
      return current.slice(0, -1);
    case '-':
      if (!opts.allowMinus) return current;
      return current.startsWith('-') ? current.slice(1) : `-${current}`;
    case '.':
      if (opts.decimals === 0 || current.includes('.')) return current;
      return current === '' || current === '-' ? `${current}0.` : `${current}.`;
    default: {
      if (current.replace('-', '').length >= MAX_ENTRY_LENGTH) return current;
      const places = current.includes('.') ? (current.split('.')[1] ?? '').length : -1;
      if (places >= opts.decimals && places >= 0) return current;
      // No leading zeros: "0" followed by a digit becomes that digit.
      if (current === '0') return key;
      if (current === '-0') return `-${key}`;
      return current + key;
    }
  }
}

/** Maps a keyboard key to a pad key (digits, point, comma, minus, Backspace, Delete/Escape clear). */
export function padKeyFromKeyboard(key: string): PadKey | null {
  if (/^[0-9]$/.test(key)) return key as PadKey;
  if (key === '.' || key === ',' || key === 'Decimal') return '.';
  if (key === '-' || key === 'Subtract') return '-';
  if (key === 'Backspace') return 'backspace';
  if (key === 'Delete' || key === 'Escape') return 'clear';
  return null;
}

/** Up to two initials from a name, by user-perceived characters (works for Devanagari too). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (w: string) => {
    const Seg = (Intl as unknown as { Segmenter?: new (l?: string, o?: { granularity: string }) => { segment(s: string): Iterable<{ segment: string }> } }).Segmenter;
    if (Seg) {
      for (const s of new Seg(undefined, { granularity: 'grapheme' }).segment(w)) return s.segment;
    }
    return Array.from(w)[0] ?? '';
  };
  const picked = words.length > 1 ? [words[0], words[words.length - 1]] : words.slice(0, 1);
  return picked.map((w) => first(w ?? '').toLocaleUpperCase()).join('');
}

/** "08:00" from an ISO time with offset, as the station's clock shows it (no time-zone conversion). */
export function clockTime(iso: string | undefined): string {
  if (!iso) return '';
  const m = /T(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]}:${m[2]}` : '';
}

/** Whole minutes from now until `iso` (rounded, at least 1); null when it is past or further than a day away. */
export function minutesUntil(iso: string, nowMs: number): number | null {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return null;
  const diff = at - nowMs;
  if (diff <= 0 || diff > 24 * 60 * 60_000) return null;
  return Math.max(1, Math.round(diff / 60_000));
}

/** Local clock time of an instant in this computer's time zone, "10:35". */
export function localClock(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(locale(lang), { hour: '2-digit', minute: '2-digit', hour12: false, numberingSystem: 'latn' }).format(d);
}

/** A new artisan id from a name: lower-case Latin letters and digits, then a random part so two names never clash. */
export function artisanIdFor(name: string, random: () => number = Math.random): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const tail = Math.floor(random() * 36 ** 5)
    .toString(36)
    .padStart(5, '0');
  return slug ? `${slug}-${tail}` : `artisan-${tail}`;
}
