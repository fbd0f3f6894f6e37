/**
 * The page's side of the shipped speech engine: one worker (speech/engine-worker.js), started on first need and
 * kept, so only the first sentence of the day waits for the engine to load. Nothing here is in the main bundle's
 * critical path: the worker script and its voice data are separate files, fetched when speech is first wanted.
 */
import { noteUtterance, PcmStream } from './audio';
import type { EngineLang, SpeechRate } from './espeak';
import type { FromWorker, ToWorker } from './protocol';

export type EngineOutcome = 'spoken' | 'stopped' | 'failed';

type Pending = { stream: PcmStream; resolve: (o: EngineOutcome) => void };

let worker: Worker | null = null;
let sampleRate = 0;
let ready: Promise<boolean> | null = null;
let nextId = 0;
const pending = new Map<number, Pending>();

/** Where the worker and its data are served: beside index.html, in speech/ (harness and app:// alike). */
const assetUrl = (name: string) => new URL(`speech/${name}`, document.baseURI).href;

function fail(message: string) {
  console.warn(`Steadywork speech engine: ${message}`);
  for (const [, p] of pending) {
    p.stream.stop();
    p.resolve('failed');
  }
  pending.clear();
}

/** Start the engine (idempotent). Resolves true once it can speak, false if it cannot on this computer. */
export function warmEngine(): Promise<boolean> {
  if (ready) return ready;
  ready = new Promise<boolean>((resolve) => {
    try {
      worker = new Worker(assetUrl('engine-worker.js'), { type: 'module', name: 'steadywork-speech' });
    } catch (err) {
      fail(String(err));
      resolve(false);
      return;
    }
    worker.onerror = (ev) => {
      fail(ev.message || 'the worker could not start');
      resolve(false);
    };
    worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === 'ready') {
        sampleRate = m.sampleRate;
        resolve(true);
      } else if (m.type === 'failed') {
        fail(m.message);
        resolve(false);
      } else if (m.type === 'chunk') {
        pending.get(m.id)?.stream.push(m.samples);
      } else if (m.type === 'end') {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        p.stream.end();
        if (m.stopped) p.resolve('stopped');
        else void p.stream.done.then(() => p.resolve(m.samples > 0 ? 'spoken' : 'failed'));
      }
    };
    const msg: ToWorker = { type: 'load', dataUrl: assetUrl('espeak-ng.data') };
    worker.postMessage(msg);
  });
  // A failed start may be retried later (e.g. after the files are back).
  void ready.then((ok) => {
    if (!ok) {
      worker?.terminate();
      worker = null;
      ready = null;
    }
  });
  return ready;
}

export interface Speaking {
  done: Promise<EngineOutcome>;
  stop(): void;
}

/** Speak with the shipped engine. The audio starts with the first sentence, while the rest is being made. */
export function speakWithEngine(text: string, lang: EngineLang, rate: SpeechRate): Speaking {
  const id = ++nextId;
  let stopped = false;
  let stream: PcmStream | null = null;
  let settle: (o: EngineOutcome) => void = () => {};
  const done = new Promise<EngineOutcome>((resolve) => (settle = resolve));
  void warmEngine().then((ok) => {
    if (stopped) return settle('stopped');
    if (!ok || !worker) return settle('failed');
    stream = new PcmStream(sampleRate);
    pending.set(id, { stream, resolve: settle });
    noteUtterance(text, lang, 'engine');
    const msg: ToWorker = { type: 'speak', id, text, lang, rate };
    worker.postMessage(msg);
  });
  return {
    done,
    stop() {
      if (stopped) return;
      stopped = true;
      stream?.stop();
      if (pending.delete(id)) {
        const msg: ToWorker = { type: 'stop', id };
        worker?.postMessage(msg);
      }
      settle('stopped');
    },
  };
}
