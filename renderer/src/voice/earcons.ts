/**
 * Outcome sounds (earcons, issue 13): short, soft and distinct, made with WebAudio (no files). Each outcome is also
 * shown and announced as before: a sound is never the only sign (ACCESSIBILITY.md "Senses").
 *
 * Non-startling by design: sine and triangle tones only, a soft attack (15 ms) and release, a low level (peak gain
 * 0.18 of the computer's volume), mid-range pitches, under half a second; no tone repeats more than three times a
 * second (WCAG 2.3.1 in spirit).
 *   recorded  two notes going up (C5 → E5)          "done, moving on"
 *   undone    the same two notes going down (E5 → C5) "taken back"
 *   outside   one low note, twice, triangle (A3, A3)  "look at this" (not an alarm)
 *   help      three notes going up slowly (G4 B4 D5)  "someone is coming"
 *   finished  a rising chord, four notes (C5 E5 G5 C6) "all done"
 */
import { audio, noteEarcon } from './audio';

export type Earcon = 'recorded' | 'undone' | 'outside' | 'help' | 'finished';

type Note = { hz: number; at: number; dur: number; wave?: OscillatorType };

const C5 = 523.25;
const E5 = 659.25;
const G5 = 783.99;
const C6 = 1046.5;
const G4 = 392.0;
const B4 = 493.88;
const D5 = 587.33;
const A3 = 220.0;

export const EARCONS: Record<Earcon, Note[]> = {
  recorded: [
    { hz: C5, at: 0, dur: 0.09 },
    { hz: E5, at: 0.1, dur: 0.14 },
  ],
  undone: [
    { hz: E5, at: 0, dur: 0.09 },
    { hz: C5, at: 0.1, dur: 0.14 },
  ],
  outside: [
    { hz: A3, at: 0, dur: 0.12, wave: 'triangle' },
    { hz: A3, at: 0.2, dur: 0.16, wave: 'triangle' },
  ],
  help: [
    { hz: G4, at: 0, dur: 0.1 },
    { hz: B4, at: 0.13, dur: 0.1 },
    { hz: D5, at: 0.26, dur: 0.16 },
  ],
  finished: [
    { hz: C5, at: 0, dur: 0.08 },
    { hz: E5, at: 0.09, dur: 0.08 },
    { hz: G5, at: 0.18, dur: 0.08 },
    { hz: C6, at: 0.27, dur: 0.2 },
  ],
};

const PEAK = 0.18;
const ATTACK = 0.015;

/** Play one earcon now (does not wait). Nothing happens where WebAudio is missing. */
export function playEarcon(name: Earcon): void {
  const a = audio();
  if (!a) return;
  noteEarcon(name);
  const start = a.ctx.currentTime + 0.01;
  for (const n of EARCONS[name]) {
    const osc = a.ctx.createOscillator();
    const gain = a.ctx.createGain();
    osc.type = n.wave ?? 'sine';
    osc.frequency.value = n.hz;
    const t0 = start + n.at;
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(PEAK, t0 + ATTACK);
    gain.gain.setTargetAtTime(0, t0 + n.dur * 0.6, n.dur / 4);
    osc.connect(gain);
    gain.connect(a.out);
    osc.start(t0);
    osc.stop(t0 + n.dur + 0.15);
    osc.onended = () => gain.disconnect();
  }
}
