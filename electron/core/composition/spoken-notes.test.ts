/**
 * Spoken notes (issue 13), through the validated channels: the recording is stored content-addressed beside the
 * journal, the event holds its hash, size, length and type, sync publishes it before the segments, procurement's
 * verifier checks it (missing, changed) and the import keeps its verified bytes.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttachmentFile, RunTimeline, RunView } from '../../contract';
import { MemoryKeyStore } from '../journal';
import { importShare, verifyShare } from '../ledger';
import { memorySettingsStore } from '../settings';
import { publishStandards } from '../sim/simulate';
import { STANDARDS, TempDirs, TEST_NOW } from '../sync/test-support';
import { ManualClock } from '../time/clock';
import { createStationApp, type StationApp } from './station-app';
import { channelCaller, setUpStation, TEST_APP_DEFAULTS, TEST_SUPERVISOR } from './test-support';

const MONDAY_0805 = Date.parse('2026-11-23T08:05:00+05:30');
const dirs = new TempDirs();
const apps: StationApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close().catch(() => undefined)));
  await dirs.cleanup();
});
const actor = 'asha-devi';

/** A small stand-in for a WebM recording: the EBML signature, then bytes that differ per test. */
function recording(seed: string, size = 3000): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32BE(0x1a45dfa3, 0);
  for (let i = 4; i < size; i++) b[i] = (i * 31 + seed.charCodeAt(i % seed.length)) & 0xff;
  return b;
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function station() {
  const root = await dirs.make('sw-spoken-');
  const share = path.join(root, 'share');
  await mkdir(share);
  await publishStandards(STANDARDS, share);
  const dataDir = path.join(root, 'data');
  const app = await createStationApp({
    ...TEST_APP_DEFAULTS,
    dataDir,
    clock: new ManualClock(MONDAY_0805, 'Asia/Kolkata'),
    keyStore: new MemoryKeyStore(),
    settings: memorySettingsStore(),
  });
  apps.push(app);
  const { call, value } = channelCaller(app);
  await setUpStation(value);
  const { session } = await value<{ session: string }>('supervisor.unlock', { pin: TEST_SUPERVISOR.pin });
  await value('settings.update', { session, settings: { sharePath: share } });
  return { root, share, dataDir, app, call, value, session };
}

/** A run of the station start check, through to its note step (the last), with a spoken "I cannot do" on step 1. */
async function runWithNotes(value: Awaited<ReturnType<typeof station>>['value'], cannot: Buffer, note: Buffer): Promise<RunView> {
  const run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor });
  const ids = { runId: run.runId, actor };
  await value('runs.deviate', { ...ids, stepId: 'clear-table', reason: 'NEED_HELP', audio: { data: cannot.toString('base64'), type: 'audio/webm;codecs=opus', durationMs: 4200 } });
  for (const stepId of ['lamp-on', 'tools-ready']) await value('runs.tick', { ...ids, stepId });
  await value('runs.choose', { ...ids, stepId: 'glue-level', option: 'full' });
  for (const stepId of ['material-ready', 'first-aid-box']) await value('runs.tick', { ...ids, stepId });
  await value('runs.choose', { ...ids, stepId: 'walkway-clear', option: 'clear' });
  const noted = await value<RunView>('runs.note', { ...ids, stepId: 'start-note', text: '', audio: { data: note.toString('base64'), type: 'audio/webm;codecs=opus', durationMs: 12_345 } });
  return value<RunView>('runs.complete', { runId: noted.runId, actor });
}

describe('spoken notes', () => {
  it('are stored by their SHA-256 beside the journal and named, with size, length and type, by the event', async () => {
    const { value, dataDir } = await station();
    const cannot = recording('cannot');
    const note = recording('note', 5000);
    const done = await runWithNotes(value, cannot, note);
    expect(done.status).toBe('completed');
    expect(done.steps[0]).toMatchObject({ status: 'deviated', reason: 'NEED_HELP', audio: { hash: sha(cannot), bytes: 3000, durationMs: 4200, type: 'audio/webm;codecs=opus' } });
    expect(done.steps.at(-1)).toMatchObject({ status: 'done', value: '', audio: { hash: sha(note), bytes: 5000, durationMs: 12_345 } });
    const files = (await readdir(path.join(dataDir, 'journal', 'attachments'))).filter((n) => !n.startsWith('.')).sort();
    expect(files).toEqual([sha(cannot), sha(note)].sort());
    expect((await readFile(path.join(dataDir, 'journal', 'attachments', sha(note)))).equals(note)).toBe(true);
    const segDir = path.join(dataDir, 'journal', 'segments');
    const lines = (await Promise.all((await readdir(segDir)).map((n) => readFile(path.join(segDir, n), 'utf8')))).join('');
    expect(lines).toContain(`"data":{"audio":{"hash":"${sha(note)}","bytes":5000,"durationMs":12345,"type":"audio/webm;codecs=opus"}}`);
  });

  it('are played in the run timeline: the supervisor gets the verified bytes by station and hash', async () => {
    const { value, call, app, session } = await station();
    const cannot = recording('cannot');
    const note = recording('note', 5000);
    const done = await runWithNotes(value, cannot, note);
    await value('review.refresh', { session });
    await app.review.idle();
    const timeline = await value<RunTimeline>('review.timeline', { session, runId: done.runId });
    const noted = timeline.events.find((e) => e.type === 'step.noted');
    expect(noted?.audio).toEqual({ hash: sha(note), bytes: 5000, durationMs: 12_345, type: 'audio/webm;codecs=opus' });
    expect(timeline.events.find((e) => e.type === 'step.deviated')?.audio?.hash).toBe(sha(cannot));
    const file = await value<AttachmentFile>('review.attachment', { session, stationId: noted?.stationId, hash: sha(note) });
    expect(file.type).toBe('audio/webm;codecs=opus');
    expect(Buffer.from(file.data, 'base64').equals(note)).toBe(true);
    const unknown = await call('review.attachment', { session, stationId: noted?.stationId, hash: sha(Buffer.from('nothing')) });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'ATTACHMENT_NOT_FOUND' } });
    expect(await call('review.attachment', { session: 'not-a-session', stationId: noted?.stationId, hash: sha(note) })).toMatchObject({ ok: false });
  });

  it('refuse a recording longer than the standard allows, or bytes that are not a recording, and record nothing', async () => {
    const { call, value, dataDir } = await station();
    const run = await value<RunView>('runs.start', { standardId: 'station-start-check', actor });
    const ids = { runId: run.runId, actor, stepId: 'clear-table', reason: 'NEED_HELP' };
    const long = await call('runs.deviate', { ...ids, audio: { data: recording('x').toString('base64'), type: 'audio/webm', durationMs: 62_000 } });
    expect(long).toMatchObject({ ok: false, error: { code: 'SPOKEN_NOTE_TOO_LONG' } });
    expect(!long.ok && long.error.message).toContain('at most 60 s');
    const notAudio = await call('runs.deviate', { ...ids, audio: { data: Buffer.from('<html>hello</html>').toString('base64'), type: 'audio/webm', durationMs: 1000 } });
    expect(notAudio).toMatchObject({ ok: false, error: { code: 'SPOKEN_NOTE_INVALID' } });
    expect((await value<RunView>('runs.get', { runId: run.runId })).steps[0]?.status).toBe('pending');
    await expect(readdir(path.join(dataDir, 'journal', 'attachments'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('are published with the segments, verified, imported, and a missing or changed one is reported', async () => {
    const { root, share, value, app } = await station();
    const cannot = recording('cannot');
    const note = recording('note', 5000);
    await runWithNotes(value, cannot, note);
    await value('sync.now', {});
    const stationId = (await readdir(path.join(share, 'stations')))[0] as string;
    const attDir = path.join(share, 'stations', stationId, 'attachments');
    expect((await readdir(attDir)).sort()).toEqual([sha(cannot), sha(note)].sort());
    await app.close();

    const clean = await verifyShare(share, { nowMs: TEST_NOW, workers: 0 });
    expect(clean.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const db = path.join(root, 'ledger.duckdb');
    const imported = await importShare(share, db, { nowMs: TEST_NOW, workers: 0 });
    expect(imported.report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const instance = await DuckDBInstance.create(db);
    const conn = await instance.connect();
    const rows = (await conn.runAndReadAll(`SELECT hash, type, bytes, duration_ms, octet_length(data) AS n, sha256(data) AS h FROM attachments ORDER BY bytes`)).getRowObjectsJS();
    conn.closeSync();
    instance.closeSync();
    expect(rows).toEqual([
      { hash: sha(cannot), type: 'audio/webm;codecs=opus', bytes: 3000n, duration_ms: 4200n, n: 3000n, h: sha(cannot) },
      { hash: sha(note), type: 'audio/webm;codecs=opus', bytes: 5000n, duration_ms: 12345n, n: 5000n, h: sha(note) },
    ]);

    // One byte changed on the share: the verifier names the file and the event; the events from it on are not importable.
    const changed = Buffer.from(note);
    changed[100] = (changed[100] as number) ^ 0xff;
    await writeFile(path.join(attDir, sha(note)), changed);
    const tampered = await verifyShare(share, { nowMs: TEST_NOW, workers: 0 });
    expect(tampered.ok).toBe(false);
    expect(tampered.problems).toContainEqual(expect.objectContaining({ code: 'ATTACHMENT_TAMPERED', severity: 'error', file: `stations/${stationId}/attachments/${sha(note)}` }));

    await rm(path.join(attDir, sha(cannot)));
    const missing = await verifyShare(share, { nowMs: TEST_NOW, workers: 0 });
    expect(missing.problems).toContainEqual(expect.objectContaining({ code: 'ATTACHMENT_MISSING', file: `stations/${stationId}/attachments/${sha(cannot)}` }));
  });
});
