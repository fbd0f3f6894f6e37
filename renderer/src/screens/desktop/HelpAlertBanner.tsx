/**
 * Help alerts in the page (issue 15, item 3): a help request opened at this or another station on the share shows
 * here on every screen (in the desktop app the OS notification comes too). Open takes the person to the help
 * requests, behind the supervisor PIN; Dismiss hides it at this station (the request stays open for the supervisor).
 * A click on the OS notification opens the request the same way. The artisan who asked does not get their own alert.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { localText } from '../../components/LocalText';
import type { HelpAlert } from '../../contract';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';

export const HELP_ALERT_POLL_MS = 5_000;

export function HelpAlertBanner({ lang }: { lang: Lang }) {
  const { t } = useTranslation();
  const go = useStation((s) => s.go);
  const ownRun = useStation((s) => s.run?.runId ?? null);
  const [alerts, setAlerts] = useState<HelpAlert[]>([]);
  const announced = useRef(new Set<string>());
  const [announce, setAnnounce] = useState<string>('');

  const poll = useCallback(
    async (args: { dismiss?: string[]; opened?: string } = {}) => {
      const res = await api['help.alerts'](args);
      if (!res.ok) return;
      setAlerts(res.value.alerts);
      if (res.value.open) {
        // A click on the OS notification: the request, after the supervisor PIN (the review screen asks for it).
        await api['help.alerts']({ opened: res.value.open });
        go('review');
      }
    },
    [go],
  );
  useEffect(() => {
    const first = setTimeout(() => void poll(), 0);
    const timer = setInterval(() => void poll(), HELP_ALERT_POLL_MS);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [poll]);

  const shown = alerts.filter((a) => a.runId !== ownRun);
  const words = useCallback(
    (a: HelpAlert) => ({
      station: a.stationName ?? a.stationId,
      person: a.person,
      routine: localText(a.title, lang) || a.title.en,
      step: a.step ? localText(a.step, lang) || a.step.en : '',
    }),
    [lang],
  );
  useEffect(() => {
    const fresh = shown.filter((a) => !announced.current.has(a.eventId));
    if (fresh.length === 0) return;
    for (const a of fresh) announced.current.add(a.eventId);
    setAnnounce(t('desktop.alertSpoken', words(fresh[0]!)));
  }, [shown, t, words]);

  return (
    <>
      <div className="sw-vh" role="alert" data-testid="help-alert-live">
        {announce}
      </div>
      {shown.length > 0 ? (
        <section className="sw-help-alerts sw-noprint" aria-labelledby="help-alerts-title" data-testid="help-alerts" data-count={shown.length}>
          <h2 className="sw-vh" id="help-alerts-title">
            {t('desktop.alertsTitle')}
          </h2>
          <ul>
            {shown.slice(0, 3).map((a) => {
              const w = words(a);
              return (
                <li key={a.eventId} className="sw-notice sw-help-alert" data-tone="help" data-testid="help-alert">
                  <Icon name="help" className="sw-notice__icon" />
                  <div className="sw-notice__body">
                    <p className="sw-notice__title">{t('desktop.alertTitle', { station: w.station })}</p>
                    <p>{t('desktop.alertBody', { person: w.person, routine: w.routine })}</p>
                    {w.step ? <p>{t('desktop.alertStep', { step: w.step })}</p> : null}
                  </div>
                  <div className="sw-help-alert__actions">
                    <Button variant="primary" icon="help" onClick={() => go('review')} data-testid="help-alert-open">
                      {t('desktop.alertOpen')}
                    </Button>
                    <Button icon="cross" onClick={() => void poll({ dismiss: [a.eventId] })} data-testid="help-alert-dismiss">
                      {t('desktop.alertDismiss')}
                    </Button>
                  </div>
                </li>
              );
            })}
          </ul>
          {shown.length > 3 ? <p className="sw-hint">{t('desktop.alertsMore', { count: shown.length - 3 })}</p> : null}
        </section>
      ) : null}
    </>
  );
}
