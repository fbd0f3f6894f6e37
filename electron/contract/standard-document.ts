import { z } from 'zod';
import { SPOKEN_NOTE_DEFAULT_MAX_SECONDS, SPOKEN_NOTE_MAX_SECONDS_LIMIT } from './limits';

/**
 * The format of a standard: a fixed checklist, decided once, owned, versioned.
 * This zod schema is the single source: the JSON Schema in assets/schema/ is generated from it
 * (electron/core/standards/json-schema.ts). It lives in the contract because the renderer shows standards too;
 * the core imports it through electron/core/standards/schema.ts.
 */

export const LANGUAGES = ['en', 'hi'] as const;
export type Language = (typeof LANGUAGES)[number];

const nonEmpty = z.string().trim().min(1);

/** Text in each language; English is required so every station can always show something. */
export const LocalizedText = z
  .object({ en: nonEmpty, hi: nonEmpty.optional() })
  .strict()
  .describe('Text per language: "en" is required, "hi" (Hindi) is strongly recommended.');
export type LocalizedText = z.infer<typeof LocalizedText>;

const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes, starting with a letter or digit, at most 64 characters');

const ReasonCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'upper-case letters, digits and underscores, e.g. NO_MATERIAL');

/**
 * A media path: relative to the standard file, forward slashes, never leaving the standards folder.
 * A standard may come from the shared folder, so it must not be able to point at other files on the station.
 */
const mediaPath = (extensions: readonly string[], what: string) =>
  z
    .string()
    .min(1)
    .max(200)
    .regex(
      new RegExp(`^(?![/\\\\])(?![A-Za-z]:)(?!.*(?:^|/)\\.\\.(?:/|$))[^\\\\:*?"<>|]+\\.(?:${extensions.join('|')})$`),
      `a ${what} path relative to this file, with forward slashes, no "..", ending in ${extensions.map((e) => '.' + e).join(', ')} (e.g. "pictures/fold-box.svg")`,
    );

const Media = z
  .object({
    picture: mediaPath(['svg', 'png', 'jpg', 'jpeg', 'webp'], 'picture')
      .optional()
      .describe('Path of a picture (SVG or PNG) relative to the standard file.'),
    pictureAlt: LocalizedText.optional().describe('What the picture shows, for people who cannot see it.'),
    audio: z
      .object({ en: mediaPath(['mp3', 'ogg', 'opus', 'wav', 'm4a'], 'sound file').optional(), hi: mediaPath(['mp3', 'ogg', 'opus', 'wav', 'm4a'], 'sound file').optional() })
      .strict()
      .optional()
      .describe('Recorded audio per language, relative to the standard file. Speech synthesis is used where absent.'),
  })
  .strict();

const StepBase = {
  id: Id.describe('Stable id of the step within this standard.'),
  text: LocalizedText.describe('One instruction, plain language, 15 words or fewer.'),
  required: z.boolean().default(true).describe('A required step must be done or deviated before the run can complete.'),
  media: Media.optional(),
  reasons: z
    .array(ReasonCode)
    .min(1)
    .optional()
    .describe(
      'The reason codes (from the standard\'s "reasonCodes") offered when this step cannot be done or its value is not acceptable, in this order. Absent: every reason of the standard.',
    ),
};

export const TickStep = z.object({ ...StepBase, kind: z.literal('tick') }).strict();

export const Limits = z
  .object({
    min: z.number().finite().optional().describe('Smallest acceptable value (inclusive).'),
    max: z.number().finite().optional().describe('Largest acceptable value (inclusive).'),
  })
  .strict()
  .superRefine((l, ctx) => {
    if (l.min === undefined && l.max === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'limits need at least "min" or "max"',
        input: l,
        params: { expected: 'at least "min" or "max"', found: 'neither "min" nor "max"', advice: 'Add "min", "max" or both and save the file again.' },
      });
    } else if (l.min !== undefined && l.max !== undefined && l.min > l.max) {
      ctx.addIssue({
        code: 'custom',
        message: `"min" (${l.min}) must be ≤ "max" (${l.max})`,
        input: l,
        params: { expected: '"min" ≤ "max"', found: `min ${l.min}, max ${l.max}`, advice: 'Fix the limits and save the file again.' },
      });
    }
  });
export type Limits = z.infer<typeof Limits>;

export const MeasurementStep = z
  .object({
    ...StepBase,
    kind: z.literal('measurement'),
    unit: nonEmpty.max(16).describe('Unit shown beside the number, e.g. "mm", "°C", "g".'),
    decimals: z.number().int().min(0).max(4).default(0).describe('Decimal places the artisan enters.'),
    limits: Limits.describe('Acceptable range, inclusive. A value outside is recorded, flagged, and asks for a reason.'),
  })
  .strict();

export const ChoiceStep = z
  .object({
    ...StepBase,
    kind: z.literal('choice'),
    options: z
      .array(
        z
          .object({
            value: Id.describe('Stable id of the option; this is what the journal records.'),
            label: LocalizedText.describe('What the artisan sees on the button.'),
            acceptable: z.boolean().default(true).describe('false: choosing this option is a deviation and asks for a reason.'),
          })
          .strict(),
      )
      .min(2)
      .max(6)
      .superRefine((options, ctx) => {
        const seen = new Map<string, number>();
        options.forEach((o, i) => {
          const first = seen.get(o.value);
          if (first !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'value'],
              input: o.value,
              message: `option value "${o.value}" is used twice (options[${first}] and options[${i}])`,
              params: { code: 'DUPLICATE', expected: 'a value used by only one option', found: `"${o.value}" again`, advice: 'Give each option its own value and save the file again.' },
            });
          } else seen.set(o.value, i);
        });
        if (options.length > 0 && options.every((o) => o.acceptable === false)) {
          ctx.addIssue({
            code: 'custom',
            input: options,
            message: 'no option is acceptable, so this step can never pass',
            params: { expected: 'at least one option with "acceptable": true', found: 'every option has "acceptable": false', advice: 'Mark the good option as acceptable and save the file again.' },
          });
        }
      })
      .describe('Two to six large choices. An option that is not acceptable asks for a reason.'),
  })
  .strict();

export const NoteStep = z
  .object({ ...StepBase, kind: z.literal('note'), required: z.boolean().default(false) })
  .strict()
  .describe('An optional spoken or typed note. Never required by default: no one should have to type.');

export const Step = z.discriminatedUnion('kind', [TickStep, MeasurementStep, ChoiceStep, NoteStep]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];
export const STEP_KINDS: readonly StepKind[] = ['tick', 'measurement', 'choice', 'note'];

const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '24-hour time "HH:MM", e.g. "08:30"');

export const Schedule = z
  .object({
    every: z.enum(['day', 'week']).describe('"day": on each listed weekday; "week": once a week on the first listed weekday.'),
    at: TimeOfDay.describe('Local time of the station when the routine becomes due.'),
    days: z.array(Weekday).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri', 'sat']).describe('Working days.'),
    graceMinutes: z.number().int().min(0).max(24 * 60).default(30).describe('Minutes after "at" during which it is still on time.'),
  })
  .strict();
export type Schedule = z.infer<typeof Schedule>;

export const StandardDocument = z
  .object({
    $schema: z.string().optional().describe('Where editors find this JSON Schema, e.g. "../schema/standard.schema.json". Not part of the content or the hash.'),
    format: z.literal(1).describe('Format version of this file. Always 1 for now.'),
    id: Id.describe('Stable id of the standard across versions.'),
    version: z.number().int().min(1).describe('Whole number, raised by one for each published change.'),
    title: LocalizedText.describe('Name of the routine, as the artisan sees it.'),
    purpose: LocalizedText.optional().describe('Why this routine exists, in one sentence.'),
    owner: z
      .object({ role: nonEmpty.describe('The role that decides this standard.'), name: nonEmpty.describe('The person who holds that role.') })
      .strict()
      .describe('Who decides: questions about this standard go to this person.'),
    effectiveFrom: z.iso.date().describe('First day (YYYY-MM-DD) on which stations use this version.'),
    schedule: Schedule,
    reasonCodes: z
      .array(
        z
          .object({
            code: ReasonCode.describe('Stable code recorded in the journal, e.g. NO_MATERIAL.'),
            label: LocalizedText.describe('What the artisan sees and chooses.'),
          })
          .strict(),
      )
      .min(1)
      .describe('The reasons an artisan can choose when a step cannot be done or a value is out of limits.'),
    steps: z.array(Step).min(1).max(40).describe('The steps, in the order the artisan does them. Keep it to about 5 to 10.'),
    spokenNoteMaxSeconds: z
      .number()
      .int()
      .min(5)
      .max(SPOKEN_NOTE_MAX_SECONDS_LIMIT)
      .optional()
      .describe(`The longest spoken note an artisan may record (on a note step, or saying why a step cannot be done), in seconds. Absent: ${SPOKEN_NOTE_DEFAULT_MAX_SECONDS}.`),
  })
  .strict()
  // Runs even when other fields are wrong, so a duplicate is reported in the same round as every other error.
  .superRefine(
    (doc, ctx) => {
      if (doc === null || typeof doc !== 'object') return;
      const d = doc as unknown as { steps?: unknown; reasonCodes?: unknown };
      const seen = new Map<string, number>();
      (Array.isArray(d.steps) ? (d.steps as unknown[]) : []).forEach((s, i) => {
        const id = s !== null && typeof s === 'object' ? (s as { id?: unknown }).id : undefined;
        if (typeof id !== 'string') return;
        const first = seen.get(id);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['steps', i, 'id'],
            input: id,
            message: `step id "${id}" is used twice (steps[${first}] and steps[${i}])`,
            params: { code: 'DUPLICATE', expected: 'an id used by only one step', found: `"${id}" again`, advice: 'Give each step its own id and save the file again.' },
          });
        } else seen.set(id, i);
      });
      const codes = new Map<string, number>();
      (Array.isArray(d.reasonCodes) ? (d.reasonCodes as unknown[]) : []).forEach((r, i) => {
        const code = r !== null && typeof r === 'object' ? (r as { code?: unknown }).code : undefined;
        if (typeof code !== 'string') return;
        const first = codes.get(code);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['reasonCodes', i, 'code'],
            input: code,
            message: `reason code "${code}" is listed twice (reasonCodes[${first}] and reasonCodes[${i}])`,
            params: { code: 'DUPLICATE', expected: 'each reason code once', found: `"${code}" again`, advice: 'Remove the second one and save the file again.' },
          });
        } else codes.set(code, i);
      });
      // A step's own reasons must be reasons of the standard, each listed once.
      (Array.isArray(d.steps) ? (d.steps as unknown[]) : []).forEach((s, i) => {
        const reasons = s !== null && typeof s === 'object' ? (s as { reasons?: unknown }).reasons : undefined;
        if (!Array.isArray(reasons)) return;
        const once = new Set<string>();
        reasons.forEach((code: unknown, j) => {
          if (typeof code !== 'string') return;
          if (once.has(code)) {
            ctx.addIssue({
              code: 'custom',
              path: ['steps', i, 'reasons', j],
              input: code,
              message: `reason "${code}" is listed twice in this step`,
              params: { code: 'DUPLICATE', expected: 'each reason once', found: `"${code}" again`, advice: 'Remove the second one and save the file again.' },
            });
          } else if (codes.size > 0 && !codes.has(code)) {
            ctx.addIssue({
              code: 'custom',
              path: ['steps', i, 'reasons', j],
              input: code,
              message: `reason "${code}" is not in the standard's "reasonCodes"`,
              params: {
                expected: `one of ${[...codes.keys()].join(', ')}`,
                found: `"${code}"`,
                advice: 'Add it to "reasonCodes" with its words, or use a code that is there, and save the file again.',
              },
            });
          }
          once.add(code);
        });
      });
    },
    { when: () => true },
  );
export type StandardDocument = z.infer<typeof StandardDocument>;

/** What a run refers to: the exact standard version, down to its content. */
export const StandardRef = z.object({ id: Id, version: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export type StandardRef = z.infer<typeof StandardRef>;
