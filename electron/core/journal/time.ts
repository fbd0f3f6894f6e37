import { DateTime, type Zone } from 'luxon';
import { isoWithOffset } from '../time/clock';

/**
 * `isoWithOffset(ms, timeZone)` with the same output, but fast enough for the append path (~1 µs instead of ~25 µs):
 * the zone's UTC offset is looked up once per UTC hour and reused when the offset is the same at both ends of that
 * hour (offset changes are months apart, so an hour with equal ends has no change inside). Anything unusual (a
 * transition hour, a year outside 1970–9999, fractional offsets) falls back to isoWithOffset itself.
 */
const zones = new Map<string, { zone: Zone; kind: string } | null>();
let lastHour: { timeZone: string; hour: number; offset: number } | null = null;
const HOUR = 3_600_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function fastIsoWithOffset(ms: number, timeZone: string): string {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 253_402_300_800_000 - 2 * 86_400_000) return isoWithOffset(ms, timeZone);
  let z = zones.get(timeZone);
  if (z === undefined) {
    const dt = DateTime.fromMillis(0, { zone: timeZone });
    z = dt.isValid ? { zone: dt.zone, kind: dt.zone.type } : null;
    if (zones.size > 64) zones.clear();
    zones.set(timeZone, z);
  }
  if (z === null) return isoWithOffset(ms, timeZone); // throws the usual error
  let offset: number;
  if (z.kind === 'iana') {
    const hour = Math.floor(ms / HOUR);
    if (lastHour && lastHour.timeZone === timeZone && lastHour.hour === hour) {
      offset = lastHour.offset;
    } else {
      const a = z.zone.offset(hour * HOUR);
      const b = z.zone.offset(hour * HOUR + HOUR - 1);
      if (a !== b || !Number.isInteger(a)) return isoWithOffset(ms, timeZone);
      offset = a;
      lastHour = { timeZone, hour, offset };
    }
  } else if (z.kind === 'fixed') {
    offset = z.zone.offset(ms);
    if (!Number.isInteger(offset)) return isoWithOffset(ms, timeZone);
  } else {
    return isoWithOffset(ms, timeZone);
  }
  const local = new Date(ms + offset * 60_000).toISOString();
  if (local.length !== 24) return isoWithOffset(ms, timeZone);
  if (offset === 0 && z.zone.isUniversal) return `${local.slice(0, 23)}Z`;
  const abs = Math.abs(offset);
  return `${local.slice(0, 23)}${offset < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
