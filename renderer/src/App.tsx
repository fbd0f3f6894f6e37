import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './components/Button';
import { Notice, TONE_ICON } from './components/Notice';
import { Icon } from './components/Icon';
import { applyLanguage } from './i18n';
import { applyPrefsToDocument } from './prefs';
import { useSwitchScan } from './scan/useSwitchScan';
import { MySettingsScreen } from './screens/MySettings';
import { ProcurementScreen } from './screens/procurement/ProcurementScreen';
import { ReviewScreen } from './screens/review/Review';
import { StandardsPublishScreen } from './screens/standards/StandardsScreen';
import { TimelineScreen } from './screens/review/Timeline';
import { TrendsScreen } from './screens/review/Trends';
import { RunScreen } from './screens/run/RunScreen';
import { RenewPinNotice } from './screens/settings/RenewPin';
import { SettingsScreen } from './screens/settings/SettingsScreen';
import { SetupScreen } from './screens/setup/SetupScreen';
import { StatusBar } from './screens/StatusBar';
import { HelpAlertBanner } from './screens/desktop/HelpAlertBanner';
import { TodayScreen } from './screens/Today';
import { WhoScreen } from './screens/Who';
import { useBadgeReader } from './useBadgeReader';
import { DEFAULT_IDLE_MINUTES, useEffectivePrefs, useStation, type Message } from './store';

/** The screens behind the supervisor sign-in (where a PIN below the rule is asked to be renewed). */
const SUPERVISOR_SCREENS = new Set<string>(['settings', 'review', 'timeline', 'trends', 'procurement', 'standards']);

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel'] as const;

/**
 * Supervisor mode locks itself after `supervisorIdleMinutes` without a pointer, key or touch. Plain setTimeout
 * and Date.now (so a test can fast-forward the clock): activity only notes the time; when the timer fires it
 * either locks or waits for the time that is left.
 */
function useSupervisorIdleLock(): void {
  const session = useStation((s) => s.supervisor?.session ?? null);
  const minutes = useStation((s) => s.station?.settings.supervisorIdleMinutes ?? DEFAULT_IDLE_MINUTES);
  const lockSupervisor = useStation((s) => s.lockSupervisor);
  useEffect(() => {
    if (!session) return;
    const idleMs = minutes * 60_000;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = () => {
      const left = last + idleMs - Date.now();
      if (left <= 0) {
        timer = undefined;
        void lockSupervisor('idle');
        return;
      }
      timer = setTimeout(check, left);
    };
    const touch = () => {
      last = Date.now();
    };
    timer = setTimeout(check, idleMs);
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, touch, { capture: true, passive: true });
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, touch, { capture: true });
    };
  }, [session, minutes, lockSupervisor]);
}

/**
 * The live regions: always in the page (so changes are announced), polite for confirmations and
 * assertive for errors. Each message shows as text + icon + colour.
 */
function LiveRegions() {
  const message = useStation((s) => s.message);
  const alert = useStation((s) => s.alert);
  const show = (m: Message | null) =>
    m ? (
      <div key={m.id} className={`sw-notice sw-notice--live${m.quiet ? ' sw-vh' : ''}`} data-tone={m.tone}>
        <Icon name={TONE_ICON[m.tone]} className="sw-notice__icon" />
        <p className="sw-notice__title">{m.text}</p>
      </div>
    ) : null;
  return (
    <div className="sw-live">
      <div role="status" aria-live="polite" aria-atomic="true" data-testid="live-polite">
        {show(message)}
      </div>
      <div role="alert" aria-live="assertive" aria-atomic="true" data-testid="live-alert">
        {show(alert)}
      </div>
    </div>
  );
}

function ShellProblem() {
  const { t } = useTranslation();
  const shell = useStation((s) => s.shell);
  const connect = useStation((s) => s.connect);
  if (shell.state === 'checking') {
    return (
      <p className="sw-lead" role="status" data-testid="shell-status" data-shell="checking">
        {t('app.starting')}
      </p>
    );
  }
  if (shell.state !== 'error') return null;
  const text = shell.reason === 'no-token' ? t('app.noToken') : shell.reason === 'unauthorized' ? t('app.unauthorized') : t('app.unreachable');
  return (
    <>
      <h1 tabIndex={-1}>{t('app.name')}</h1>
      <div data-testid="shell-status" data-shell="error">
        <Notice tone="warn" title={text} />
      </div>
      {shell.reason === 'unreachable' ? (
        <Button icon="sync" onClick={() => void connect()}>
          {t('app.tryAgain')}
        </Button>
      ) : null}
    </>
  );
}

export function App() {
  const shell = useStation((s) => s.shell);
  const screen = useStation((s) => s.screen);
  const artisan = useStation((s) => s.artisan);
  const badge = useStation((s) => s.badge);
  const prefs = useEffectivePrefs();
  const rootRef = useRef<HTMLDivElement>(null);
  const ready = shell.state === 'ready';
  const scanning = ready && prefs.scanMode !== 'off';

  useEffect(() => {
    applyPrefsToDocument(prefs);
    applyLanguage(prefs.language);
  }, [prefs]);

  useSwitchScan(rootRef, ready ? prefs.scanMode : 'off', prefs.scanSpeedMs);
  useSupervisorIdleLock();
  useBadgeReader(ready && (screen === 'who' || screen === 'today'), (b) => void badge(b));

  // Screens that need a person fall back to "Who is working" when nobody is selected.
  const effective = !artisan && (screen === 'today' || screen === 'run' || screen === 'my-settings') ? 'who' : screen;

  return (
    <div className="sw-app" ref={rootRef} data-screen={ready ? effective : 'shell'} data-scanning={scanning ? prefs.scanMode : undefined}>
      {ready ? <StatusBar /> : null}
      <main className="sw-main" id="main">
        <LiveRegions />
        {ready && effective !== 'setup' && effective !== 'review' ? <HelpAlertBanner lang={prefs.language} /> : null}
        {ready && SUPERVISOR_SCREENS.has(effective) ? <RenewPinNotice /> : null}
        {!ready ? <ShellProblem /> : null}
        {ready && effective === 'setup' ? <SetupScreen scanning={scanning} lang={prefs.language} /> : null}
        {ready && effective === 'who' ? <WhoScreen scanning={scanning} /> : null}
        {ready && effective === 'today' ? <TodayScreen lang={prefs.language} scanning={scanning} /> : null}
        {ready && effective === 'run' ? <RunScreen lang={prefs.language} scanning={scanning} readAloud={prefs.readAloud} /> : null}
        {ready && effective === 'my-settings' ? <MySettingsScreen scanning={scanning} /> : null}
        {ready && effective === 'settings' ? <SettingsScreen scanning={scanning} lang={prefs.language} /> : null}
        {ready && effective === 'procurement' ? <ProcurementScreen scanning={scanning} lang={prefs.language} /> : null}
        {ready && effective === 'review' ? <ReviewScreen scanning={scanning} lang={prefs.language} /> : null}
        {ready && effective === 'timeline' ? <TimelineScreen scanning={scanning} lang={prefs.language} /> : null}
        {ready && effective === 'trends' ? <TrendsScreen scanning={scanning} lang={prefs.language} /> : null}
        {ready && effective === 'standards' ? <StandardsPublishScreen scanning={scanning} lang={prefs.language} /> : null}
      </main>
    </div>
  );
}
