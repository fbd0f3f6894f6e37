import { useTranslation } from 'react-i18next';
import type { DueItem, RunView } from '../contract';
import { Button } from '../components/Button';
import { ScreenHeading } from '../components/ScreenHeading';
import { Icon, type IconName } from '../components/Icon';
import { clockTime } from '../format';
import { localized, type Lang } from '../i18n';
import { useStation } from '../store';

type DueState = DueItem['status'];
const STATE_ICON: Record<DueState, IconName> = {
  in_progress: 'play',
  late: 'warn',
  due: 'flag',
  upcoming: 'clock',
  done: 'check',
  not_scheduled: 'dash',
};
const DO_NOW: ReadonlySet<DueState> = new Set(['in_progress', 'late', 'due']);

/** Status in words + icon + colour (never colour alone). */
export function DueTag({ status }: { status: DueState }) {
  const { t } = useTranslation();
  return (
    <span className="sw-tag" data-state={status}>
      <Icon name={STATE_ICON[status]} className="sw-tag__icon" />
      {t(`today.state.${status}`)}
    </span>
  );
}

function whenText(t: (k: string, o?: Record<string, unknown>) => string, item: DueItem, open: RunView | undefined): string {
  if (item.status === 'in_progress' && open) {
    const left = open.steps.filter((s) => s.status === 'pending' || s.status === 'needs_reason').length;
    return t('today.stepsLeft', { count: left });
  }
  if (item.status === 'late') return t('today.lateSince', { time: clockTime(item.dueAt) });
  if (item.status === 'due' || item.status === 'upcoming') return t('today.dueAt', { time: clockTime(item.dueAt) });
  return '';
}

function RoutineCard({ item, open, lang, now, first }: { item: DueItem; open: RunView | undefined; lang: Lang; now: boolean; first: boolean }) {
  const { t } = useTranslation();
  const startRoutine = useStation((s) => s.startRoutine);
  const resumeRun = useStation((s) => s.resumeRun);
  const title = localized(item.title, lang);
  const canStart = item.status !== 'done' && item.status !== 'not_scheduled';
  const resume = item.status === 'in_progress' && item.runId;
  const when = whenText(t, item, open);
  const TitleTag = now ? 'h2' : 'h3';
  return (
    <article className={`sw-card${now ? ' sw-card--now' : ''}`} data-state={item.status} data-testid={`routine-${item.standard.id}`}>
      <TitleTag className="sw-card__title" lang={title.lang}>
        {title.text}
      </TitleTag>
      <p className="sw-card__state">
        <DueTag status={item.status} />
        {when ? <span className="sw-card__when">{when}</span> : null}
      </p>
      {canStart ? (
        <Button
          variant={now ? 'primary' : 'secondary'}
          big={now}
          icon="play"
          aria-label={resume ? t('today.resumeNamed', { title: title.text }) : t('today.startNamed', { title: title.text })}
          onClick={() => void (resume ? resumeRun(item.runId as string) : startRoutine(item.standard.id))}
          {...(first ? { 'data-scan-first': '' } : {})}
        >
          {resume ? t('today.resume') : t('today.start')}
        </Button>
      ) : null}
    </article>
  );
}

/** Today: the station's routines, the one to do now first and largest. */
export function TodayScreen({ lang, scanning }: { lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const due = useStation((s) => s.due);
  const openRuns = useStation((s) => s.openRuns);
  const loaded = useStation((s) => s.dueLoaded);
  const resumeRun = useStation((s) => s.resumeRun);

  // Open runs whose routine is not in today's list (e.g. a routine from yesterday) can be resumed too.
  const listed = new Set(due.filter((d) => d.runId).map((d) => d.runId));
  const strays = openRuns.filter((r) => !listed.has(r.runId));
  const [first, ...rest] = due;
  const hasNow = first !== undefined && DO_NOW.has(first.status);
  const others = hasNow ? rest : due;
  const openById = new Map(openRuns.map((r) => [r.runId, r]));

  return (
    <>
      <ScreenHeading focusKey="today" noFocus={scanning}>
        {t('today.title')}
      </ScreenHeading>
      {loaded && due.length === 0 && strays.length === 0 ? <p className="sw-lead">{t('today.none')}</p> : null}
      {loaded && due.length > 0 ? <p className="sw-lead">{t('today.lead')}</p> : null}
      {strays.map((r) => (
        <article className="sw-card sw-card--now" key={r.runId} data-state="in_progress">
          <h2 className="sw-card__title" lang={localized(due.find((d) => d.standard.id === r.standard.id)?.title, lang).lang}>
            {localized(due.find((d) => d.standard.id === r.standard.id)?.title, lang).text || r.standard.id}
          </h2>
          <p className="sw-card__state">
            <DueTag status="in_progress" />
          </p>
          <Button variant="primary" big icon="play" onClick={() => void resumeRun(r.runId)}>
            {t('today.resume')}
          </Button>
        </article>
      ))}
      {hasNow && first ? (
        <section className="sw-section" aria-labelledby="today-now">
          <p className="sw-kicker" id="today-now">
            {t('today.doNow')}
          </p>
          <RoutineCard item={first} open={first.runId ? openById.get(first.runId) : undefined} lang={lang} now first />
        </section>
      ) : null}
      {others.length > 0 ? (
        <section className="sw-section" aria-labelledby="today-others">
          <h2 id="today-others" className="sw-h2">
            {hasNow ? t('today.others') : t('today.title')}
          </h2>
          <ul className="sw-cards">
            {others.map((item, i) => (
              <li key={item.standard.id}>
                <RoutineCard item={item} open={item.runId ? openById.get(item.runId) : undefined} lang={lang} now={false} first={!hasNow && i === 0} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
