import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineOutcome } from './engine';

/** The shipped engine, replaced by one whose speaking ends only when the test says (or when stopped). */
const speaking: Array<{ text: string; stopped: boolean; end: (o: EngineOutcome) => void }> = [];
vi.mock('./engine', () => ({
  warmEngine: () => Promise.resolve(true),
  speakWithEngine: (text: string) => {
    let end: (o: EngineOutcome) => void = () => {};
    const done = new Promise<EngineOutcome>((resolve) => (end = resolve));
    const s = { text, stopped: false, end };
    speaking.push(s);
    return {
      done,
      stop() {
        s.stopped = true;
        end('stopped');
      },
    };
  },
}));

const { readAloud, stopReading } = await import('./speak');
const prefs = { rate: 'normal', voice: 'app' } as const;

describe('Read aloud and moving on (voice/speak.ts)', () => {
  beforeEach(() => {
    speaking.length = 0;
  });

  it('moving on stops the reading of the step left', async () => {
    const reading = readAloud([{ text: 'Step 1 of 8.' }, { text: 'Put on your gloves.' }], 'en', prefs, 'step-1:en');
    await vi.waitFor(() => expect(speaking).toHaveLength(1));
    stopReading('step-2:en');
    expect(speaking[0]?.stopped).toBe(true);
    await expect(reading).resolves.toBe('stopped');
    expect(speaking).toHaveLength(1);
  });

  it('a reading of the step moved to (pressed while Done was being recorded) is kept, and heard to the end', async () => {
    const reading = readAloud([{ text: 'Step 2 of 8.' }, { text: 'Clear the work table.' }], 'en', prefs, 'step-2:en');
    await vi.waitFor(() => expect(speaking).toHaveLength(1));
    stopReading('step-2:en');
    expect(speaking[0]?.stopped).toBe(false);
    speaking[0]?.end('spoken');
    await vi.waitFor(() => expect(speaking).toHaveLength(2));
    expect(speaking[1]?.text).toBe('Clear the work table.');
    speaking[1]?.end('spoken');
    await expect(reading).resolves.toBe('spoken');
  });

  it('the same step in another language, or a reading for nothing named, is stopped; a plain stop stops all', async () => {
    const hi = readAloud([{ text: 'चरण 2 / 8.' }], 'hi', prefs, 'step-2:hi');
    await vi.waitFor(() => expect(speaking).toHaveLength(1));
    stopReading('step-2:en');
    await expect(hi).resolves.toBe('stopped');
    const unnamed = readAloud([{ text: 'Try it.' }], 'en', prefs);
    await vi.waitFor(() => expect(speaking).toHaveLength(2));
    stopReading('step-2:en');
    await expect(unnamed).resolves.toBe('stopped');
    const kept = readAloud([{ text: 'Step 2 of 8.' }], 'en', prefs, 'step-2:en');
    await vi.waitFor(() => expect(speaking).toHaveLength(3));
    stopReading();
    await expect(kept).resolves.toBe('stopped');
  });
});
