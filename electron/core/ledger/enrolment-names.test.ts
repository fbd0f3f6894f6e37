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
});
