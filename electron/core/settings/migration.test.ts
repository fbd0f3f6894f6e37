/** Settings files from before named supervisors and first-day set-up keep working. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confSettingsStore, normalizeStoredSettings } from '.';
import { hashPin, verifyPin } from '../supervisor/pin';

const ID = '0b7d3f5e-4c1a-4e2b-9f7d-2a6c8e1b3d5f';
const cheap = { N: 1024, r: 8, p: 1, keyLen: 32 };
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function oldFile(settings: Record<string, unknown>) {
  return {
    stationId: ID,
    settings: { stationName: 'Gluing bench 1', language: 'en', theme: 'default', textScale: 100, scanMode: 'off', scanSpeedMs: 1500, readAloud: false, ...settings },
    roster: [{ id: 'asha', name: 'Asha', prefs: {} }],
    pin: await hashPin('4711', cheap),
    pinFailures: { count: 2, lockouts: 1 },
    rosterSeeded: true,
  };
}

describe('settings from before named supervisors', () => {
  it('the single PIN becomes one supervisor named from supervisorName, with its attempt counter; the old 4-digit PIN still opens', async () => {
    const old = await oldFile({ supervisorName: 'Meena Iyer' });
    const n = normalizeStoredSettings(old);
    expect(n.warnings).toEqual([]);
    expect(n.changed).toBe(true);
    expect(n.value.supervisors).toHaveLength(1);
    const [only] = n.value.supervisors;
    expect(only).toMatchObject({ name: 'Meena Iyer', pin: old.pin, pinFailures: { count: 2, lockouts: 1 } });
    expect(only?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await verifyPin('4711', only!.pin)).toBe(true);
    // A station in use before set-up existed is set up; its roster and settings stay.
    expect(n.value.setup).toEqual({ complete: true, started: true, confirmed: [] });
    expect(n.value.roster.map((a) => a.id)).toEqual(['asha']);
    expect(n.value.settings.stationName).toBe('Gluing bench 1');
    expect(Object.keys(n.value)).not.toContain('pin');
  });

  it('without supervisorName the supervisor is called "Supervisor"; without a PIN the station is not set up', async () => {
    expect(normalizeStoredSettings(await oldFile({})).value.supervisors.map((s) => s.name)).toEqual(['Supervisor']);
    const { pin: _pin, pinFailures: _f, ...noPin } = await oldFile({});
    const n = normalizeStoredSettings({ ...noPin, pinFailures: { count: 0, lockouts: 0 } });
    expect(n.value.supervisors).toEqual([]);
    expect(n.value.setup.complete).toBe(false);
  });

  it('an old settings.json on disk is migrated once and written back in the new shape', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sw-migrate-'));
    dirs.push(dir);
    await writeFile(join(dir, 'settings.json'), JSON.stringify(await oldFile({ supervisorName: 'Meena Iyer' })));
    const first = confSettingsStore(dir, { onWarning: () => {} }).read();
    const onDisk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(onDisk.pin).toBeUndefined();
    expect(onDisk.supervisors).toEqual(first.supervisors);
    // Read again (a restart): the same supervisor id, no second migration.
    expect(confSettingsStore(dir).read().supervisors).toEqual(first.supervisors);
  });

  it('a damaged supervisor is left out with a warning; the valid ones stay', async () => {
    const ok = { id: 's1', name: 'Meena', pin: await hashPin('123456', cheap), pinFailures: { count: 0, lockouts: 0 } };
    const n = normalizeStoredSettings({ stationId: ID, supervisors: [ok, { id: 's2', name: 'X', pin: { algo: 'md5' } }, ok], setup: { complete: true } });
    expect(n.value.supervisors.map((s) => s.id)).toEqual(['s1']);
    expect(n.warnings.filter((w) => w.startsWith('Supervisor '))).toHaveLength(2);
    expect(n.value.setup).toEqual({ complete: true, started: false, confirmed: [] });
  });
});
