/** standards.audio through the composition root (issue 13): a step's recording per language, and the refusals. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STANDARDS } from '../sync/test-support';
import { closeStations, env, open, tempDir } from './station-test-support';

afterEach(closeStations);

/** A short WAV file (8 kHz, 16-bit mono, a 440 Hz tone). */
function wav(seconds: number): Buffer {
  const n = Math.round(8000 * seconds);
  const b = Buffer.alloc(44 + n * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + n * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) b.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), 44 + i * 2);
  return b;
}

describe('standards.audio', () => {
  it('answers the recording of the reader language, null where there is none; refuses a missing or too large file', async () => {
    const dir = await tempDir();
    const base = JSON.parse(await readFile(join(STANDARDS, 'end-of-day-clean-down.json'), 'utf8')) as { steps: Array<{ media?: Record<string, unknown> }> };
    base.steps[0]!.media = { audio: { en: 'audio/step-1-en.wav' } };
    base.steps[1]!.media = { audio: { hi: 'audio/missing-hi.mp3' } };
    base.steps[2]!.media = { audio: { en: 'audio/huge.mp3' } };
    await writeFile(join(dir, 'end-of-day-clean-down.json'), JSON.stringify(base));
    await mkdir(join(dir, 'audio'));
    const recording = wav(0.5);
    await writeFile(join(dir, 'audio', 'step-1-en.wav'), recording);
    await writeFile(join(dir, 'audio', 'huge.mp3'), Buffer.alloc(4 * 1024 * 1024 + 1));
    const { value, call } = await open(await env({ standardsDir: dir }));
    const hash = (await value<Array<{ standard: { hash: string } }>>('routines.due', {}))[0]!.standard.hash;
    const [s0, s1, s2] = (await value<{ steps: Array<{ id: string }> }>('standards.get', { hash })).steps;
    expect(await value('standards.audio', { hash, stepId: s0!.id, lang: 'en' })).toEqual({ type: 'audio/wav', base64: recording.toString('base64') });
    // No Hindi recording for that step: the shipped voice reads it.
    expect(await value('standards.audio', { hash, stepId: s0!.id, lang: 'hi' })).toBeNull();
    expect(await call('standards.audio', { hash, stepId: s1!.id, lang: 'hi' })).toMatchObject({
      ok: false,
      error: { code: 'AUDIO_UNAVAILABLE', message: expect.stringMatching(/Hindi recording .*missing-hi\.mp3/) },
    });
    expect(await call('standards.audio', { hash, stepId: s2!.id, lang: 'en' })).toMatchObject({ ok: false, error: { code: 'AUDIO_UNAVAILABLE', message: expect.stringMatching(/4 MB/) } });
    expect(await call('standards.audio', { hash, stepId: 'no-such-step', lang: 'en' })).toMatchObject({ ok: false, error: { code: 'STEP_NOT_FOUND' } });
    expect(await call('standards.audio', { hash, stepId: s0!.id, lang: 'fr' })).toMatchObject({ ok: false });
  });
});
