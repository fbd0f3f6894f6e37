/** A step's recorded audio in one language (issue 13): read like its picture (picture.ts), at most 4 MB. */
import type { StepAudio } from '../../contract';
import { ok, type Result } from '../../contract/result';
import type { LoadedStandard } from './load';
import { findStep, readStandardMedia } from './picture';

/** Recordings larger than this are not sent to the screen (a minute of good MP3 is about 1 MB). */
export const MAX_AUDIO_BYTES = 4 * 1024 * 1024;

const AUDIO_TYPES: Record<string, string> = {
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.m4a': 'audio/mp4',
};

/** The recording of a step in a language as base64 with its type; null when the standard has none for it. */
export async function readStepAudio(loaded: LoadedStandard | undefined, hash: string, stepId: string, lang: 'en' | 'hi'): Promise<Result<StepAudio>> {
  const found = findStep(loaded, hash, stepId);
  if (!found.ok) return found;
  const file = found.value.media?.audio?.[lang];
  if (!file || !loaded) return ok(null);
  const read = await readStandardMedia(loaded, file, AUDIO_TYPES, MAX_AUDIO_BYTES, 'AUDIO_UNAVAILABLE', `The ${lang === 'hi' ? 'Hindi' : 'English'} recording of step "${stepId}"`, 'sound');
  if (!read.ok) return read;
  return ok({ type: read.value.type, base64: read.value.data.toString('base64') });
}
