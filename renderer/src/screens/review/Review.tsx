/**
 * The supervisor's home ("Review", behind the supervisor PIN): open help requests first, then where the
 * history comes from (refresh with progress, last refresh, integrity), then the history with its filters.
 * review.status is polled every 500 ms while a refresh runs; when it ends, the facets and the list reload.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { ReviewStatus } from '../../contract';
import { count, type T, whenWords } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { useCommand, useQuery } from '../../useChannel';
import { HelpRequests } from './HelpRequests';
import { PinGate } from '../settings/PinGate';
import { History } from './History';
import { SupervisorNav } from './SupervisorNav';
import { TimesIn } from './TimesIn';
import { reviewErrorText, reviewFailure } from './errors';

const POLL_MS = 500;

function progressWords(t: T, s: ReviewStatus): string {
  const p = s.progress;
  if (!p) return t('review.refreshStarting');
  return t(`review.phase.${p.phase}`, { done: Math.min(p.done, p.total), total: p.total });
}

function integrityWords(t: T, lang: Lang, i: NonNullable<ReviewStatus['integrity']>): { title: string; more: string | null; tone: 'ok' | 'warn' } {
  if (i.ok && i.errors === 0) {
    return { title: t('review.integrityOk'), more: i.warnings > 0 ? t('review.integrityWarnings', { count: i.warnings, n: count(lang, i.warnings) }) : null, tone: 'ok' };
  }
  const more = [t('review.integrityErrors', { count: i.errors, n: count(lang, i.errors) }), t('review.integrityWarnings', { count: i.warnings, n: count(lang, i.warnings) })];
  if (i.stationsRejected > 0) more.push(t('review.integrityRejected', { count: i.stationsRejected, n: count(lang, i.stationsRejected) }));
  return { title: t('review.integrityProblems'), more: more.join(' '), tone: 'warn' };
}

function RefreshPanel({ status, lang, onRefresh }: { status: ReviewStatus | null; lang: Lang; onRefresh: () => void }) {
  const { t } = useTranslation();
  const running = status?.state === 'refreshing';
  const p = status?.progress;
  const value = p && p.total > 0 ? Math.min(p.done, p.total) : undefined;
  const integrity = status?.integrity ? integrityWords(t, lang, status.integrity) : null;
  return (
    <section className="sw-section" aria-labelledby="source-title" data-testid="review-status" data-state={status?.state ?? 'unknown'}>
      <h2 className="sw-h2" id="source-title">
        {t('review.sourceTitle')}
      </h2>
      {status ? (
        <dl className="sw-facts" data-testid="review-source" data-source={status.source}>
          <div>
            <dt>{t('review.sourceLabel')}</dt>
            <dd>{status.source === 'share' ? t('review.sourceShare') : t('review.sourceStation')}</dd>
          </div>
          {status.source === 'share' && status.sharePath ? (
            <div>
              <dt>{t('review.sharePath')}</dt>
              <dd className="sw-path">{status.sharePath}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('review.lastRefresh')}</dt>
            <dd data-testid="review-last-refresh">{status.lastRefreshAt ? whenWords(status.lastRefreshAt, lang) : t('review.never')}</dd>
          </div>
        </dl>
      ) : null}
      {integrity ? (
        <div data-testid="review-integrity" data-ok={integrity.tone === 'ok'}>
          <Notice tone={integrity.tone} title={integrity.title}>
            {integrity.more ? <p>{integrity.more}</p> : null}
          </Notice>
        </div>
      ) : null}
      {status?.state === 'failed' && status.error ? (
        <div data-testid="review-refresh-failed">
          <Notice tone="error" title={reviewErrorText(t, status.error)}>
            <p lang="en" className="sw-path">
              {status.error.message}
            </p>
          </Notice>
        </div>
      ) : null}
      {running ? (
        <div className="sw-panel" data-testid="review-progress">
          <progress className="sw-progress" aria-label={t('review.progressLabel')} aria-describedby="review-progress-text" {...(value !== undefined && p ? { value, max: p.total } : {})} />
          <p id="review-progress-text" className="sw-import-progress__text" role="status" aria-live="polite" aria-atomic="true">
            {progressWords(t, status)}
          </p>
        </div>
      ) : null}
      <div className="sw-actions">
        {/* Stays in place (and keeps focus) while a refresh runs, telling so instead of acting. */}
        <button type="button" className="sw-btn sw-btn--secondary" onClick={onRefresh} aria-disabled={running || undefined} data-testid="review-refresh">
          <Icon name={running ? 'clock' : 'sync'} className="sw-btn__icon" />
          <span className="sw-btn__label">{running ? t('review.refreshing') : t('review.refresh')}</span>
        </button>
      </div>
    </section>
  );
}

function ReviewHome({ session, lang, scanning }: { session: string; lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  // Coming back from a timeline: the list puts focus on the run that was opened, not the heading (read once).
  const [returning] = useState(() => useStation.getState().history.returning);
  const [reload, setReload] = useState(0);
  const last = useRef<ReviewStatus['state'] | null>(null);
  const autoStarted = useRef(false);
  const command = useCommand();
  const facets = useQuery(`review.facets:${session}`, () => api['review.facets']({ session }));

  const refresh = async () => {
    if (last.current === 'refreshing') return;
    const res = await command.run(() => api['review.refresh']({ session }));
    if (!res) return;
    if (!res.ok) return reviewFailure(t, res.error);
    last.current = res.value.state;
    status.setData(() => res.value);
    if (res.value.state === 'refreshing') say(t('review.refreshStarted'), 'info', { quiet: true });
  };

  // review.status once on arrival, then every POLL_MS while a refresh runs.
  const [running, setRunning] = useState(false);
  const status = useQuery(`review.status:${session}`, () => api['review.status']({ session }), {
    pollMs: running ? POLL_MS : undefined,
    onData: (s) => {
      const before = last.current;
      last.current = s.state;
      if (before === 'refreshing' && s.state !== 'refreshing') {
        say(s.state === 'failed' ? t('review.refreshFailed') : t('review.refreshDone'), s.state === 'failed' ? 'warn' : 'ok', { quiet: true });
        setReload((x) => x + 1);
        void facets.refresh();
      }
      // Nothing gathered yet: gather this station's runs (and the share's) once, without being asked.
      if (before === null && s.state === 'empty' && !autoStarted.current) {
        autoStarted.current = true;
        void refresh();
      }
    },
  });
  const isRunning = status.data?.state === 'refreshing';
  if (isRunning !== running) setRunning(isRunning);

  return (
    <>
      <ScreenHeading focusKey="review" noFocus={scanning || returning}>
        {t('review.title')}
      </ScreenHeading>
      <SupervisorNav current="review" />
      <TimesIn />
      <HelpRequests session={session} lang={lang} />
      <RefreshPanel status={status.data} lang={lang} onRefresh={() => void refresh()} />
      <History session={session} lang={lang} facets={facets.data} reload={reload} />
    </>
  );
}

/** Review: the supervisor's home, behind the same PIN as Settings. */
export function ReviewScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const session = useStation((s) => s.supervisor?.session);
  if (!session) return <PinGate scanning={scanning} lang={lang} />;
  return <ReviewHome session={session} lang={lang} scanning={scanning} />;
}
