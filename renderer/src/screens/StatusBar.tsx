import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../contract';
import { Icon } from '../components/Icon';
import { api } from '../api';
import { SUPERVISOR_SCREENS, useStation } from '../store';
import { useQuery } from '../useChannel';
import { HELP_POLL_MS } from './review/HelpRequests';

/**
 * Help requests still open, for a signed-in supervisor, on every screen (issue 10, item 6): how many wait, as a
 * button to the Review screen where they are listed. Looked at again on every screen change and every 20 s; a change
 * of the number is announced (role=status).
 */
function HelpWaiting({ session, screen }: { session: string; screen: string }) {
  const { t } = useTranslation();
  const go = useStation((s) => s.go);
  const open = useQuery(`help.open:bar:${session}:${screen}`, () => api['help.open']({ session }), { pollMs: HELP_POLL_MS });
  const n = open.data?.length ?? 0;
  return (
    <p className="sw-bar__fact sw-bar__fact--help" role="status" data-testid="help-waiting" data-count={n}>
      {n > 0 ? (
        <button type="button" className="sw-bar__btn sw-bar__btn--help" onClick={() => go('review')}>
          <Icon name="help" className="sw-bar__icon" />
          {t('status.helpWaiting', { count: n, n })}
        </button>
      ) : null}
    </p>
  );
}

function syncText(t: (k: string, o?: Record<string, unknown>) => string, sync: SyncStatus | undefined): { text: string; tone: 'info' | 'ok' | 'warn' } {
  switch (sync?.state) {
    case 'up_to_date':
      return { text: t('status.sync.up_to_date'), tone: 'ok' };
    case 'waiting':
      return { text: t('status.sync.waiting', { count: sync.events }), tone: 'info' };
    case 'unreachable':
      return { text: t('status.sync.unreachable'), tone: 'warn' };
    default:
      return { text: t('status.sync.not_set_up'), tone: 'info' };
  }
}

/**
 * The status bar: a banner landmark at the top, in the page flow (it never covers what has focus).
 * Who is working (with Change person), the station, and the sync state, told honestly.
 */
export function StatusBar() {
  const { t } = useTranslation();
  const station = useStation((s) => s.station);
  const artisan = useStation((s) => s.artisan);
  const screen = useStation((s) => s.screen);
  const run = useStation((s) => s.run);
  const go = useStation((s) => s.go);
  const changePerson = useStation((s) => s.changePerson);
  const supervisor = useStation((s) => s.supervisor !== null);
  // The name as the station knows it now (a supervisor may have been renamed since signing in).
  const supervisorName = useStation((s) => {
    const who = s.supervisor?.who;
    return who ? (s.station?.supervisors.find((x) => x.id === who.id)?.name ?? who.name) : null;
  });
  const session = useStation((s) => s.supervisor?.session ?? null);
  const sync = syncText(t, station?.sync);
  const ref = useRef<HTMLElement>(null);

  // The bar stays at the top while the page scrolls, unless it is tall (large text on a small screen):
  // then it scrolls away with the page, so it never takes more than a quarter of the screen.
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const measure = () => {
      const h = el.getBoundingClientRect().height;
      const tall = h > window.innerHeight * 0.25;
      root.dataset.barStatic = tall ? 'true' : 'false';
      root.style.setProperty('--sw-bar-h', tall ? '0px' : `${Math.ceil(h)}px`);
    };
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    window.addEventListener('resize', measure);
    measure();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, []);

  return (
    <header className="sw-bar" ref={ref}>
      <div className="sw-bar__facts">
        <p className="sw-bar__fact">
          <span className="sw-bar__label">{t('status.station')}:</span> <span className="sw-bar__value" data-testid="station-name">
            {/* Until set-up names the station, its stored default name ("Station 1") is not shown: it is not in the screen's language. */}
            {station ? (station.setup.steps.station ? station.settings.stationName : t('status.stationUnnamed')) : '…'}
          </span>
        </p>
        <p className="sw-bar__fact" data-testid="who-is-working">
          <Icon name="person" className="sw-bar__icon" />
          <span className="sw-bar__label">{t('status.working')}:</span> <span className="sw-bar__value">{artisan ? artisan.name : t('status.nobody')}</span>
        </p>
        {supervisorName ? (
          <p className="sw-bar__fact" data-testid="supervisor-signed-in">
            <Icon name="lock" className="sw-bar__icon" />
            <span className="sw-bar__value">{t('setup.signedInAs', { name: supervisorName })}</span>
          </p>
        ) : null}
        {session ? <HelpWaiting session={session} screen={screen} /> : null}
        <p className="sw-bar__fact" data-tone={sync.tone} data-testid="sync-status">
          <Icon name="sync" className="sw-bar__icon" />
          <span className="sw-bar__label">{t('status.syncLabel')}:</span> <span className="sw-bar__value">{sync.text}</span>
        </p>
      </div>
      <nav className="sw-bar__actions" aria-label={t('status.label')}>
        {artisan && screen !== 'today' && screen !== 'run' ? (
          <button type="button" className="sw-bar__btn" onClick={() => go(run ? 'run' : 'today')}>
            <Icon name="back" className="sw-bar__icon" />
            {run ? (run.currentIndex === null ? t('overview.backToSummary') : t('overview.backTo', { n: run.currentIndex + 1 })) : t('status.today')}
          </button>
        ) : null}
        {artisan && screen === 'run' ? (
          <button type="button" className="sw-bar__btn" onClick={() => go('today')}>
            <Icon name="list" className="sw-bar__icon" />
            {t('status.today')}
          </button>
        ) : null}
        {!artisan && screen !== 'who' ? (
          <button type="button" className="sw-bar__btn" onClick={() => go('who')}>
            <Icon name="back" className="sw-bar__icon" />
            {t('common.back')}
          </button>
        ) : null}
        {artisan ? (
          <button type="button" className="sw-bar__btn" onClick={changePerson}>
            <Icon name="person" className="sw-bar__icon" />
            {t('status.changePerson')}
          </button>
        ) : null}
        {artisan && screen !== 'my-settings' ? (
          <button type="button" className="sw-bar__btn" onClick={() => go('my-settings')}>
            <Icon name="sliders" className="sw-bar__icon" />
            {t('status.mySettings')}
          </button>
        ) : null}
        {supervisor && screen !== 'review' ? (
          <button type="button" className="sw-bar__btn" onClick={() => go('review')} data-testid="open-review-bar">
            <Icon name="list" className="sw-bar__icon" />
            {t('review.barButton')}
          </button>
        ) : null}
        {!supervisor || screen === 'settings' || SUPERVISOR_SCREENS.has(screen) ? null : (
          <button type="button" className="sw-bar__btn" onClick={() => go('procurement')} data-testid="open-procurement-bar">
            <Icon name="list" className="sw-bar__icon" />
            {t('status.procurement')}
          </button>
        )}
        {screen !== 'settings' ? (
          <button type="button" className="sw-bar__btn" onClick={() => go('settings')}>
            <Icon name="lock" className="sw-bar__icon" />
            {t('status.settings')}
          </button>
        ) : null}
      </nav>
    </header>
  );
}
