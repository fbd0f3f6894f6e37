import { z } from 'zod';
import { STEP_KINDS } from './schema';

/**
 * Errors about standard files, written for the person who edits them (a quality manager),
 * not for a programmer: every message names the file, the field, what was expected,
 * what was found and what to do.
 */
export type StandardErrorCode = 'UNREADABLE' | 'TOO_LARGE' | 'BAD_JSON' | 'INVALID' | 'CONFLICT' | 'DUPLICATE';

export type StandardFileError = {
  /** The file (or folder) concerned, as the caller named it. */
  file: string;
  /** JSON path such as `steps[2].limits.min`, or "(file)" when the whole file is concerned, "(folder)" for a folder. */
  field: string;
  expected: string;
  found: string;
  /** A full sentence: file, field, what was expected, what was found, what to do. */
  message: string;
  code: StandardErrorCode;
};

export const WHOLE_FILE = '(file)';
export const WHOLE_FOLDER = '(folder)';

export const SAVE_AGAIN = 'save the file again';

/** Build an error; `problem` and `advice` are joined into the message after the file and field. */
export function standardError(
  code: StandardErrorCode,
  file: string,
  field: string,
  expected: string,
  found: string,
  problem: string,
  advice: string,
): StandardFileError {
  const where = field === WHOLE_FILE || field === WHOLE_FOLDER ? `${file}: ` : `${file}: ${field}: `;
  return { code, file, field, expected, found, message: `${where}${sentence(problem)} ${sentence(advice)}` };
}

export function sentence(s: string): string {
  const t = s.trim();
  if (t === '') return t;
  const first = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

// ---------------------------------------------------------------------------------------------
// JSON paths and value previews

/** `['steps', 2, 'limits', 'min']` → `steps[2].limits.min`; an empty path is the whole file. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else {
      const k = String(key);
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) out += out === '' ? k : `.${k}`;
      else out += `[${JSON.stringify(k)}]`;
    }
  }
  return out === '' ? WHOLE_FILE : out;
}

export function clip(s: string, max = 40): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The JSON type of a value and a short preview, e.g. `string "3"`, `number 12`, `array with 2 items`. */
export function describeJsonValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `string ${clip(JSON.stringify(v))}`;
  if (typeof v === 'number') return `number ${String(v)}`;
  if (typeof v === 'boolean') return `boolean ${String(v)}`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty array []' : `array with ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return 'an empty object {}';
    const shown = keys.slice(0, 3).map((k) => JSON.stringify(k)).join(', ');
    return `object with ${shown}${keys.length > 3 ? ', …' : ''}`;
  }
  return typeof v;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value: unknown } {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return { present: false, value: undefined };
    const k = typeof key === 'number' ? key : String(key);
    if (!Object.prototype.hasOwnProperty.call(cur, k)) return { present: false, value: undefined };
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return { present: true, value: cur };
}

// ---------------------------------------------------------------------------------------------
// What a field expects, in words

const LOCALIZED = 'text in each language, e.g. { "en": "…", "hi": "…" }';

/** Plain descriptions of the fields a person is most likely to leave out or get wrong. */
const FIELD_HINTS: Record<string, string> = {
  format: 'the number 1',
  id: 'an id of lower-case letters, digits and dashes, e.g. "carton-check"',
  version: 'a whole number, 1 or more',
  title: LOCALIZED,
  purpose: LOCALIZED,
  text: LOCALIZED,
  label: LOCALIZED,
  pictureAlt: LOCALIZED,
  en: 'English text in quotes',
  hi: 'Hindi text in quotes',
  owner: '{ "role": "…", "name": "…" }',
  role: 'the role that decides, in quotes, e.g. "Quality manager"',
  name: 'the name of a person, in quotes',
  effectiveFrom: 'a date in quotes written YYYY-MM-DD, e.g. "2026-01-01"',
  schedule: '{ "every": "day", "at": "08:00", "graceMinutes": 30 }',
  every: '"day" or "week"',
  at: 'a 24-hour time in quotes, e.g. "08:30"',
  days: 'a list of weekdays, e.g. ["mon", "tue", "wed"]',
  graceMinutes: 'a whole number of minutes, e.g. 30',
  reasonCodes: 'a list of reason codes, e.g. [{ "code": "NO_MATERIAL", "label": { "en": "…" } }]',
  code: 'a code of upper-case letters, digits and underscores, e.g. "NO_MATERIAL"',
  reasons: 'a list of codes from "reasonCodes", e.g. ["NO_MATERIAL", "NEED_HELP"]',
  steps: 'a list of steps in [ ]',
  kind: `one of the step kinds: ${STEP_KINDS.join(', ')}`,
  unit: 'a short unit in quotes, e.g. "mm" or "g"',
  decimals: 'a whole number from 0 to 4',
  limits: '{ "min": …, "max": … }',
  min: 'a number',
  max: 'a number',
  options: 'a list of 2 to 6 options',
  value: 'an id of lower-case letters, digits and dashes, e.g. "good"',
  acceptable: 'true or false',
  required: 'true or false',
  media: '{ "picture": "pictures/….svg", "pictureAlt": { "en": "…" } }',
  picture: 'a picture path relative to this file, e.g. "pictures/fold-box.svg"',
  audio: '{ "en": "audio/….mp3", "hi": "audio/….mp3" }',
};

const TYPE_WORDS: Record<string, string> = {
  string: 'text in quotes',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a group of fields in { }',
  array: 'a list in [ ]',
  null: 'null',
};

function lastKey(path: readonly PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const k = path[i];
    if (typeof k === 'string') return k;
    if (typeof k !== 'number') return String(k);
  }
  return undefined;
}

function expectedFor(path: readonly PropertyKey[], zodExpected: string | undefined): string {
  const key = lastKey(path);
  const typeWords = zodExpected !== undefined ? TYPE_WORDS[zodExpected] : undefined;
  // A hint by name is only right when the element itself is meant (not an item of a list of that name).
  const isItem = typeof path[path.length - 1] === 'number';
  const hint = key !== undefined && !isItem ? FIELD_HINTS[key] : undefined;
  if (key === 'steps' && isItem) return 'a step: { "id": …, "kind": …, "text": { "en": … } }';
  if (key === 'reasonCodes' && isItem) return '{ "code": "…", "label": { "en": "…" } }';
  if (key === 'options' && isItem) return '{ "value": "…", "label": { "en": "…" } }';
  if (key === 'reasons' && isItem) return 'a code from "reasonCodes", e.g. "NO_MATERIAL"';
  if (key === 'days' && isItem) return 'a weekday: "mon", "tue", "wed", "thu", "fri", "sat" or "sun"';
  return hint ?? typeWords ?? zodExpected ?? 'a valid value';
}

// ---------------------------------------------------------------------------------------------
// Zod issues → errors

type Issue = z.core.$ZodIssue;

/** Close spelling of an unknown key, so "grace_minutes" suggests "graceMinutes". */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(norm(word), norm(c));
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The fields a strict object at `path` allows, found by walking the zod schema along the raw document. */
function allowedKeysAt(schema: z.ZodType, raw: unknown, path: readonly PropertyKey[]): string[] | undefined {
  type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; discriminator?: string; shape?: Record<string, z.ZodType> };
  const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let cur = s;
    for (let i = 0; i < 20; i++) {
      const d = defOf(cur);
      if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'readonly' || d.type === 'prefault') && d.innerType) cur = d.innerType;
      else if (d.type === 'pipe' && d.in) cur = d.in;
      else break;
    }
    return cur;
  };
  const pickOption = (s: z.ZodType, value: unknown): z.ZodType | undefined => {
    const d = defOf(s);
    if (d.type !== 'union' || !d.options) return s;
    const disc = d.discriminator;
    const rawKind = disc !== undefined && value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[disc] : undefined;
    for (const o of d.options) {
      const od = defOf(unwrap(o));
      const lit = disc !== undefined ? od.shape?.[disc] : undefined;
      const litValues = lit ? (defOf(lit) as unknown as { values?: unknown[] }).values : undefined;
      if (litValues?.includes(rawKind)) return unwrap(o);
    }
    return undefined;
  };
  let cur: z.ZodType | undefined = unwrap(schema);
  let value: unknown = raw;
  for (const key of path) {
    if (!cur) return undefined;
    cur = pickOption(cur, value);
    if (!cur) return undefined;
    const d = defOf(cur);
    if (d.type === 'object' && d.shape && typeof key === 'string') cur = d.shape[key] ? unwrap(d.shape[key]) : undefined;
    else if (d.type === 'array' && d.element && typeof key === 'number') cur = unwrap(d.element);
    else return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key as string | number] : undefined;
  }
  if (!cur) return undefined;
  cur = pickOption(cur, value);
  if (!cur) return undefined;
  const d = defOf(cur);
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * One error per zod issue. `raw` is the parsed JSON (before validation), used to show what was found;
 * `schema` is the schema that produced the issues, used to list the allowed fields of an object.
 */
export function zodIssuesToErrors(file: string, issues: readonly Issue[], raw: unknown, schema?: z.ZodType): StandardFileError[] {
  return issues.map((issue) => zodIssueToError(file, issue, raw, schema));
}

export function zodIssueToError(file: string, issue: Issue, raw: unknown, schema?: z.ZodType): StandardFileError {
  const path = issue.path;
  const field = formatPath(path);
  const at = valueAt(raw, path);
  const found = at.present ? describeJsonValue(at.value) : 'nothing';
  const key = lastKey(path);
  const err = (expected: string, f: string, problem: string, advice: string, code: StandardErrorCode = 'INVALID') =>
    standardError(code, file, field, expected, f, problem, advice);

  // A field that is not there at all.
  if (!at.present && issue.code !== 'unrecognized_keys' && issue.code !== 'custom' && path.length > 0) {
    const parent = valueAt(raw, path.slice(0, -1));
    if (parent.present && parent.value !== null && typeof parent.value === 'object') {
      const expected = issue.code === 'invalid_type' ? expectedFor(path, issue.expected) : expectedFor(path, undefined);
      const name = typeof path[path.length - 1] === 'number' ? field : `"${String(key)}"`;
      return err(expected, 'nothing', `${name} is missing; expected ${expected}`, `Add ${name} and ${SAVE_AGAIN}`);
    }
  }

  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedFor(path, issue.expected);
      let advice = `Change the value to ${expected} and ${SAVE_AGAIN}`;
      if ((issue.expected === 'number' || issue.expected === 'int') && typeof at.value === 'string' && at.value.trim() !== '' && Number.isFinite(Number(at.value))) {
        advice = `Remove the quotes around ${at.value.trim()} and ${SAVE_AGAIN}`;
      } else if (issue.expected === 'int' && typeof at.value === 'number') {
        advice = `Use a whole number and ${SAVE_AGAIN}`;
      } else if (issue.expected === 'string' && (typeof at.value === 'number' || typeof at.value === 'boolean')) {
        advice = `Put the value in quotes and ${SAVE_AGAIN}`;
      }
      return err(expected, found, `expected ${expected}, found ${found}`, advice);
    }
    case 'invalid_value': {
      const values = issue.values.map((v) => (typeof v === 'string' ? JSON.stringify(v) : String(v)));
      const expected = values.length === 1 ? (values[0] ?? '') : `one of ${values.join(', ')}`;
      return err(expected, found, `expected ${expected}, found ${found}`, `Use ${values.length === 1 ? expected : 'one of these values'} and ${SAVE_AGAIN}`);
    }
    case 'invalid_format': {
      const expected =
        issue.format === 'date'
          ? FIELD_HINTS.effectiveFrom ?? 'a date'
          : issue.format === 'regex' && issue.message && !issue.message.startsWith('Invalid')
            ? issue.message
            : `text in the ${issue.format} format`;
      const realDate = issue.format === 'date' ? ' (a real date: month 01–12, a day that exists in that month)' : '';
      return err(expected, found, `expected ${expected}${realDate}, found ${found}`, `Correct the value and ${SAVE_AGAIN}`);
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = Number(small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum);
      const inclusive = issue.inclusive !== false;
      let expected: string;
      let f = found;
      if (issue.origin === 'string') {
        const len = typeof at.value === 'string' ? at.value.trim().length : 0;
        if (small && limit <= 1) expected = 'text that is not empty';
        else expected = small ? `text of at least ${plural(limit, 'character')}` : `text of at most ${plural(limit, 'character')}`;
        f = typeof at.value === 'string' ? (len === 0 ? 'empty text' : `${plural(len, 'character')}: ${clip(JSON.stringify(at.value))}`) : found;
      } else if (issue.origin === 'array') {
        expected = small ? `at least ${plural(limit, 'item')}` : `at most ${plural(limit, 'item')}`;
        f = Array.isArray(at.value) ? plural(at.value.length, 'item') : found;
      } else {
        const op = small ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<';
        expected = `a number ${op} ${limit}`;
      }
      const advice = issue.origin === 'string' && small && limit <= 1 ? `Write the text and ${SAVE_AGAIN}` : `Correct it and ${SAVE_AGAIN}`;
      return err(expected, f, `expected ${expected}, found ${f}`, advice);
    }
    case 'unrecognized_keys': {
      const allowed = schema ? allowedKeysAt(schema, raw, path) : undefined;
      const keys = issue.keys;
      const single = keys.length === 1 ? keys[0] : undefined;
      const where = single !== undefined ? formatPath([...path, single]) : field;
      const expected = allowed ? `only these fields: ${allowed.join(', ')}` : 'only the known fields';
      const f = keys.length === 1 ? `unknown field "${single}"` : `unknown fields ${keys.map((k) => `"${k}"`).join(', ')}`;
      const verb = keys.length === 1 ? 'is' : 'are';
      const hints = allowed
        ? keys.map((k) => [k, closest(k, allowed)] as const).filter((p): p is readonly [string, string] => p[1] !== undefined)
        : [];
      const didYouMean = hints.length > 0 ? ` (did you mean ${hints.map(([k, c]) => `"${c}" for "${k}"`).join(', ')}?)` : '';
      return standardError(
        'INVALID',
        file,
        where,
        expected,
        f,
        `${f} ${verb} not part of the format; expected ${expected}`,
        `Remove ${keys.length === 1 ? 'it' : 'them'} or correct its spelling${didYouMean}, then ${SAVE_AGAIN}`,
      );
    }
    case 'invalid_union': {
      if ((issue as { note?: string }).note === 'No matching discriminator' || key === 'kind') {
        const expected = `one of the step kinds: ${STEP_KINDS.join(', ')}`;
        const shown = typeof at.value === 'string' ? JSON.stringify(at.value) : found;
        return err(expected, found, `${shown} is not a step kind; the kinds are ${STEP_KINDS.join(', ')}`, `Use one of them and ${SAVE_AGAIN}`);
      }
      return err('a valid value', found, `the value does not match any allowed form, found ${found}`, `Correct it and ${SAVE_AGAIN}`);
    }
    case 'custom': {
      const p = (issue.params ?? {}) as { code?: StandardErrorCode; expected?: string; found?: string; advice?: string };
      const code: StandardErrorCode = p.code === 'DUPLICATE' ? 'DUPLICATE' : 'INVALID';
      return err(p.expected ?? issue.message, p.found ?? found, issue.message, p.advice ?? `Correct it and ${SAVE_AGAIN}`, code);
    }
    case 'not_multiple_of': {
      const expected = `a multiple of ${String(issue.divisor)}`;
      return err(expected, found, `expected ${expected}, found ${found}`, `Correct it and ${SAVE_AGAIN}`);
    }
    default: {
      const expected = expectedFor(path, undefined);
      return err(expected, found, `${issue.message}; found ${found}`, `Correct it and ${SAVE_AGAIN}`);
    }
  }
}
