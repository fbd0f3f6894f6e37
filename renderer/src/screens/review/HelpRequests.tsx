/**
 * Open help requests, at the top of the supervisor's Review screen: who asked, at which station, on which
 * step, since when; "Mark answered" records a help.answered event (help.answer). Looked at again every 20 s.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LocalText, localText } from '../../components/LocalText';
import { Notice } from '../../components/Notice';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { OpenHelpRequest } from '../../contract';
import { clockWords, dayWords, stationWords } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { useCommand, useQuery } from '../../useChannel';
import { reviewFailure } from './errors';

const HELP_POLL_MS = 20_000;

/** The oldest requests first; beyond this many, "Show all" (so the history stays within reach). */
const FIRST_SHOWN = 5;

export function HelpRequests({ session, lang }: { session: string; lang: Lang }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const openTimeline = useStation((s) => s.openTimeline);
  const command = useCommand();
  const [answering, setAnswering] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const open = useQuery(`help.open:${session}`, () => api['help.open']({ session }), { pollMs: HELP_POLL_MS });
  const requests = open.data;
  // A failed look keeps the last list shown, with a notice; the next look clears it.
  const failed = open.error !== null && open.error.code !== 'SUPERVISOR_REQUIRED';

  const answer = async (r: OpenHelpRequest) => {
    const res = await command.run(() => {
      setAnswering(r.eventId);
      return api['help.answer']({ session, eventId: r.eventId, runId: r.runId, stationId: r.stationId });
    });
    if (!res) return;
    // Someone else answered it meanwhile: it is no longer open either.
    if (!res.ok && res.error.code !== 'HELP_ALREADY_ANSWERED') return reviewFailure(t, res.error);
    open.setData((list) => (list ?? []).filter((x) => x.eventId !== r.eventId));
    say(t('help.answered', { name: r.actorName ?? r.actor }), 'ok');
    // The button is gone: focus goes to the section heading, never to the top of the page.
    headingRef.current?.focus();
  };

  const list = requests ?? [];
  const shown = all ? list : list.slice(0, FIRST_SHOWN);
  return (
    <section className="sw-section sw-section--first" aria-labelledby="help-title" data-testid="help-requests" data-count={requests ? list.length : undefined}>
      <h2 className="sw-h2" id="help-title" tabIndex={-1} ref={headingRef}>
        {requests && list.length > 0 ? t('help.titleCount', { count: list.length }) : t('help.title')}
      </h2>
      {failed ? <Notice tone="warn" title={t('help.loadFailed')} /> : null}
      {requests && list.length === 0 ? (
        <p className="sw-help-none" data-testid="help-none">
          <Icon name="check" className="sw-inline-icon" />
          {t('help.none')}
        </p>
      ) : null}
      {list.length > 0 ? (
        <ul className="sw-helplist">
          {shown.map((r) => {
            const who = r.actorName ?? r.actor;
            return (
              <li key={r.eventId} className="sw-helpitem" data-testid="help-request" data-event={r.eventId} data-run={r.runId}>
                <div className="sw-helpitem__body">
                  <p className="sw-helpitem__title">
                    <Icon name="help" className="sw-helpitem__icon" />
                    <span>{t('help.asks', { name: who, station: stationWords(r.stationName, r.stationId) })}</span>
                  </p>
                  <p className="sw-helpitem__fact">
                    <span className="sw-helpitem__label">{t('help.routine')}:</span> <LocalText text={r.title} lang={lang} fallback={r.standardId} />
                  </p>
                  <p className="sw-helpitem__fact">
                    <span className="sw-helpitem__label">{t('help.step')}:</span> {r.stepTitle ? <LocalText text={r.stepTitle} lang={lang} /> : t('help.noStep')}
                  </p>
                  <p className="sw-helpitem__fact">
                    <Icon name="clock" className="sw-inline-icon" />
                    {t('help.since', { time: clockWords(r.since), day: dayWords(r.since, lang) })}
                  </p>
                </div>
                <div className="sw-actions sw-actions--tight">
                  <Button variant="primary" icon="check" onClick={() => void answer(r)} aria-disabled={(command.busy && answering === r.eventId) || undefined} data-testid="help-answer">
                    {t('help.markAnswered')}
                    <VisuallyHidden>
                      {' '}
                      {t('help.forWhom', { name: who, title: localText(r.title, lang) })}
                    </VisuallyHidden>
                  </Button>
                  <Button icon="list" onClick={() => openTimeline(r.runId)} data-testid="help-open-run">
                    {t('help.openRun')}
                    <VisuallyHidden>
                      {' '}
                      {t('help.forWhom', { name: who, title: localText(r.title, lang) })}
                    </VisuallyHidden>
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      ) : null}
      {shown.length < list.length ? (
        <div className="sw-actions">
          <Button icon="list" onClick={() => setAll(true)} data-testid="help-show-all">
            {t('help.showAll', { count: list.length })}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
