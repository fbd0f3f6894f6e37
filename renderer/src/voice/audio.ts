/**
 * Everything Steadywork plays goes through one WebAudio graph: shipped-engine speech, recordings from the standard
 * and the outcome sounds (earcons). Volume is the computer's own: nothing here turns it up or down.
 *
 *   sources → master (GainNode) → destination
 *                             └→ tap (only when a test asks for it, see AudioTap)
 *
 * Test tap: an end-to-end test that sets `window.__SW_AUDIO_TAP__ = {}` before the page loads gets the real audio
 * measured as it is rendered (a ScriptProcessorNode on the master bus): blocks, RMS and the time of the first audible
 * sample, plus what was said and which sounds played. Without that flag nothing is tapped and nothing is exposed.
 */

export type Via = 'engine' | 'recording' | 'os';

export interface AudioTap {
  /** performance.now() of the first block whose RMS is above 0.005, since the last reset; null while silent. */
  firstSoundAt: number | null;
  /** performance.now() of the last audible block. */
  lastSoundAt: number | null;
  /** performance.now() of the last reset. */
  resetAt: number;
  /** Audible blocks and all their samples, for an RMS over what was heard. */
  audibleBlocks: number;
  sumSquares: number;
  samples: number;
  peakRms: number;
  utterances: Array<{ text: string; lang: string; via: Via; at: number }>;
  earcons: Array<{ name: string; at: number }>;
  /** Spoken notes played back (their SHA-256, or 'new' for one not saved yet). */
  recordings: Array<{ name: string; at: number }>;
  reset(): void;
}

declare global {
  interface Window {
    __SW_AUDIO_TAP__?: Partial<AudioTap>;
  }
}

let ctx: AudioContext | null = null;
let master: GainNode | null = null;

/** The tap's records, set up at once when a test asked for them (before any sound, so nothing is missed). */
function tapRecords(t: Partial<AudioTap>): AudioTap {
  const full = t as AudioTap;
  full.reset = () => {
    full.firstSoundAt = null;
    full.lastSoundAt = null;
    full.resetAt = performance.now();
    full.audibleBlocks = 0;
    full.sumSquares = 0;
    full.samples = 0;
    full.peakRms = 0;
    full.utterances = [];
    full.earcons = [];
    full.recordings = [];
  };
  full.reset();
  return full;
}
const tap: AudioTap | null = typeof window !== 'undefined' && window.__SW_AUDIO_TAP__ && typeof window.__SW_AUDIO_TAP__ === 'object' ? tapRecords(window.__SW_AUDIO_TAP__) : null;

/** Measure what the master bus renders, block by block. */
function connectTap(c: AudioContext, bus: GainNode, full: AudioTap): void {
  const node = c.createScriptProcessor(512, 1, 1);
  node.onaudioprocess = (ev) => {
    const data = ev.inputBuffer.getChannelData(0);
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum += (data[i] ?? 0) ** 2;
    const rms = Math.sqrt(sum / data.length);
    if (rms > 0.005) {
      full.firstSoundAt ??= performance.now();
      full.lastSoundAt = performance.now();
      full.audibleBlocks++;
      full.sumSquares += sum;
      full.samples += data.length;
      full.peakRms = Math.max(full.peakRms, rms);
    }
  };
  bus.connect(node);
  // A ScriptProcessorNode only runs while connected onwards; its output stays silent.
  node.connect(c.destination);
}

/** The one AudioContext, made on first use (after a press, so the browser lets it play). */
export function audio(): { ctx: AudioContext; out: AudioNode } | null {
  if (!ctx) {
    const Ctor = typeof window !== 'undefined' ? window.AudioContext : undefined;
    if (!Ctor) return null;
    try {
      ctx = new Ctor({ latencyHint: 'interactive' });
    } catch {
      return null;
    }
    master = ctx.createGain();
    master.connect(ctx.destination);
    if (tap) connectTap(ctx, master, tap);
  }
  if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
  return { ctx, out: master as GainNode };
}

/** What a test tap records beside the sound itself (no-op without a tap). */
export function noteUtterance(text: string, lang: string, via: Via): void {
  tap?.utterances.push({ text, lang, via, at: performance.now() });
}
export function noteEarcon(name: string): void {
  tap?.earcons.push({ name, at: performance.now() });
}
export function noteRecordingPlayed(name: string): void {
  tap?.recordings.push({ name, at: performance.now() });
}

/**
 * A stream of 16-bit mono pieces played back to back, gap-free, starting as soon as the first piece arrives.
 * stop() silences it at once; done resolves when the last piece has played (or at stop).
 */
export class PcmStream {
  private next = 0;
  private sources = new Set<AudioBufferSourceNode>();
  private ended = false;
  private stopped = false;
  private resolveDone: () => void = () => {};
  readonly done: Promise<void>;

  constructor(private readonly sampleRate: number) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  push(samples: Int16Array): void {
    const a = audio();
    if (!a || this.stopped || samples.length === 0) return;
    const buffer = a.ctx.createBuffer(1, samples.length, this.sampleRate);
    const ch = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) ch[i] = (samples[i] ?? 0) / 32768;
    const src = a.ctx.createBufferSource();
    src.buffer = buffer;
    src.connect(a.out);
    // A small lead keeps the first piece whole; later pieces follow the previous one exactly.
    const at = Math.max(a.ctx.currentTime + 0.02, this.next);
    src.start(at);
    this.next = at + buffer.duration;
    this.sources.add(src);
    src.onended = () => {
      this.sources.delete(src);
      this.settle();
    };
  }

  /** No more pieces will come. */
  end(): void {
    this.ended = true;
    this.settle();
  }

  stop(): void {
    this.stopped = true;
    for (const s of this.sources) {
      try {
        s.stop();
      } catch {
        // already stopped
      }
    }
    this.sources.clear();
    this.resolveDone();
  }

  private settle() {
    if (this.ended && this.sources.size === 0) this.resolveDone();
  }
}

/** Play encoded audio (a recording from the standard). Resolves when it has played, or at once when it cannot. */
export async function playEncoded(bytes: ArrayBuffer, signal: { stopped: boolean; onStop?: () => void }): Promise<boolean> {
  const a = audio();
  if (!a) return false;
  let buffer: AudioBuffer;
  try {
    buffer = await a.ctx.decodeAudioData(bytes);
  } catch {
    return false;
  }
  if (signal.stopped) return true;
  const src = a.ctx.createBufferSource();
  src.buffer = buffer;
  src.connect(a.out);
  return new Promise<boolean>((resolve) => {
    src.onended = () => resolve(true);
    signal.onStop = () => {
      try {
        src.stop();
      } catch {
        // not started
      }
      resolve(true);
    };
    src.start();
  });
}
