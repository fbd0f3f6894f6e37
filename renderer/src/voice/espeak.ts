/**
 * The speech engine shipped with Steadywork: eSpeak NG compiled to JavaScript (@echogarden/espeak-ng-emscripten,
 * GPL-3.0), so Read aloud works offline in English and Hindi whatever voices the computer has (issue 13).
 * Plain code, no DOM: it runs in the renderer's speech worker (engine-worker.ts) and in Node tests alike.
 *
 * The engine is synchronous inside one call, so text is spoken sentence by sentence: between sentences the worker
 * hears "stop", and the first sentence's audio is out before the rest is made.
 */
import factory, { type ESpeakNGWorker } from '@echogarden/espeak-ng-emscripten';

export type EngineLang = 'en' | 'hi';
export type SpeechRate = 'slow' | 'normal';

/** eSpeak NG voices: British English (the app's English) and Hindi. */
const VOICES: Record<EngineLang, string> = { en: 'en-gb', hi: 'hi' };
/** Words per minute. eSpeak's default (175) is brisk for a workshop; slow is for people who need time. */
export const RATE_WPM: Record<SpeechRate, number> = { normal: 155, slow: 115 };

export interface Engine {
  readonly sampleRate: number;
  /**
   * Speak one sentence: onChunk gets each piece of 16-bit mono audio as soon as it is made; answering false stops.
   * Returns the number of samples made.
   */
  synthesize(text: string, lang: EngineLang, rate: SpeechRate, onChunk: (samples: Int16Array) => boolean | void): number;
}

/** Load the engine with its voice data (the bytes of espeak-ng.data: about 1 MB as built, the en and hi dictionaries). */
export async function loadEngine(voiceData: ArrayBuffer): Promise<Engine> {
  const module = await factory({
    getPreloadedPackage: () => voiceData,
    print: () => {},
    printErr: () => {},
  });
  const worker: ESpeakNGWorker = new module.eSpeakNGWorker();
  const sampleRate = worker.get_samplerate();
  let voice = '';
  let wpm = 0;
  return {
    sampleRate,
    synthesize(text, lang, rate, onChunk) {
      if (voice !== VOICES[lang]) {
        worker.set_voice(VOICES[lang]);
        voice = VOICES[lang];
        wpm = 0; // a new voice starts at its own rate
      }
      if (wpm !== RATE_WPM[rate]) {
        worker.set_rate(RATE_WPM[rate]);
        wpm = RATE_WPM[rate];
      }
      let made = 0;
      worker.synthesize(text, (samples) => {
        if (!samples || samples.length === 0) return false;
        made += samples.length;
        // The module hands a view it reuses: copy before keeping it.
        return onChunk(samples.slice()) === false;
      });
      return made;
    },
  };
}

/**
 * Split text into sentences to speak one by one (full stop, question and exclamation marks, the Devanagari danda).
 * Nothing is lost: the pieces joined with spaces give the text back, less extra spaces.
 */
export function sentences(text: string): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return [];
  return clean
    .split(/(?<=[.!?।॥])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
