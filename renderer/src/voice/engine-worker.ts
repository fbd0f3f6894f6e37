/**
 * The speech worker: loads the shipped engine (espeak.ts) and its voice data once, then speaks text sentence by
 * sentence, sending each piece of audio to the page as soon as it is made. Built by scripts/build.mjs as its own
 * file (dist/renderer/speech/engine-worker.js), next to espeak-ng.data, outside the main bundle.
 */
/// <reference lib="webworker" />
import { loadEngine, sentences, type Engine } from './espeak';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);

let engine: Promise<Engine> | null = null;
/** The utterance being spoken; a newer one, or "stop", ends it at the next piece of audio or sentence. */
let current = 0;
const stopped = new Set<number>();

/** Let queued messages (a "stop", a newer utterance) arrive between sentences. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function load(dataUrl: string): Promise<Engine> {
  const started = performance.now();
  const res = await fetch(dataUrl);
  if (!res.ok) throw new Error(`The voice data ${dataUrl} could not be read (HTTP ${res.status}).`);
  const e = await loadEngine(await res.arrayBuffer());
  post({ type: 'ready', sampleRate: e.sampleRate, loadMs: Math.round(performance.now() - started) });
  return e;
}

async function speak(m: Extract<ToWorker, { type: 'speak' }>): Promise<void> {
  current = m.id;
  const e = await (engine ?? Promise.reject(new Error('The speech engine was not loaded.')));
  let made = 0;
  const live = () => current === m.id && !stopped.has(m.id);
  for (const sentence of sentences(m.text)) {
    if (!live()) break;
    made += e.synthesize(sentence, m.lang, m.rate, (samples) => {
      post({ type: 'chunk', id: m.id, samples }, [samples.buffer]);
      return true;
    });
    await breathe();
  }
  post({ type: 'end', id: m.id, samples: made, stopped: !live() });
  stopped.delete(m.id);
}

scope.onmessage = (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  if (m.type === 'load') {
    engine ??= load(m.dataUrl);
    engine.catch((err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
  } else if (m.type === 'stop') {
    stopped.add(m.id);
  } else if (m.type === 'speak') {
    speak(m).catch((err: unknown) => {
      post({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
      post({ type: 'end', id: m.id, samples: 0, stopped: true });
    });
  }
};
