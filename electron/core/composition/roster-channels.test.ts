/** The roster and station settings channels through the composition root: the demo roster, badges, own prefs, supervisor changes. */
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelName, StationInfo } from '../../contract';
import { closeStations, env, open, setUpStation, unlock } from './station-test-support';
import { DEMO_ROSTER } from './station-app';

afterEach(closeStations);

describe('roster and settings channels', () => {
  it('seeds the demo roster once: removing everyone does not bring it back', async () => {
    const e = await env();
    const first = await open(e);
    await setUpStation(first.value);
    const session = await unlock(first.value);
    for (const a of DEMO_ROSTER) await first.value('roster.remove', { session, artisanId: a.id });
    await first.app.close();
    const second = await open(e);
    expect((await second.value<StationInfo>('station.info', {})).roster).toEqual([]);
  });

  it('artisans.byBadge finds the artisan, or answers BADGE_UNKNOWN with a message', async () => {
    const { call, value } = await open(await env());
    expect(await value('artisans.byBadge', { badge: '1002' })).toMatchObject({ id: 'ravi-kumar', name: 'Ravi Kumar' });
    expect(await value('artisans.byBadge', { badge: ' 1003 ' })).toMatchObject({ id: 'farida-begum' });
    const unknown = await call('artisans.byBadge', { badge: '9999' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BADGE_UNKNOWN', message: expect.stringMatching(/badge/) } });
  });

  it('artisans.setPrefs changes only that artisan\'s prefs, without a PIN', async () => {
    const { call, value } = await open(await env());
    const updated = await value('artisans.setPrefs', { artisanId: 'ravi-kumar', prefs: { textScale: 175, theme: 'high-contrast', language: 'hi' } });
    expect(updated).toEqual({ id: 'ravi-kumar', name: 'Ravi Kumar', badge: '1002', prefs: { textScale: 175, theme: 'high-contrast', language: 'hi' } });
    const info = await value<StationInfo>('station.info', {});
    expect(info.roster.find((a) => a.id === 'ravi-kumar')?.prefs).toEqual({ textScale: 175, theme: 'high-contrast', language: 'hi' });
    expect(info.roster.find((a) => a.id === 'asha-devi')?.prefs).toEqual({});
    expect(info.settings.textScale).toBe(100);
    expect(await call('artisans.setPrefs', { artisanId: 'nobody', prefs: {} })).toMatchObject({ ok: false, error: { code: 'ARTISAN_NOT_FOUND' } });
  });

  it('settings and roster changes need a supervisor session', async () => {
    const { call, value } = await open(await env());
    const fake = 'ab'.repeat(32);
    for (const [name, args] of [
      ['settings.update', { session: fake, settings: { stationName: 'X' } }],
      ['roster.save', { session: fake, artisan: { id: 'x', name: 'X' } }],
      ['roster.remove', { session: fake, artisanId: 'asha-devi' }],
    ] as Array<[ChannelName, unknown]>) {
      expect(await call(name, args)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED', message: expect.stringMatching(/PIN/) } });
    }
    expect((await value<StationInfo>('station.info', {})).roster).toHaveLength(4);

    await setUpStation(value);
    const session = await unlock(value);
    expect(await value('settings.update', { session, settings: { stationName: 'Gluing', theme: 'high-contrast' } })).toMatchObject({ stationName: 'Gluing', theme: 'high-contrast', textScale: 100 });
    const roster = await value<Array<{ id: string }>>('roster.save', { session, artisan: { id: 'kavita-rao', name: 'Kavita Rao', badge: '2001' } });
    expect(roster.map((a) => a.id)).toContain('kavita-rao');
    expect(await value('artisans.byBadge', { badge: '2001' })).toMatchObject({ id: 'kavita-rao', prefs: {} });
    // Editing keeps the place; a badge belongs to one person only.
    expect((await value<Array<{ id: string; name: string }>>('roster.save', { session, artisan: { id: 'asha-devi', name: 'Asha D.', badge: '1001' } }))[0]).toMatchObject({ id: 'asha-devi', name: 'Asha D.' });
    expect(await call('roster.save', { session, artisan: { id: 'kavita-rao', name: 'Kavita Rao', badge: '1002' } })).toMatchObject({ ok: false, error: { code: 'BADGE_TAKEN' } });
    expect((await value<unknown[]>('roster.remove', { session, artisanId: 'kavita-rao' }))).toHaveLength(4);
    expect(await call('roster.remove', { session, artisanId: 'kavita-rao' })).toMatchObject({ ok: false, error: { code: 'ARTISAN_NOT_FOUND' } });
    // After lock the session is gone.
    await value('supervisor.lock', { session });
    expect(await call('settings.update', { session, settings: { stationName: 'Y' } })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
  });
});
