/**
 * The standards domain (electron/core/standards/channels.ts): a standard version and its step pictures, open to the
 * station; checking, publishing and retiring versions, for the supervisor (docs/standards.md).
 */
import { z } from 'zod';
import { FullPath, ShortId, stationChannel, supervisorChannel, SupervisorSession } from './common';
import type { StandardDocument } from './standard-document';

export const StandardArgs = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
export const PictureArgs = StandardArgs.extend({ stepId: z.string().min(1).max(64) }).strict();
export const AudioArgs = PictureArgs.extend({ lang: z.enum(['en', 'hi']) }).strict();
export const StandardsListArgs = z.object({ session: SupervisorSession }).strict();

/** A standard offered for publishing: a path on this computer, or a file chosen in the browser/app (its text). */
export const StandardSource = z.union([
  z.object({ path: FullPath }).strict(),
  z.object({ name: z.string().trim().min(1).max(255), text: z.string().max(1_000_000) }).strict(),
]);
export type StandardSource = z.infer<typeof StandardSource>;

export type StepChange =
  | { change: 'added'; stepId: string; index: number; title: { en: string; hi?: string } }
  | { change: 'removed'; stepId: string; index: number; title: { en: string; hi?: string } }
  | { change: 'moved'; stepId: string; from: number; to: number; title: { en: string; hi?: string } }
  | { change: 'changed'; stepId: string; index: number; title: { en: string; hi?: string }; fields: Array<{ field: string; before: string; after: string }> };

export interface StandardCheck {
  /** true when it can be published. */
  ok: boolean;
  file: string;
  /** Errors (ok=false) and warnings, each naming the file, the field, what was expected and what was found. */
  problems: Array<{ severity: 'error' | 'warning'; field: string | null; message: string }>;
  standard: { id: string; version: number; hash: string; title: { en: string; hi?: string }; owner: string; effectiveFrom: string; steps: number } | null;
  /** The version it replaces (the highest known lower version), or null for a new standard. */
  previous: { version: number; hash: string; effectiveFrom: string } | null;
  /** What changed, step by step, from the previous version; standard-level changes (title, owner, schedule, reasons) as stepId "". */
  changes: StepChange[];
  /** Already published with exactly this content: publishing again changes nothing. */
  alreadyPublished: boolean;
}

export interface KnownStandardVersion {
  id: string;
  version: number;
  hash: string;
  title: { en: string; hi?: string };
  owner: string;
  effectiveFrom: string;
  /** current: in force today; upcoming: effective later; superseded: a later version is in force; retired: withdrawn. */
  state: 'current' | 'upcoming' | 'superseded' | 'retired';
  /** Published on the share (false: only bundled with the app or pulled earlier). */
  published: boolean;
}

export const StandardCheckArgs = z.object({ session: SupervisorSession, source: StandardSource }).strict();
export const StandardRetireArgs = z
  .object({ session: SupervisorSession, id: ShortId, version: z.number().int().min(1), reason: z.string().trim().min(1).max(500) })
  .strict();

/** A picture of a step, as a data: URL (CSP allows img-src data:), or null when the standard has none. */
export type Picture = { dataUrl: string; alt?: { en: string; hi?: string } } | null;

/** A step's recording in one language (base64 bytes and MIME type, decoded and played with WebAudio), or null when there is none. */
export type StepAudio = { type: string; base64: string } | null;

export const STANDARDS_CHANNELS = {
  'standards.get': stationChannel<StandardDocument>()(StandardArgs),
  'standards.picture': stationChannel<Picture>()(PictureArgs),
  /** The recording of a step in the reader's language, played by Read aloud before the shipped voice speaks the rest. */
  'standards.audio': stationChannel<StepAudio>()(AudioArgs),
  /** Every version of every standard this station knows, with its state. */
  'standards.list': supervisorChannel<KnownStandardVersion[]>()(StandardsListArgs),
  /** Validate a standard file and compare it with the version it replaces; changes nothing. */
  'standards.check': supervisorChannel<StandardCheck>()(StandardCheckArgs),
  /** Publish a checked standard to the shared folder (never over a published version); stations pick it up from its effective date. */
  'standards.publish': supervisorChannel<{ id: string; version: number; hash: string; file: string }>()(StandardCheckArgs),
  /** Withdraw a version (it is never changed or deleted): stations stop starting new runs on it. */
  'standards.retire': supervisorChannel<null>()(StandardRetireArgs),
} as const;
