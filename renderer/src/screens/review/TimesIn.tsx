/**
 * The time zone of the times on a review screen, said once ("Times are in Asia/Kolkata, the station's time zone."),
 * and in Settings where the computer is in another zone.
 * Every time on these screens is the recording station's clock (format.ts: a time with an offset keeps it), whatever
 * the zone of the computer that shows it; station.info names the zone of this station's clock.
 */
import { useTranslation } from 'react-i18next';
import { useStation } from '../../store';

/** "UTC+05:30" from a time with an offset; null for a time without one. */
export function utcOffsetWords(iso: string | undefined): string | null {
  const m = iso ? /([+-]\d{2}:\d{2}|[zZ])$/.exec(iso) : null;
  if (!m?.[1]) return null;
  return m[1].toUpperCase() === 'Z' ? 'UTC' : `UTC${m[1]}`;
}

/** Whether two IANA zones are the same clock ("Asia/Calcutta" is "Asia/Kolkata"); an unknown name is another zone. */
export function sameZone(a: string, b: string): boolean {
  const canonical = (z: string) => {
    try {
      return new Intl.DateTimeFormat('en', { timeZone: z }).resolvedOptions().timeZone;
    } catch {
      return null;
    }
  };
  return a === b || (canonical(a) !== null && canonical(a) === canonical(b));
}

/** The zone of the computer that shows the screen. */
export const computerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * `days`: the screen shows days (trends), not clock times. `run`: the screen shows one run (its timeline): a run that
 * another station recorded is on that station's clock, named by the offset its times carry. `elsewhereOnly`: said
 only where the computer showing the screen is in another zone (Settings' last sync, the PIN lockout's "try again at").
 */
export function TimesIn({ days = false, run, elsewhereOnly = false }: { days?: boolean; run?: { stationId: string; startedAt: string }; elsewhereOnly?: boolean }) {
  const { t } = useTranslation();
  const station = useStation((s) => s.station);
  if (!station?.timeZone) return null;
  if (elsewhereOnly && sameZone(station.timeZone, computerTimeZone())) return null;
  const other = run && run.stationId !== station.stationId ? utcOffsetWords(run.startedAt) : null;
  return (
    <p className="sw-hint" data-testid="times-in" data-zone={other ?? station.timeZone}>
      {other ? t('review.timesInOther', { zone: other }) : days ? t('review.daysIn', { zone: station.timeZone }) : t('review.timesIn', { zone: station.timeZone })}
    </p>
  );
}
