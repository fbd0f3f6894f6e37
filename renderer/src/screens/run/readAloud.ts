import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { StandardDocument, Step } from '../../contract';
import { limitsInWords, type T } from '../../format';
import { type Lang, localized } from '../../i18n';
import { speechPrefs, type SpeechPrefs } from '../../prefs';
import { useEffectivePrefs, useStation } from '../../store';
import { readAloud, type Part } from '../../voice/speak';

/** What to read aloud for a step after its text: for a measurement its limits, for a choice its options. */
function extras(t: T, step: Step, lang: Lang): string {
  if (step.kind === 'measurement') return limitsInWords(t, step.limits, step.unit, step.decimals, lang);
  if (step.kind === 'choice') return `${step.options.map((o) => localized(o.label, lang).text).join('. ')}.`;
  return '';
}

/** A step's recording per language, asked for once (null: none, or it cannot be played: then the voice reads). */
const recordings = new Map<string, Promise<ArrayBuffer | null>>();
function recording(hash: string, stepId: string, lang: Lang): Promise<ArrayBuffer | null> {
  const key = `${hash}:${stepId}:${lang}`;
  let found = recordings.get(key);
  if (!found) {
    found = api['standards.audio']({ hash, stepId, lang }).then((res) => {
      if (!res.ok || !res.value) return null;
      const bin = atob(res.value.base64);
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return bytes.buffer;
    });
    recordings.set(key, found);
  }
  return found;
}

/**
 * The parts of a step to read, in order: before it, what just happened (the result of an action) where given;
 * the step's place ("Step 2 of 5", with the routine's title on the first step); its text, from the standard's
 * recording in that language where there is one; then its limits or options.
 */
export function stepParts(t: T, doc: StandardDocument, hash: string, index: number, lang: Lang, before?: string): Part[] {
  const step = doc.steps[index];
  if (!step) return [];
  const place = t('run.stepOf', { n: index + 1, total: doc.steps.length });
  const title = index === 0 ? `${localized(doc.title, lang).text}. ` : '';
  const parts: Part[] = [{ text: `${before ? `${before} ` : ''}${title}${place}.` }];
  const hasRecording = Boolean(step.media?.audio?.[lang]);
  parts.push({ text: localized(step.text, lang).text, ...(hasRecording ? { recording: () => recording(hash, step.id, lang) } : {}) });
  const more = extras(t, step, lang);
  if (more) parts.push({ text: more });
  return parts;
}

/** What reading a step is for: that step, in that language (see stopReading in voice/speak.ts). */
export const stepReading = (stepId: string | null, lang: Lang): string => `${stepId ?? ''}:${lang}`;

/**
 * Resolves once no run command is in flight (at once when none is): a press of Read aloud made while Done, Undo…
 * is being recorded is for the step that comes next, so it waits for it.
 */
export function runCommandSettled(): Promise<void> {
  if (!useStation.getState().busy) return Promise.resolve();
  return new Promise((resolve) => {
    const unsubscribe = useStation.subscribe((s) => {
      if (s.busy) return;
      unsubscribe();
      resolve();
    });
  });
}

/** The speech settings in force: the artisan's own. */
export function useSpeechPrefs(): SpeechPrefs {
  const effective = useEffectivePrefs();
  const prefs = useStation((s) => s.artisan?.prefs);
  return speechPrefs(effective, prefs);
}

let speechWarned = false;

/**
 * Read parts aloud in the screen's language. A press says "Reading aloud." beside the button; an automatic read says
 * nothing (the result of the last action stays shown). When nothing could be spoken, it says so (once when automatic).
 */
export function useReadAloud(lang: Lang) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const prefs = useSpeechPrefs();
  return async (parts: Part[] | string, automatic = false, readFor?: string) => {
    const list = typeof parts === 'string' ? [{ text: parts }] : parts;
    if (!automatic) say(t('speech.reading'), 'info');
    const outcome = await readAloud(list, lang, prefs, readFor);
    if (outcome === 'failed') {
      if (automatic && speechWarned) return;
      speechWarned = true;
      say(t('speech.unavailable'), 'warn');
    }
  };
}
