/**
 * The shipped speech engine speaks English and Hindi step texts in plain Node: real audio, not silence, of a
 * length that fits the words (issue 13). The same code runs in the renderer's speech worker.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, sentences, type Engine, type EngineLang } from '../renderer/src/voice/espeak';

const require = createRequire(import.meta.url);
const dataFile = path.join(path.dirname(require.resolve('@echogarden/espeak-ng-emscripten/package.json')), 'espeak-ng.data');

function speakAll(engine: Engine, text: string, lang: EngineLang, rate: 'slow' | 'normal' = 'normal') {
  const chunks: Int16Array[] = [];
  for (const s of sentences(text)) engine.synthesize(s, lang, rate, (c) => void chunks.push(c));
  const n = chunks.reduce((a, c) => a + c.length, 0);
  let sum = 0;
  for (const c of chunks) for (const v of c) sum += (v / 32768) ** 2;
  return { seconds: n / engine.sampleRate, rms: n ? Math.sqrt(sum / n) : 0, chunks: chunks.length };
}

let engine: Engine;
let coldMs = 0;
beforeAll(async () => {
  const started = performance.now();
  const bytes = await readFile(dataFile);
  engine = await loadEngine(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  coldMs = performance.now() - started;
});

describe('shipped speech engine (eSpeak NG)', () => {
  it('loads with its voice data and says at which rate it makes audio', () => {
    expect(engine.sampleRate).toBe(22050);
    expect(coldMs).toBeGreaterThan(0);
  });

  it('speaks an English step: audible, about as long as the words take', () => {
    const text = 'Check the pressure gauge. It must read between 2 and 3 bar.';
    const r = speakAll(engine, text, 'en');
    // 12 words at 155 words a minute is about 4.6 s of speech plus pauses; anything from 2 to 9 s is plausible.
    expect(r.seconds).toBeGreaterThan(2);
    expect(r.seconds).toBeLessThan(9);
    expect(r.rms).toBeGreaterThan(0.03);
    expect(r.chunks).toBeGreaterThan(5); // streamed in pieces, so the first sound comes early
  });

  it('speaks a Hindi step in Hindi: audible, plausible length', () => {
    const text = 'ढक्कन को कस कर बंद करें। दबाव दो से तीन बार के बीच होना चाहिए।';
    const r = speakAll(engine, text, 'hi');
    expect(r.seconds).toBeGreaterThan(2);
    expect(r.seconds).toBeLessThan(10);
    expect(r.rms).toBeGreaterThan(0.03);
  });

  it('speaks slowly when asked: the same words take longer', () => {
    const text = 'Fold the box along the marked lines.';
    const normal = speakAll(engine, text, 'en', 'normal');
    const slow = speakAll(engine, text, 'en', 'slow');
    expect(slow.seconds).toBeGreaterThan(normal.seconds * 1.15);
  });

  it('stops when the listener answers false (the artisan moved on)', () => {
    let pieces = 0;
    const made = engine.synthesize('This sentence is long enough to take several pieces of audio to make.', 'en', 'normal', () => {
      pieces++;
      return false;
    });
    expect(pieces).toBe(1);
    expect(made / engine.sampleRate).toBeLessThan(0.5);
  });
});

describe('sentences', () => {
  it('splits at full stops, question marks and the danda, losing no words', () => {
    expect(sentences('Fold it.  Check it?\nDone!')).toEqual(['Fold it.', 'Check it?', 'Done!']);
    expect(sentences('ढक्कन बंद करें। दबाव जांचें।')).toEqual(['ढक्कन बंद करें।', 'दबाव जांचें।']);
    expect(sentences('  ')).toEqual([]);
    expect(sentences('2.5 bar')).toEqual(['2.5 bar']);
  });
});
