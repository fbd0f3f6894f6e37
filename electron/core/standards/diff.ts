import type { StepChange } from '../../contract';
import type { StandardDocument, Step } from './schema';

export type { StepChange } from '../../contract';

/**
 * What changed between two versions of a standard, step by step, for the supervisor who publishes a new version.
 * Pure: no I/O, no clock.
 *
 * - Steps are matched by `id` (docs/standards.md: keep a step's id when it means the same thing).
 * - `removed`: a step of `before` that `after` no longer has (`index` in `before`); `added`: a new step (`index` in
 *   `after`).
 * - `moved`: a step kept whose place in the order changed. The fewest moves are reported: the steps kept that stay in
 *   the same relative order (the longest common subsequence) are not moved, every other kept step is. Steps shifted
 *   only because another step was added or removed are not "moved". `from` / `to` are indexes in `before` / `after`.
 * - `changed`: a step kept with different content (`index` in `after`), with every field that changed:
 *   `kind`, `required`, `text.en`, `text.hi`, `unit`, `decimals`, `limits.min`, `limits.max`,
 *   `options[<value>].label.en`, `options[<value>].acceptable`, `options[<value>]` (an option added or removed),
 *   `options (order)`, `media.picture`, `media.pictureAlt.en`, `media.audio.hi`, …
 *   A step both moved and changed gives one `moved` and one `changed` entry.
 * - Standard-level changes come first, as one `changed` entry with `stepId: ""` and `index: -1`: `title.*`,
 *   `purpose.*`, `owner.role`, `owner.name`, `schedule.every|at|days|graceMinutes`, `reasonCodes[<CODE>]` (added or
 *   removed), `reasonCodes[<CODE>].label.*`, `reasonCodes (order)`. `version` and `effectiveFrom` are not listed: they
 *   change with every version and are shown on their own.
 *
 * `before` / `after` are display strings: text as written, numbers as digits, `true`/`false`, lists joined with ", ";
 * "" means the field is absent in that version.
 *
 * Order of the result: the standard-level entry, then removed steps (in their old order), then for each step of
 * `after` in order: added, or moved and/or changed.
 */
export function diffStandards(before: StandardDocument, after: StandardDocument): StepChange[] {
  const out: StepChange[] = [];

  const docFields = compareFlat(flattenDocument(before), flattenDocument(after));
  if (docFields.length > 0) out.push({ change: 'changed', stepId: '', index: -1, title: title(after.title), fields: docFields });

  const beforeIndex = new Map(before.steps.map((s, i) => [s.id, i]));
  const afterIndex = new Map(after.steps.map((s, i) => [s.id, i]));

  before.steps.forEach((s, i) => {
    if (!afterIndex.has(s.id)) out.push({ change: 'removed', stepId: s.id, index: i, title: title(s.text) });
  });

  // Steps kept, in the order of each version; those outside the longest common subsequence moved.
  const keptBefore = before.steps.filter((s) => afterIndex.has(s.id)).map((s) => s.id);
  const keptAfter = after.steps.filter((s) => beforeIndex.has(s.id)).map((s) => s.id);
  const stay = longestCommonSubsequence(keptBefore, keptAfter);

  after.steps.forEach((s, i) => {
    const from = beforeIndex.get(s.id);
    if (from === undefined) {
      out.push({ change: 'added', stepId: s.id, index: i, title: title(s.text) });
      return;
    }
    if (!stay.has(s.id)) out.push({ change: 'moved', stepId: s.id, from, to: i, title: title(s.text) });
    const old = before.steps[from] as Step;
    const fields = compareFlat(flattenStep(old), flattenStep(s));
    if (fields.length > 0) out.push({ change: 'changed', stepId: s.id, index: i, title: title(s.text), fields });
  });
  return out;
}

/** A short list of what changed, for messages: "step 'weigh' changed (limits.max)", at most `max` items. */
export function summarizeChanges(changes: readonly StepChange[], max = 3): string {
  const parts = changes.slice(0, max).map((c) => {
    if (c.stepId === '') return c.change === 'changed' ? c.fields.map((f) => f.field).slice(0, 3).join(', ') : c.change;
    if (c.change === 'changed') return `step "${c.stepId}" (${c.fields.map((f) => f.field).slice(0, 3).join(', ')})`;
    return `step "${c.stepId}" ${c.change}`;
  });
  if (changes.length > max) parts.push(`${changes.length - max} more`);
  return parts.join('; ');
}

const title = (t: { en: string; hi?: string | undefined }): { en: string; hi?: string } => (t.hi !== undefined ? { en: t.en, hi: t.hi } : { en: t.en });

type Flat = Map<string, string>;

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(show).join(', ');
  return JSON.stringify(v);
}

/** Flatten plain objects into `a.b.c` → display string; arrays of primitives become one field. */
function flattenInto(out: Flat, prefix: string, v: unknown): void {
  if (v === undefined) return;
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) flattenInto(out, prefix === '' ? k : `${prefix}.${k}`, child);
    return;
  }
  out.set(prefix, show(v));
}

/** An array of objects keyed by one of their fields (options by value, reason codes by code). */
function flattenKeyed<T extends Record<string, unknown>>(out: Flat, name: string, items: readonly T[], key: keyof T & string): void {
  for (const item of items) {
    const k = String(item[key]);
    // Presence of the item itself, so that an added or removed one is one line (its own fields are then not listed).
    const label = (item as { label?: { en?: unknown } }).label?.en;
    out.set(`${name}[${k}]`, typeof label === 'string' ? `${k}: ${label}` : k);
    const { [key]: _omit, ...rest } = item;
    flattenInto(out, `${name}[${k}]`, rest);
  }
  out.set(`${name} (order)`, items.map((i) => String(i[key])).join(', '));
}

function flattenDocument(doc: StandardDocument): Flat {
  const out: Flat = new Map();
  flattenInto(out, 'title', doc.title);
  flattenInto(out, 'purpose', doc.purpose);
  flattenInto(out, 'owner', doc.owner);
  flattenInto(out, 'schedule', doc.schedule);
  flattenKeyed(out, 'reasonCodes', doc.reasonCodes as unknown as Array<Record<string, unknown>>, 'code');
  return out;
}

function flattenStep(step: Step): Flat {
  const out: Flat = new Map();
  const { id: _id, options, ...rest } = step as Step & { options?: Array<Record<string, unknown>> };
  flattenInto(out, '', rest);
  if (options) flattenKeyed(out, 'options', options, 'value');
  return out;
}

/** Every field whose display differs, in a stable order: fields of `after` first (in their order), then those only in `before`. */
function compareFlat(a: Flat, b: Flat): Array<{ field: string; before: string; after: string }> {
  const fields: Array<{ field: string; before: string; after: string }> = [];
  const seen = new Set<string>();
  // Items of keyed lists (options, reason codes) present in only one version: listed once, without their fields.
  const onlyOne = [...new Set([...a.keys(), ...b.keys()])].filter((k) => /\]$/.test(k) && a.has(k) !== b.has(k));
  const consider = (field: string) => {
    if (seen.has(field)) return;
    seen.add(field);
    if (onlyOne.some((item) => field.startsWith(`${item}.`))) return;
    // An item in both versions: its own fields say what changed.
    if (/\]$/.test(field) && a.has(field) && b.has(field)) return;
    // The order of a list is only a change when the same items are there in another order.
    if (field.endsWith(' (order)')) {
      const x = (a.get(field) ?? '').split(', ').filter((s) => s !== '');
      const y = (b.get(field) ?? '').split(', ').filter((s) => s !== '');
      const common = new Set(x.filter((s) => y.includes(s)));
      const xc = x.filter((s) => common.has(s)).join(', ');
      const yc = y.filter((s) => common.has(s)).join(', ');
      if (xc !== yc) fields.push({ field, before: a.get(field) ?? '', after: b.get(field) ?? '' });
      return;
    }
    const before = a.get(field) ?? '';
    const after = b.get(field) ?? '';
    if (before !== after) fields.push({ field, before, after });
  };
  for (const k of b.keys()) consider(k);
  for (const k of a.keys()) consider(k);
  return fields;
}

/** The ids of one longest common subsequence of two lists of distinct ids. O(n·m); a standard has at most 40 steps. */
function longestCommonSubsequence(a: readonly string[], b: readonly string[]): Set<string> {
  const n = a.length;
  const m = b.length;
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = len[i] as number[];
      const next = len[i + 1] as number[];
      row[j] = a[i] === b[j] ? (next[j + 1] as number) + 1 : Math.max(next[j] as number, row[j + 1] as number);
    }
  }
  const out = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.add(a[i] as string);
      i++;
      j++;
    } else if ((len[i + 1]?.[j] ?? 0) >= (len[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  return out;
}
