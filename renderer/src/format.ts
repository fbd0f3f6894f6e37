/** Small pure helpers for what the screens show: numbers, limits in words, times, initials, ids. */

export type Lang = 'en' | 'hi';
export type T = (key: string, opts?: Record<string, unknown>) => string;

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

/** Numbers, days, clock times and durations in the screen's language; stations by name (else a short id). */
export function numberFormat(lang: Lang, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return new Intl.NumberFormat(locale(lang), { numberingSystem: 'latn', ...opts });
}

export function count(lang: Lang, n: number): string {
  return numberFormat(lang).format(n);
}

export type CountedNoun = 'nStations' | 'nStandards' | 'nRuns' | 'nEvents';
/** "1 station", "3 stations": a count with its noun, singular or plural as the language wants (procurement.nStations…). */
export function counted(t: T, lang: Lang, noun: CountedNoun, n: number): string {
  return t(`procurement.${noun}`, { count: n, n: count(lang, n) });
}
/**
 * Times with an offset (+05:30) are shown as the recording station's clock showed them; a UTC time (…Z) is shown
 * in this computer's time zone (it is an instant, such as "last refreshed", not a station's clock reading).
 */
function wallClock(iso: string): string {
  if (!/[zZ]$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "27 November 2026" for a day (YYYY-MM-DD or an ISO time; the station's own date, no time-zone change). */
export function dayWords(iso: string, lang: Lang, month: 'long' | 'short' = 'long'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(wallClock(iso));
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month, year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(d);
}

/** "08:05" (or "08:05:12" with seconds) as the recording station's clock showed it. */
export function clockWords(iso: string, seconds = false): string {
  const m = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(wallClock(iso));
  if (!m) return '';
  return seconds && m[3] ? `${m[1]}:${m[2]}:${m[3]}` : `${m[1]}:${m[2]}`;
}

/** "27 Nov 2026, 08:05". */
export function whenWords(iso: string, lang: Lang): string {
  return `${dayWords(iso, lang, 'short')}, ${clockWords(iso)}`;
}

/** A duration in words: "12 min 5 s", "1 h 4 min", "40 s". */
export function durationWords(t: T, seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return t('review.noFigure');
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const min = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return t('review.durationHours', { h, min });
  if (min > 0) return t('review.durationMinutes', { min, sec });
  return t('review.durationSeconds', { sec });
}

export function shortId(id: string, n = 8): string {
  return id.length > n ? id.slice(0, n) : id;
}

/** A station by its name, else its short id; `withId` adds the short id after the name (where stations are compared). */
export function stationWords(name: string | null | undefined, id: string, withId = false): string {
  if (!name) return shortId(id);
  return withId ? `${name} (${shortId(id)})` : name;
}

export type Figure = 'rate' | 'per' | 'cv';
/**
 * A figure of a scorecard or a trend in words: a rate as a whole percent, a count per 100 steps with one decimal,
 * a coefficient of variation with two; `none` when there is no figure.
 */
const FIGURE_FORMATS: Record<Figure, Intl.NumberFormatOptions> = {
  rate: { style: 'percent', maximumFractionDigits: 0 },
  per: { maximumFractionDigits: 1 },
  cv: { maximumFractionDigits: 2 },
};
export function figureWords(lang: Lang, none: string): (kind: Figure, v: number | null | undefined) => string {
  const formats: Record<Figure, Intl.NumberFormat> = {
    rate: numberFormat(lang, FIGURE_FORMATS.rate),
    per: numberFormat(lang, FIGURE_FORMATS.per),
    cv: numberFormat(lang, FIGURE_FORMATS.cv),
  };
  return (kind, v) => (v === null || v === undefined ? none : formats[kind].format(v));
}

/**
 * A measure as its sentence (`key` with every figure in words), or, when any of its figures is missing (nothing to
 * count yet), the measure's own sentence `${key}None` — never the template with "no data" where a number goes
 * ("no data done").
 */
export function measureWords(t: T, lang: Lang, key: string, kind: Figure, values: Record<string, number | null | undefined>): string {
  if (Object.values(values).some((v) => v === null || v === undefined)) return t(`${key}None`);
  // One formatter, of this measure's kind (a scorecard page asks for hundreds of measures).
  const format = numberFormat(lang, FIGURE_FORMATS[kind]);
  return t(key, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, format.format(v as number)])));
}
