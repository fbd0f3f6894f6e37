import { DateTime } from 'luxon';
import { systemClock, type Clock } from './clock';

/** A clock that starts at `startMs` and then runs with real time (so durations still add up). */
export function offsetClock(startMs: number, timeZone: string, realNow: () => number = Date.now): Clock {
  const offset = startMs - realNow();
  return { now: () => realNow() + offset, timeZone };
}

/**
 * The station's clock from the environment, for development and end-to-end tests:
 * - STEADYWORK_FAKE_NOW=ISO date-time (e.g. 2026-11-27T08:05:00+05:30): the clock starts there and runs on
 *   from it, so "today" and what is due are the same on every run;
 * - STEADYWORK_TIME_ZONE=IANA zone (e.g. Asia/Kolkata): the station's time zone (default: this computer's).
 * Without them: the system clock. An invalid value is an error, never silently ignored.
 */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const zone = env.STEADYWORK_TIME_ZONE?.trim() || Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!DateTime.now().setZone(zone).isValid) throw new Error(`STEADYWORK_TIME_ZONE: "${zone}" is not a time zone (use a name like Asia/Kolkata).`);
  const fake = env.STEADYWORK_FAKE_NOW?.trim();
  if (!fake) return systemClock(zone);
  const start = DateTime.fromISO(fake, { zone });
  if (!start.isValid) throw new Error(`STEADYWORK_FAKE_NOW: "${fake}" is not an ISO date and time (e.g. 2026-11-27T08:05:00+05:30).`);
  return offsetClock(start.toMillis(), zone);
}
