/**
 * The computer's own voices (Web Speech API), used for Read aloud only when the artisan chose one in My settings;
 * the shipped engine (voice/engine.ts) speaks otherwise (issue 13). Guarded (ACCESSIBILITY.md "Senses"): on Linux Chromium needs
 * speech-dispatcher, getVoices() can be empty, and `onend` may never fire. So: wait briefly for voices,
 * say plainly when there is no voice, and never wait forever for the end.
 */
export type SpeakOutcome = 'spoken' | 'unavailable' | 'no-voice' | 'timeout' | 'error';

type Synth = Pick<SpeechSynthesis, 'getVoices' | 'speak' | 'cancel' | 'addEventListener' | 'removeEventListener'>;

export type SpeakOptions = {
  synth?: Synth | null;
  makeUtterance?: (text: string) => SpeechSynthesisUtterance;
  /** How long to wait for voices to load. */
  voicesWaitMs?: number;
  /** Upper bound for speaking: after it, speech is cancelled and we move on. */
  maxMs?: number;
  /** The voice the artisan chose (its name); only a voice of the language is used, else 'no-voice'. */
  voiceName?: string;
  /** Speaking rate (1 = the voice's normal). */
  rate?: number;
};

const BCP47 = { en: 'en-GB', hi: 'hi-IN' } as const;

export function waitForVoices(synth: Synth, ms: number): Promise<SpeechSynthesisVoice[]> {
  const now = synth.getVoices();
  if (now.length > 0 || ms <= 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      synth.removeEventListener('voiceschanged', done);
      clearTimeout(timer);
      resolve(synth.getVoices());
    };
    const timer = setTimeout(done, ms);
    synth.addEventListener('voiceschanged', done);
  });
}

/** Pick a voice for the language: exact region first, then any voice of that language. */
export function pickVoice(voices: readonly SpeechSynthesisVoice[], lang: 'en' | 'hi'): SpeechSynthesisVoice | null {
  const wanted = BCP47[lang].toLowerCase();
  const norm = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
  return voices.find((v) => norm(v) === wanted) ?? voices.find((v) => norm(v).startsWith(`${lang}-`) || norm(v) === lang) ?? null;
}

/** The voices of one language, as offered in My settings. */
export function voicesFor(voices: readonly SpeechSynthesisVoice[], lang: 'en' | 'hi'): SpeechSynthesisVoice[] {
  const norm = (v: SpeechSynthesisVoice) => v.lang.replace('_', '-').toLowerCase();
  return voices.filter((v) => norm(v) === lang || norm(v).startsWith(`${lang}-`));
}

/** The computer's voices of a language (none where the Web Speech API is missing or has no voices). */
export async function systemVoices(lang: 'en' | 'hi', waitMs = 800): Promise<SpeechSynthesisVoice[]> {
  if (typeof window === 'undefined' || !('speechSynthesis' in window)) return [];
  try {
    return voicesFor(await waitForVoices(window.speechSynthesis, waitMs), lang);
  } catch {
    return [];
  }
}

export async function speak(text: string, lang: 'en' | 'hi', opts: SpeakOptions = {}): Promise<SpeakOutcome> {
  const synth = opts.synth !== undefined ? opts.synth : typeof window !== 'undefined' && 'speechSynthesis' in window ? window.speechSynthesis : null;
  const makeUtterance =
    opts.makeUtterance ?? (typeof SpeechSynthesisUtterance === 'function' ? (t: string) => new SpeechSynthesisUtterance(t) : null);
  if (!synth || !makeUtterance || !text.trim()) return 'unavailable';
  let voices: SpeechSynthesisVoice[];
  try {
    voices = await waitForVoices(synth, opts.voicesWaitMs ?? 1200);
  } catch {
    return 'unavailable';
  }
  if (voices.length === 0) return 'unavailable';
  const voice = opts.voiceName !== undefined ? (voicesFor(voices, lang).find((v) => v.name === opts.voiceName) ?? null) : pickVoice(voices, lang);
  if (!voice) return 'no-voice';
  const maxMs = opts.maxMs ?? Math.min(60_000, 4000 + text.length * 150);
  return new Promise<SpeakOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: SpeakOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      try {
        synth.cancel();
      } catch {
        // nothing more to do
      }
      finish('timeout');
    }, maxMs);
    try {
      synth.cancel();
      const u = makeUtterance(text);
      u.lang = BCP47[lang];
      u.voice = voice;
      u.rate = opts.rate ?? 0.9;
      u.onend = () => finish('spoken');
      u.onerror = () => finish('error');
      synth.speak(u);
    } catch {
      finish('error');
    }
  });
}

export function stopSpeaking(): void {
  try {
    if (typeof window !== 'undefined' && 'speechSynthesis' in window) window.speechSynthesis.cancel();
  } catch {
    // ignore
  }
}
