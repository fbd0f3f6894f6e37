/** Messages between the renderer and its speech worker (engine-worker.ts). */
import type { EngineLang, SpeechRate } from './espeak';

export type ToWorker =
  | { type: 'load'; dataUrl: string }
  | { type: 'speak'; id: number; text: string; lang: EngineLang; rate: SpeechRate }
  | { type: 'stop'; id: number };

export type FromWorker =
  | { type: 'ready'; sampleRate: number; loadMs: number }
  | { type: 'failed'; message: string }
  /** One piece of audio, 16-bit mono at the engine's sample rate (transferred, not copied). */
  | { type: 'chunk'; id: number; samples: Int16Array }
  | { type: 'end'; id: number; samples: number; stopped: boolean };
