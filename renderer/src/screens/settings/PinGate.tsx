/** The supervisor PIN: make one the first time, then unlock; wrong PINs lock it for a while, told in words. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { NumberPad } from '../../components/NumberPad';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { UnlockResult } from '../../contract';
import { applyPadKey, localClock, minutesUntil, type PadKey, type T } from '../../format';
import type { Lang } from '../../i18n';
import { errorText, useStation } from '../../store';
import { Button } from '../../components/Button';

export const PIN_FORMAT = /^\d{4,8}$/;

function lockoutText(t: T, r: Extract<UnlockResult, { unlocked: false }>, lang: Lang): string[] {
  if (r.lockedUntil) {
    const mins = minutesUntil(r.lockedUntil, Date.now());
    const time = localClock(r.lockedUntil, lang);
    return [t('settings.lockedOut'), mins !== null ? t('settings.lockedFor', { count: mins, time }) : t('settings.lockedAt', { time })];
  }
  return [t('settings.wrongPin'), t('settings.attemptsLeft', { count: r.attemptsLeft })];
}

/** A PIN field with its own number pad (a touch screen may have no keyboard). */
function PinField({ id, label, hint, value, onChange, error, autoFocusPad }: { id: string; label: string; hint?: string; value: string; onChange: (v: string) => void; error?: string | null; autoFocusPad?: boolean }) {
  const { t } = useTranslation();
  const press = (k: PadKey) => onChange(applyPadKey(value, k, { decimals: 0, allowMinus: false }).slice(0, 8));
  return (
    <div className="sw-pin">
      <TextField
        id={id}
        label={label}
        hint={hint}
        error={error}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        value={value}
        className="sw-input--pin"
        onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 8))}
      />
      <NumberPad onKey={press} allowPoint={false} allowMinus={false} label={`${label}: ${t('measure.padLabel')}`} firstScan={autoFocusPad} />
    </div>
  );
}

export function PinGate({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const { t } = useTranslation();
  const pinSet = useStation((s) => s.station?.pinSet ?? false);
  const unlock = useStation((s) => s.unlock);
  const setPin = useStation((s) => s.setPin);
  const say = useStation((s) => s.say);
  const clearMessages = useStation((s) => s.clearMessages);
  const [pin, setPinValue] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const [lockout, setLockout] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const lockoutRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (lockout) lockoutRef.current?.focus();
  }, [lockout]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    clearMessages();
    const errs: Array<{ field: string; text: string }> = [];
    if (!PIN_FORMAT.test(pin)) errs.push({ field: 'pin', text: t('settings.errorPinFormat') });
    else if (!pinSet && pin !== again) errs.push({ field: 'pin-again', text: t('settings.errorPinMatch') });
    setErrors(errs);
    if (errs.length > 0) return;
    setBusy(true);
    try {
      if (!pinSet) {
        const made = await setPin(pin);
        if (!made.ok) return setErrors([{ field: 'pin', text: errorText(made.error) }]);
      }
      const res = await unlock(pin);
      if (!res.ok) return setErrors([{ field: 'pin', text: errorText(res.error) }]);
      if (res.value.unlocked) {
        say(pinSet ? t('settings.opened') : t('settings.pinCreated'), 'ok');
        return;
      }
      const words = lockoutText(t, res.value, lang);
      setPinValue('');
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
  const fieldError = (f: string) => errors.find((e) => e.field === f)?.text ?? null;
  return (
    <>
      <ScreenHeading focusKey={pinSet ? 'pin' : 'pin-create'} noFocus={scanning}>
        {pinSet ? t('settings.unlockTitle') : t('settings.createTitle')}
      </ScreenHeading>
      <ErrorSummary errors={errors} />
      <p className="sw-lead">{pinSet ? t('settings.unlockLead') : t('settings.createLead')}</p>
      {lockout ? (
        <div role="alert" tabIndex={-1} ref={lockoutRef} className="sw-alert-box">
          <Notice tone="warn" title={lockout[0]}>
            <p data-testid="lockout">{lockout.slice(1).join(' ')}</p>
          </Notice>
        </div>
      ) : null}
      <form className="sw-form" onSubmit={(e) => void submit(e)} noValidate>
        <PinField id="pin" label={t('settings.pin')} hint={t('settings.pinHint')} value={pin} onChange={setPinValue} error={fieldError('pin')} autoFocusPad />
        {!pinSet ? <PinField id="pin-again" label={t('settings.pinAgain')} value={again} onChange={setAgain} error={fieldError('pin-again')} /> : null}
        <div className="sw-actions">
          <Button type="submit" variant="primary" big icon="lock" data-testid="unlock">
            {pinSet ? t('settings.unlock') : t('settings.createButton')}
          </Button>
        </div>
      </form>
    </>
  );
}
