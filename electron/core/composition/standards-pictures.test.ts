/** standards.picture through the composition root: the data: URL, its alt text, and the refusals. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { STANDARDS } from '../sync/test-support';
import { closeStations, env, open, tempDir } from './station-test-support';

afterEach(closeStations);

describe('standards.picture', () => {
  it('standards.picture: the step picture as a data: URL with its alt text; null for a step without one', async () => {
    const { call, value } = await open(await env());
    const due = await value<Array<{ standard: { id: string; hash: string } }>>('routines.due', {});
    const hash = due.find((d) => d.standard.id === 'station-start-check')!.standard.hash;
    const picture = await value<{ dataUrl: string; alt?: { en: string } }>('standards.picture', { hash, stepId: 'clear-table' });
    const svg = await readFile(join(STANDARDS, 'pictures', 'clear-table.svg'));
    expect(picture.dataUrl).toBe(`data:image/svg+xml;base64,${svg.toString('base64')}`);
    const doc = await value<{ steps: Array<{ id: string; media?: { pictureAlt?: unknown } }> }>('standards.get', { hash });
    const alt = doc.steps.find((s) => s.id === 'clear-table')?.media?.pictureAlt;
    expect(alt).toEqual({ en: 'A work table with nothing on it.', hi: expect.any(String) });
    expect(picture.alt).toEqual(alt);
    expect(await call('standards.picture', { hash, stepId: 'no-such-step' })).toMatchObject({ ok: false, error: { code: 'STEP_NOT_FOUND' } });
    expect(await call('standards.picture', { hash: 'f'.repeat(64), stepId: 'clear-table' })).toMatchObject({ ok: false, error: { code: 'STANDARD_MISSING' } });
  });

  it('standards.picture: null without a picture; refuses a missing or too large file with a message', async () => {
    const dir = await tempDir();
    const base = JSON.parse(await readFile(join(STANDARDS, 'end-of-day-clean-down.json'), 'utf8')) as { steps: Array<{ media?: { picture?: string } }> };
    delete base.steps[0]!.media;
    base.steps[1]!.media = { picture: 'pictures/missing.svg' };
    base.steps[2]!.media = { picture: 'pictures/huge.png' };
    await writeFile(join(dir, 'end-of-day-clean-down.json'), JSON.stringify(base));
    await mkdir(join(dir, 'pictures'));
    await writeFile(join(dir, 'pictures', 'huge.png'), Buffer.alloc(1024 * 1024 + 1));
    const { value, call } = await open(await env({ standardsDir: dir }));
    const hash = (await value<Array<{ standard: { hash: string } }>>('routines.due', {}))[0]!.standard.hash;
    const [s0, s1, s2] = (await value<{ steps: Array<{ id: string }> }>('standards.get', { hash })).steps;
    expect(await value('standards.picture', { hash, stepId: s0!.id })).toBeNull();
    expect(await call('standards.picture', { hash, stepId: s1!.id })).toMatchObject({ ok: false, error: { code: 'PICTURE_UNAVAILABLE', message: expect.stringMatching(/missing\.svg/) } });
    expect(await call('standards.picture', { hash, stepId: s2!.id })).toMatchObject({ ok: false, error: { code: 'PICTURE_UNAVAILABLE', message: expect.stringMatching(/1 MB/) } });
  });
});
