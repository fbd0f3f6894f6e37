/** Enrolment and unsigned names (issue 11, item 2): a name only in station.json is not trusted, so it claims nothing. */
import { describe, expect, it } from 'vitest';
import { shapeEnrolment, type StationName } from './enrolment';

const KEY = 'MCowBQYDK2VwAyEA'; // not a usable key: the fingerprint is null, which changes nothing here
const row = (id: string, name: string, enrolled: boolean) => ({
  station_id: id, name, key_id: `${id}`.padEnd(16, '0').slice(0, 16), public_key: KEY, last_imported_at: null,
  e_key_id: enrolled ? `${id}`.padEnd(16, '0').slice(0, 16) : null, e_public_key: enrolled ? KEY : null, e_name: enrolled ? name : null,
  enrolled_at: enrolled ? '2026-12-01T00:00:00Z' : null, enrolled_by: enrolled ? 'Procurement' : null, source: enrolled ? 'here' : null,
  events: 10, supplier: 'default',
});
const signed = (name: string): StationName[] => [{ name, at: '2026-12-01T08:00:00+05:30', seq: 1, signer: 'Meena Rao' }];

describe('names in the enrolment list', () => {
  it('a station not named yet (no signed name) is no NAME_CLAIMED alarm, even if its station.json says an enrolled name', () => {
    const list = shapeEnrolment([row('a', 'Station 1', true), row('b', 'Station 1', false)], new Map(), new Set());
    expect(list.map((r) => [r.stationId, r.signedName, r.status, r.alarms.length])).toEqual([['a', false, 'enrolled', 0], ['b', false, 'awaiting', 0]]);
  });

  it('a signed name that an enrolled station has is still the alarm', () => {
    const names = new Map([['a', signed('Gluing bench 1')], ['b', signed('Gluing bench 1')]]);
    const list = shapeEnrolment([row('a', 'Gluing bench 1', true), row('b', 'Gluing bench 1', false)], names, new Set());
    expect(list.find((r) => r.stationId === 'b')).toMatchObject({ status: 'alarm', alarms: [{ code: 'NAME_CLAIMED', otherStation: 'a' }] });
    // A legacy enrolled station (its name from before signed names) still holds its name against a signed claim.
    const legacy = shapeEnrolment([row('a', 'Gluing bench 1', true), row('b', 'Gluing bench 1', false)], new Map([['b', signed('Gluing bench 1')]]), new Set());
    expect(legacy.find((r) => r.stationId === 'b')).toMatchObject({ status: 'alarm', alarms: [{ code: 'NAME_CLAIMED', otherStation: 'a' }] });
  });

  it('an old journal that signed the built-in "Station 1" on its own has one name: the one a supervisor gave', () => {
    // A station of a version before d1c8111 signed the default at its first open (no signer), then set-up named it.
    const old: StationName[] = [
      { name: 'Station 1', at: '2026-11-20T08:00:00+05:30', seq: 1, signer: null },
      { name: 'Gluing bench 1', at: '2026-11-20T08:10:00+05:30', seq: 7, signer: 'Meena Rao' },
    ];
    const [renamed] = shapeEnrolment([row('a', 'Gluing bench 1', false)], new Map([['a', old]]), new Set());
    expect(renamed).toMatchObject({ name: 'Gluing bench 1', signedName: true, names: [old[1]] });
    // Never renamed: not named yet (two such stations claim nothing of each other), not a signed "Station 1".
    const only = new Map([['a', old.slice(0, 1)], ['b', old.slice(0, 1)]]);
    const list = shapeEnrolment([row('a', 'Station 1', true), row('b', 'Station 1', false)], only, new Set());
    expect(list.map((r) => [r.stationId, r.signedName, r.names.length, r.status, r.alarms.length])).toEqual([['a', false, 0, 'enrolled', 0], ['b', false, 0, 'awaiting', 0]]);
    // "Station 1" that a supervisor gave (set-up's name step, a rename) is their choice, and stays.
    const chosen: StationName[] = [{ name: 'Station 1', at: '2026-11-20T08:00:00+05:30', seq: 1, signer: 'Meena Rao' }];
    expect(shapeEnrolment([row('a', 'Station 1', false)], new Map([['a', chosen]]), new Set())[0]).toMatchObject({ signedName: true, names: chosen });
  });
});
