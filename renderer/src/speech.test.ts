import { describe, expect, it, vi } from 'vitest';
import { pickVoice, speak } from './speech';

type Listener = () => void;
function fakeSynth(voices: Array<{ lang: string; name: string }>, opts: { fireEnd?: boolean; loadLater?: boolean } = {}) {
  const listeners: Listener[] = [];
  let loaded = !opts.loadLater;
  const spoken: string[] = [];
  const synth = {
    getVoices: () => (loaded ? (voices as unknown as SpeechSynthesisVoice[]) : []),
    speak: (u: SpeechSynthesisUtterance) => {
      spoken.push(u.text);
      if (opts.fireEnd !== false) setTimeout(() => u.onend?.({} as SpeechSynthesisEvent), 5);
    },
    cancel: vi.fn(),
    addEventListener: (_: string, l: Listener) => listeners.push(l),
    removeEventListener: () => undefined,
  };
  return { synth: synth as unknown as SpeechSynthesis, spoken, load: () => ((loaded = true), listeners.forEach((l) => l())) };
}
const makeUtterance = (text: string) => ({ text }) as unknown as SpeechSynthesisUtterance;

describe('speak', () => {
  it('says plainly when speech is not possible', async () => {
    expect(await speak('Hello', 'en', { synth: null, makeUtterance })).toBe('unavailable');
    expect(await speak('Hello', 'en', { synth: fakeSynth([]).synth, makeUtterance, voicesWaitMs: 10 })).toBe('unavailable');
    expect(await speak('नमस्ते', 'hi', { synth: fakeSynth([{ lang: 'en-GB', name: 'e' }]).synth, makeUtterance })).toBe('no-voice');
  });
  it('waits briefly for voices that load late', async () => {
    const f = fakeSynth([{ lang: 'en-US', name: 'e' }], { loadLater: true });
    setTimeout(f.load, 5);
    expect(await speak('Hello', 'en', { synth: f.synth, makeUtterance, voicesWaitMs: 500 })).toBe('spoken');
    expect(f.spoken).toEqual(['Hello']);
  });
  it('never waits forever when onend does not fire', async () => {
    const f = fakeSynth([{ lang: 'hi-IN', name: 'h' }], { fireEnd: false });
    expect(await speak('नमस्ते', 'hi', { synth: f.synth, makeUtterance, maxMs: 30 })).toBe('timeout');
  });
  it('uses the voice the artisan chose, only when it speaks the language', async () => {
    const f = fakeSynth([{ lang: 'en-GB', name: 'Daniel' }, { lang: 'hi-IN', name: 'Lekha' }]);
    expect(await speak('नमस्ते', 'hi', { synth: f.synth, makeUtterance, voiceName: 'Lekha' })).toBe('spoken');
    expect(await speak('नमस्ते', 'hi', { synth: f.synth, makeUtterance, voiceName: 'Daniel' })).toBe('no-voice');
    expect(f.spoken).toEqual(['नमस्ते']);
  });
  it('picks a voice of the language, the exact region first', () => {
    const voices = [{ lang: 'en-US' }, { lang: 'hi_IN' }, { lang: 'en-GB' }] as unknown as SpeechSynthesisVoice[];
    expect(pickVoice(voices, 'en')?.lang).toBe('en-GB');
    expect(pickVoice(voices, 'hi')?.lang).toBe('hi_IN');
  });
});
