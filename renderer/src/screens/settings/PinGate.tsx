/**
 * Supervisor sign-in: tap your name (when the station has several supervisors), then your PIN; wrong PINs lock that
 * supervisor for a while, told in words. A station with no supervisor yet has no PIN to type: it is being set up.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Notice } from '../../components/Notice';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { SupervisorRef, UnlockResult } from '../../contract';
import { clockWords, initials, minutesUntil, type T } from '../../format';
import type { Lang } from '../../i18n';
import { errorText, useStation } from '../../store';
import { PinFields } from '../setup/PinFields';
import { belowPinRule, SIGN_IN_PIN } from '../../pin-rules';
import { TimesIn } from '../review/TimesIn';

/** The lockout in words; "try again at" on the station's clock (lockedUntil carries its offset), never this computer's. */
function lockoutText(t: T, r: Extract<UnlockResult, { unlocked: false }>): string[] {
  if (r.lockedUntil) {
    const mins = minutesUntil(r.lockedUntil, Date.now());
    const time = clockWords(r.lockedUntil);
    return [t('settings.lockedOut'), mins !== null ? t('settings.lockedFor', { count: mins, time }) : t('settings.lockedAt', { time })];
  }
  return [t('settings.wrongPin'), t('settings.attemptsLeft', { count: r.attemptsLeft })];
}

/** The calm notice of a station without a supervisor, and the one way in: first-day set-up. */
export function BeingSetUp({ headingKey, scanning }: { headingKey: string; scanning: boolean }) {
  const { t } = useTranslation();
  const go = useStation((s) => s.go);
  return (
    <>
      <ScreenHeading focusKey={headingKey} noFocus={scanning}>
        {t('setup.busyTitle')}
      </ScreenHeading>
      <Notice tone="info" title={t('setup.busyLead')} />
      <div className="sw-actions">
        <Button variant="primary" big icon="play" onClick={() => go('setup')} data-testid="start-setup" data-scan-first="">
          {t('setup.start')}
        </Button>
      </div>
    </>
  );
}

/**
 * The supervisor's PIN before a supervisor's screen. `lead`, `action` and `opened` say what signing in opens: by
 * default only "to go on", "Sign in" and who is signed in (the Review, Procurement, Standards and set-up screens);
 * Settings says "Open settings" and "Settings are open".
 */
export function PinGate({ scanning, title, lead, action, opened }: { scanning: boolean; lang: Lang; title?: string; lead?: string; action?: string; opened?: string }) {
  const { t } = useTranslation();
  const supervisors = useStation((s) => s.station?.supervisors ?? []);
  if (supervisors.length === 0) return <BeingSetUp headingKey="pin-none" scanning={scanning} />;
  return <SignIn supervisors={supervisors} scanning={scanning} title={title ?? t('settings.unlockTitle')} lead={lead ?? t('settings.gateLead')} action={action ?? t('settings.gateAction')} opened={opened} />;
}

function SignIn({ supervisors, scanning, title, lead, action, opened }: { supervisors: SupervisorRef[]; scanning: boolean; title: string; lead: string; action: string; opened: string | undefined }) {
  const { t } = useTranslation();
  const unlock = useStation((s) => s.unlock);
  const say = useStation((s) => s.say);
  const clearMessages = useStation((s) => s.clearMessages);
  // With one supervisor there is nobody to choose.
  const [chosenId, setChosenId] = useState<string | null>(supervisors.length === 1 ? supervisors[0]!.id : null);
  const chosen = supervisors.find((s) => s.id === chosenId) ?? null;
  const [pin, setPin] = useState('');
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const [lockout, setLockout] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const lockoutRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (lockout) lockoutRef.current?.focus();
  }, [lockout]);

  const choose = (id: string | null) => {
    setChosenId(id);
    setPin('');
    setErrors([]);
    setLockout(null);
  };

  if (!chosen) {
    return (
      <>
        <ScreenHeading focusKey="pin-choose" noFocus={scanning}>
          {t('setup.chooseTitle')}
        </ScreenHeading>
        <p className="sw-lead">{t('setup.chooseLead')}</p>
        <ul className="sw-tiles" aria-label={t('setup.supervisorsTitle')}>
          {supervisors.map((s, i) => (
            <li key={s.id} className="sw-tiles__item">
              <button type="button" className="sw-tile" onClick={() => choose(s.id)} data-testid={`supervisor-${s.name}`} {...(i === 0 ? { 'data-scan-first': '' } : {})}>
                <span className="sw-avatar" aria-hidden="true">
                  {initials(s.name)}
                </span>
                <span className="sw-tile__name">{s.name}</span>
              </button>
            </li>
          ))}
        </ul>
      </>
    );
  }

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    clearMessages();
    // What a station may hold (a PIN saved under the rule before has 4 or 5 digits), not the rule for a new PIN.
    if (!SIGN_IN_PIN.test(pin)) return setErrors([{ field: 'pin', text: t('setup.errorSignInPinFormat') }]);
    setErrors([]);
    setBusy(true);
    try {
      const res = await unlock(pin, supervisors.length > 1 ? chosen.id : undefined);
      if (!res.ok) return setErrors([{ field: 'pin', text: errorText(res.error) }]);
      if (res.value.unlocked) {
        const signedIn = opened ?? t('settings.gateOpened', { name: chosen.name });
        // A PIN below the rule for new ones: the notice on the screen (RenewPin.tsx), and said with the sign-in.
        say(belowPinRule(pin) ? `${signedIn} ${t('settings.renewPinTitle')}` : signedIn, 'ok');
        return;
      }
      const words = lockoutText(t, res.value);
      setPin('');
      if (res.value.lockedUntil) {
        // Locked: not a mistake in the field, so one clear notice instead of an error on the PIN.
        setErrors([]);
        setLockout(words);
      } else {
        setLockout(null);
        setErrors([{ field: 'pin', text: words.join(' ') }]);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ScreenHeading focusKey={`pin-${chosen.id}`} noFocus={scanning}>
        {title}
      </ScreenHeading>
      <ErrorSummary errors={errors} />
      <p className="sw-lead">{lead}</p>
      <p className="sw-lead" data-testid="signing-in">
        {t('setup.signingIn', { name: chosen.name })}
      </p>
      {lockout ? (
        <div role="alert" tabIndex={-1} ref={lockoutRef} className="sw-alert-box">
          <Notice tone="warn" title={lockout[0]}>
            <p data-testid="lockout">{lockout.slice(1).join(' ')}</p>
            <TimesIn elsewhereOnly />
          </Notice>
        </div>
      ) : null}
      <form className="sw-form" onSubmit={(e) => void submit(e)} noValidate>
        <PinFields fields={[{ id: 'pin', label: t('setup.pin'), value: pin, onChange: setPin, error: errors.find((x) => x.field === 'pin')?.text ?? null }]} padFirstScan />
        <div className="sw-actions">
          <Button type="submit" variant="primary" big icon="lock" data-testid="unlock">
            {action}
          </Button>
          {supervisors.length > 1 ? (
            <Button icon="back" onClick={() => choose(null)} data-testid="choose-other">
              {t('setup.otherPerson')}
            </Button>
          ) : null}
        </div>
      </form>
    </>
  );
}
