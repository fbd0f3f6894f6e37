import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confSettingsStore, DEFAULT_SETTINGS, memorySettingsStore, normalizeStoredSettings, StoredSettings } from '.';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'sw-settings-'));
  dirs.push(d);
  return d;
}
const ID = '0b7d3f5e-4c1a-4e2b-9f7d-2a6c8e1b3d5f';

describe('normalizeStoredSettings', () => {
  it('gives defaults and a new station id on first run, without warnings', () => {
    const n = normalizeStoredSettings(undefined);
    expect(n.warnings).toEqual([]);
    expect(n.changed).toBe(true);
    expect(n.value.settings).toEqual(DEFAULT_SETTINGS);
    expect(n.value.settings).toEqual({ stationName: 'Station 1', language: 'en', theme: 'default', textScale: 100, scanMode: 'off', scanSpeedMs: 1500, readAloud: false });
    expect(n.value.stationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(n.value.roster).toEqual([]);
    expect(n.value.supervisors).toEqual([]);
    expect(n.value.setup).toEqual({ complete: false, started: false, confirmed: [] });
  });

  it('keeps every valid part of a damaged file and warns about the rest', () => {
    const n = normalizeStoredSettings({
      stationId: ID,
      settings: { stationName: 'Gluing', textScale: 900, theme: 'high-contrast' },
      roster: [{ id: 'asha', name: 'Asha' }, { id: 'BAD ID', name: '' }, { id: 'asha', name: 'Asha again' }],
      pin: { algo: 'md5' },
      pinFailures: { count: 3, lockouts: 1 },
    });
    expect(n.value.stationId).toBe(ID);
    expect(n.value.settings).toMatchObject({ stationName: 'Gluing', textScale: 100, theme: 'high-contrast' });
    expect(n.value.roster.map((a) => a.id)).toEqual(['asha']);
    // The PIN is not valid: no supervisor (its attempt counter goes with it); set-up asks for a first one.
    expect(n.value.supervisors).toEqual([]);
    expect(n.value.setup.complete).toBe(false);
    expect(n.warnings).toHaveLength(4);
    expect(n.changed).toBe(true);
  });

  it('finds the station id in a file that is not JSON any more', () => {
    const n = normalizeStoredSettings({}, `{"stationId": "${ID}", "settings": {"stationNa`);
    expect(n.value.stationId).toBe(ID);
    expect(n.warnings[0]).toMatch(/not valid JSON/);
  });

  it('accepts valid settings as they are', () => {
    const value: StoredSettings = { ...normalizeStoredSettings(undefined).value, stationId: ID };
    expect(normalizeStoredSettings(value)).toEqual({ value, warnings: [], changed: false });
  });
});

describe('memorySettingsStore', () => {
  it('reads defaults, then what was written, as copies', () => {
    const store = memorySettingsStore();
    const first = store.read();
    first.settings.stationName = 'changed without write';
    expect(store.read().settings.stationName).toBe('Station 1');
    store.write({ ...first, settings: { ...first.settings, stationName: 'Cutting' } });
    expect(store.read().settings.stationName).toBe('Cutting');
    expect(store.read().stationId).toBe(first.stationId);
  });

  it('refuses to write invalid settings', () => {
    const store = memorySettingsStore();
    const s = store.read();
    expect(() => store.write({ ...s, settings: { ...s.settings, textScale: 20 } })).toThrow();
  });
});

describe('confSettingsStore', () => {
  it('creates settings.json (0600) with a station id on first read, stable across instances', async () => {
    const dir = await tempDir();
    const a = confSettingsStore(dir).read();
    const file = join(dir, 'settings.json');
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ stationId: a.stationId, settings: DEFAULT_SETTINGS });
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(confSettingsStore(dir).read().stationId).toBe(a.stationId);
  });

  it('writes and reads back', async () => {
    const dir = await tempDir();
    const store = confSettingsStore(dir);
    const s = store.read();
    store.write({ ...s, settings: { ...s.settings, language: 'hi' }, roster: [{ id: 'ravi', name: 'Ravi', badge: '7', prefs: { textScale: 150 } }] });
    const again = confSettingsStore(dir).read();
    expect(again.settings.language).toBe('hi');
    expect(again.roster).toEqual([{ id: 'ravi', name: 'Ravi', badge: '7', prefs: { textScale: 150 } }]);
  });

  it('a corrupt file gives defaults and a warning, keeps the station id and a copy of the file, never throws', async () => {
    const dir = await tempDir();
    const text = `{"stationId":"${ID}","settings":{"stationName":"Gluing"`;
    await writeFile(join(dir, 'settings.json'), text);
    const warnings: string[] = [];
    const read = confSettingsStore(dir, { onWarning: (m) => warnings.push(m) }).read();
    expect(read.stationId).toBe(ID);
    expect(read.settings).toEqual(DEFAULT_SETTINGS);
    expect(warnings.join('\n')).toMatch(/not valid JSON/);
    const aside = (await readdir(dir)).filter((f) => f.startsWith('settings.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, aside[0]!), 'utf8')).toBe(text);
    // Repaired on disk: the next start reads it without warnings.
    const later: string[] = [];
    expect(confSettingsStore(dir, { onWarning: (m) => later.push(m) }).read().stationId).toBe(ID);
    expect(later).toEqual([]);
  });

  it('a file with the wrong shape keeps what is valid', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ stationId: ID, settings: { stationName: 'Packing', scanSpeedMs: 'fast' }, roster: 'nobody' }));
    const warnings: string[] = [];
    const read = confSettingsStore(dir, { onWarning: (m) => warnings.push(m) }).read();
    expect(read).toMatchObject({ stationId: ID, settings: { stationName: 'Packing', scanSpeedMs: 1500 }, roster: [] });
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('an array or a number in the file is not a crash either', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), '[1,2,3]');
    expect(confSettingsStore(dir, { onWarning: () => {} }).read().settings).toEqual(DEFAULT_SETTINGS);
  });
});
