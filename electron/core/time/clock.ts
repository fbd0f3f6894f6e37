import { DateTime } from 'luxon';

/** Time comes in through this interface so tests and simulations can control it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** IANA time zone of the station, e.g. "Asia/Kolkata". */
  readonly timeZone: string;
}

export const systemClock = (timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): Clock => ({
  now: () => Date.now(),
  timeZone,
});

/** A clock that only moves when told to: for tests and simulations. */
export class ManualClock implements Clock {
  constructor(private ms: number, readonly timeZone = 'UTC') {}
  now(): number { return this.ms; }
  set(ms: number): void { this.ms = ms; }
  advance(ms: number): void { this.ms += ms; }
}

/** Wall-clock time with the station's UTC offset, e.g. 2026-11-27T09:05:00.000+05:30. */
export function isoWithOffset(ms: number, timeZone: string): string {
  const iso = DateTime.fromMillis(ms, { zone: timeZone }).toISO({ includeOffset: true, suppressMilliseconds: false });
  if (!iso) throw new Error(`Cannot format time ${ms} in zone ${timeZone}`);
  return iso;
}
