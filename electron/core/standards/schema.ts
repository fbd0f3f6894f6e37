import { z } from 'zod';

/**
 * The format of a standard: a fixed checklist, decided once, owned, versioned.
 * This zod schema is the single source: the JSON Schema in assets/schema/ is generated from it.
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

const Media = z
  .object({
    picture: z.string().min(1).optional().describe('Path of a picture (SVG or PNG) relative to the standard file.'),
    pictureAlt: LocalizedText.optional().describe('What the picture shows, for people who cannot see it.'),
    audio: z
      .object({ en: z.string().min(1).optional(), hi: z.string().min(1).optional() })
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
};

export const TickStep = z.object({ ...StepBase, kind: z.literal('tick') }).strict();

export const Limits = z
  .object({
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
  })
  .strict()
  .refine((l) => l.min !== undefined || l.max !== undefined, { message: 'limits need at least "min" or "max"' })
  .refine((l) => l.min === undefined || l.max === undefined || l.min <= l.max, {
    message: 'limits.min must be less than or equal to limits.max',
    path: ['min'],
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
      .array(z.object({ value: Id, label: LocalizedText, acceptable: z.boolean().default(true) }).strict())
      .min(2)
      .max(6)
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
    $schema: z.string().optional(),
    format: z.literal(1).describe('Format version of this file. Always 1 for now.'),
    id: Id.describe('Stable id of the standard across versions.'),
    version: z.number().int().min(1).describe('Whole number, raised by one for each published change.'),
    title: LocalizedText,
    purpose: LocalizedText.optional().describe('Why this routine exists, in one sentence.'),
    owner: z
      .object({ role: nonEmpty.describe('The role that decides this standard.'), name: nonEmpty.describe('The person who holds that role.') })
      .strict()
      .describe('Who decides: questions about this standard go to this person.'),
    effectiveFrom: z.iso.date().describe('First day (YYYY-MM-DD) on which stations use this version.'),
    schedule: Schedule,
    reasonCodes: z
      .array(z.object({ code: ReasonCode, label: LocalizedText }).strict())
      .min(1)
      .describe('The reasons an artisan can choose when a step cannot be done or a value is out of limits.'),
    steps: z.array(Step).min(1).max(40),
  })
  .strict()
  .superRefine((doc, ctx) => {
    const seen = new Map<string, number>();
    doc.steps.forEach((s, i) => {
      const first = seen.get(s.id);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['steps', i, 'id'], message: `duplicate step id "${s.id}" (already used by step ${first + 1})` });
      } else seen.set(s.id, i);
    });
    const codes = new Set<string>();
    doc.reasonCodes.forEach((r, i) => {
      if (codes.has(r.code)) ctx.addIssue({ code: 'custom', path: ['reasonCodes', i, 'code'], message: `duplicate reason code "${r.code}"` });
      codes.add(r.code);
    });
  });
export type StandardDocument = z.infer<typeof StandardDocument>;

/** What a run refers to: the exact standard version, down to its content. */
export const StandardRef = z.object({ id: Id, version: z.number().int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export type StandardRef = z.infer<typeof StandardRef>;
