/**
 * Read aloud (issue 13): one place decides who speaks and stops it when the artisan moves on.
 * - A part with a recording in the reader's language plays that recording (the standard's own voice).
 * - Text is spoken by the computer's voice only when the artisan chose one and it speaks the language;
 *   otherwise, and whenever that voice fails, by the voice shipped with Steadywork. Never silence.
 * Speaking never blocks the screen: everything here is asynchronous, and a new read (or stopReading) ends the last.
 */
import type { Lang } from '../i18n';
import { APP_VOICE, type SpeechPrefs } from '../prefs';
import { speak as speakWithSystem, stopSpeaking as stopSystem } from '../speech';
import { noteUtterance, playEncoded } from './audio';
import { speakWithEngine, warmEngine } from './engine';

/** One piece to read: its text, and where the standard has one, a recording of that text. */
export type Part = { text: string; recording?: () => Promise<ArrayBuffer | null> };
export type ReadOutcome = 'spoken' | 'stopped' | 'failed';

let generation = 0;
let stopCurrent: (() => void) | null = null;
/** What the reading in progress is for (e.g. a step in a language), when its caller said. */
let readingFor: string | undefined;

/**
 * Stop whatever is being read (moving to another step, screen or person). `keep`: unless it is the reading of that
 * (the step now shown): a press of Read aloud made while Done was being recorded reads the next step, and moving
 * to that step must not silence it.
 */
export function stopReading(keep?: string): void {
  if (keep !== undefined && readingFor === keep) return;
  readingFor = undefined;
  generation++;
  stopCurrent?.();
  stopCurrent = null;
  stopSystem();
}

/** Get the shipped voice ready in the background (it takes a moment the first time). */
export function prepareVoice(): void {
  void warmEngine();
}

/** Read the parts aloud, after stopping any other reading. `readFor`: what this reading is for (see stopReading). */
export async function readAloud(parts: Part[], lang: Lang, prefs: Pick<SpeechPrefs, 'rate' | 'voice'>, readFor?: string): Promise<ReadOutcome> {
  stopReading();
  readingFor = readFor;
  const mine = generation;
  const live = () => mine === generation;
  let spoke = false;
  for (const part of parts) {
    if (!live()) return 'stopped';
    const text = part.text.replace(/\s+/g, ' ').trim();
    if (part.recording) {
      const bytes = await part.recording().catch(() => null);
      if (!live()) return 'stopped';
      if (bytes) {
        const signal: { stopped: boolean; onStop?: () => void } = { stopped: false };
        stopCurrent = () => {
          signal.stopped = true;
          signal.onStop?.();
        };
        noteUtterance(text, lang, 'recording');
        if (await playEncoded(bytes, signal)) {
          spoke = true;
          continue;
        }
        if (!live()) return 'stopped';
      }
    }
    if (!text) continue;
    if (prefs.voice !== APP_VOICE) {
      noteUtterance(text, lang, 'os');
      const outcome = await speakWithSystem(text, lang, { voiceName: prefs.voice, rate: prefs.rate === 'slow' ? 0.7 : 0.9 });
      if (!live()) return 'stopped';
      if (outcome === 'spoken' || outcome === 'timeout') {
        spoke = true;
        continue;
      }
      // The chosen voice is not on this computer, or failed: the shipped voice speaks instead.
    }
    const speaking = speakWithEngine(text, lang, prefs.rate);
    stopCurrent = speaking.stop;
    const outcome = await speaking.done;
    if (outcome === 'stopped' || !live()) return 'stopped';
    if (outcome === 'spoken') spoke = true;
  }
  return spoke ? 'spoken' : 'failed';
}
