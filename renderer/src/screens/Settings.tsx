import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Artisan, UnlockResult } from '../contract';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { ScreenHeading } from '../components/ScreenHeading';
import { VisuallyHidden } from '../components/VisuallyHidden';
import { Icon } from '../components/Icon';
import { NumberPad } from '../components/NumberPad';
import { applyPadKey, artisanIdFor, localClock, minutesUntil, type PadKey, type T } from '../format';
import type { Lang } from '../i18n';
import { effectivePrefs, type EffectivePrefs } from '../prefs';
import { DEFAULT_IDLE_MINUTES, errorText, useStation } from '../store';
import { PrefsFields } from './MySettings';

const PIN_FORMAT = /^\d{4,8}$/;

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
          <button type="submit" className="sw-btn sw-btn--primary sw-btn--big" data-testid="unlock">
            <Icon name="lock" className="sw-btn__icon" />
            <span className="sw-btn__label">{pinSet ? t('settings.unlock') : t('settings.createButton')}</span>
          </button>
        </div>
      </form>
    </>
  );
}

function StationForm() {
  const { t } = useTranslation();
  const settings = useStation((s) => s.station?.settings);
  const update = useStation((s) => s.updateSettings);
  const say = useStation((s) => s.say);
  const [name, setName] = useState(settings?.stationName ?? '');
  const [prefs, setPrefs] = useState<EffectivePrefs>(() => effectivePrefs(settings));
  const [error, setError] = useState<string | null>(null);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(t('settings.errorStationName'));
      document.getElementById('station-name')?.focus();
      return;
    }
    setError(null);
    if (await update({ stationName: name.trim(), ...prefs })) say(t('settings.stationSaved'), 'ok');
  };
  return (
    <section className="sw-section" aria-labelledby="station-title">
      <h2 className="sw-h2" id="station-title">
        {t('settings.stationTitle')}
      </h2>
      <form className="sw-form sw-settings" onSubmit={(e) => void save(e)} noValidate>
        <TextField id="station-name" label={t('settings.stationName')} value={name} maxLength={80} error={error} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <PrefsFields value={prefs} onChange={setPrefs} t={t} idPrefix="station" />
        <div className="sw-actions">
          <button type="submit" className="sw-btn sw-btn--primary" data-testid="save-station">
            <Icon name="check" className="sw-btn__icon" />
            <span className="sw-btn__label">{t('settings.saveStation')}</span>
          </button>
        </div>
      </form>
    </section>
  );
}

/** The supervisor's name (carried by countersignatures made here) and when supervisor screens lock themselves. */
function SupervisorForm() {
  const { t } = useTranslation();
  const settings = useStation((s) => s.station?.settings);
  const update = useStation((s) => s.updateSettings);
  const say = useStation((s) => s.say);
  const [name, setName] = useState(settings?.supervisorName ?? '');
  const [minutes, setMinutes] = useState(String(settings?.supervisorIdleMinutes ?? DEFAULT_IDLE_MINUTES));
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Array<{ field: string; text: string }> = [];
    const n = Number(minutes.trim());
    if (!/^\d{1,2}$/.test(minutes.trim()) || n < 1 || n > 30) errs.push({ field: 'supervisor-idle', text: t('review.settings.errorIdle') });
    setErrors(errs);
    if (errs.length > 0) return;
    const clean = name.trim();
    if (await update({ supervisorIdleMinutes: n, ...(clean ? { supervisorName: clean } : {}) })) say(t('review.settings.saved'), 'ok');
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.text ?? null;
  return (
    <section className="sw-section" aria-labelledby="supervisor-title">
      <h2 className="sw-h2" id="supervisor-title">
        {t('review.settings.title')}
      </h2>
      <form className="sw-form" onSubmit={(e) => void save(e)} noValidate data-testid="supervisor-settings">
        <ErrorSummary errors={errors} />
        <TextField
          id="supervisor-name"
          label={t('review.settings.name')}
          hint={t('review.settings.nameHint')}
          value={name}
          maxLength={80}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          data-testid="supervisor-name"
        />
        <TextField
          id="supervisor-idle"
          label={t('review.settings.idle')}
          hint={t('review.settings.idleHint')}
          value={minutes}
          error={err('supervisor-idle')}
          inputMode="numeric"
          maxLength={2}
          autoComplete="off"
          className="sw-input--short"
          onChange={(e) => setMinutes(e.target.value.replace(/\D/g, ''))}
          data-testid="supervisor-idle"
        />
        <div className="sw-actions">
          <button type="submit" className="sw-btn sw-btn--primary" data-testid="save-supervisor">
            <Icon name="check" className="sw-btn__icon" />
            <span className="sw-btn__label">{t('review.settings.save')}</span>
          </button>
        </div>
      </form>
    </section>
  );
}

function PersonForm({ person, onDone }: { person: Artisan | null; onDone: () => void }) {
  const { t } = useTranslation();
  const saveArtisan = useStation((s) => s.saveArtisan);
  const roster = useStation((s) => s.station?.roster ?? []);
  const say = useStation((s) => s.say);
  const [name, setName] = useState(person?.name ?? '');
  const [badge, setBadge] = useState(person?.badge ?? '');
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Array<{ field: string; text: string }> = [];
    const cleanName = name.trim();
    const cleanBadge = badge.trim();
    if (!cleanName) errs.push({ field: 'person-name', text: t('settings.errorName') });
    if (cleanBadge && roster.some((a) => a.badge === cleanBadge && a.id !== person?.id)) errs.push({ field: 'person-badge', text: t('settings.errorBadgeTaken') });
    setErrors(errs);
    if (errs.length > 0) return;
    const artisan: Artisan = {
      id: person?.id ?? artisanIdFor(cleanName),
      name: cleanName,
      prefs: person?.prefs ?? {},
      ...(cleanBadge ? { badge: cleanBadge } : {}),
      ...(person?.photo ? { photo: person.photo } : {}),
    };
    const res = await saveArtisan(artisan);
    if (!res.ok) {
      if (res.error.code === 'BADGE_TAKEN' || res.error.code === 'DUPLICATE_BADGE') setErrors([{ field: 'person-badge', text: t('settings.errorBadgeTaken') }]);
      return;
    }
    say(t('settings.personSaved', { name: cleanName }), 'ok');
    onDone();
  };
  const err = (f: string) => errors.find((e) => e.field === f)?.text ?? null;
  return (
    <form className="sw-form sw-panel" onSubmit={(e) => void save(e)} noValidate>
      <h3 className="sw-h3" tabIndex={-1} ref={headingRef}>
        {person ? t('settings.editTitle', { name: person.name }) : t('settings.addTitle')}
      </h3>
      <ErrorSummary errors={errors} />
      <TextField id="person-name" label={t('settings.name')} value={name} maxLength={80} error={err('person-name')} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      <TextField
        id="person-badge"
        label={t('settings.badge')}
        hint={t('settings.badgeHint')}
        value={badge}
        maxLength={64}
        error={err('person-badge')}
        onChange={(e) => setBadge(e.target.value)}
        onKeyDown={(e) => {
          // A badge reader ends with Enter: keep it in this field instead of saving the form half-filled.
          if (e.key === 'Enter') e.preventDefault();
        }}
        autoComplete="off"
      />
      <div className="sw-actions">
        <button type="submit" className="sw-btn sw-btn--primary" data-testid="save-person">
          <Icon name="check" className="sw-btn__icon" />
          <span className="sw-btn__label">{t('settings.savePerson')}</span>
        </button>
        <Button icon="back" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function Roster() {
  const { t } = useTranslation();
  const roster = useStation((s) => s.station?.roster ?? []);
  const removeArtisan = useStation((s) => s.removeArtisan);
  const say = useStation((s) => s.say);
  const [editing, setEditing] = useState<Artisan | 'new' | null>(null);
  const [removing, setRemoving] = useState<Artisan | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const close = () => {
    setEditing(null);
    setTimeout(() => addRef.current?.focus(), 0);
  };
  return (
    <section className="sw-section" aria-labelledby="roster-title">
      <h2 className="sw-h2" id="roster-title">
        {t('settings.rosterTitle')}
      </h2>
      {roster.length === 0 ? <p>{t('settings.rosterEmpty')}</p> : null}
      <ul className="sw-roster">
        {roster.map((a) => (
          <li key={a.id} className="sw-roster__item">
            <div className="sw-roster__who">
              <span className="sw-roster__name">{a.name}</span>
              <span className="sw-roster__badge">{a.badge ? t('settings.badgeShown', { badge: a.badge }) : t('settings.noBadge')}</span>
            </div>
            {removing?.id === a.id ? (
              <div className="sw-confirm" role="group" aria-label={t('settings.confirmRemove', { name: a.name })}>
                <p className="sw-confirm__q">{t('settings.confirmRemove', { name: a.name })}</p>
                <p className="sw-hint">{t('settings.confirmRemoveHint')}</p>
                <div className="sw-actions">
                  <Button
                    variant="warning"
                    icon="trash"
                    onClick={() =>
                      void removeArtisan(a.id).then((ok) => {
                        setRemoving(null);
                        if (ok) say(t('settings.removed', { name: a.name }), 'ok');
                        setTimeout(() => addRef.current?.focus(), 0);
                      })
                    }
                  >
                    {t('settings.removeYes', { name: a.name })}
                  </Button>
                  <Button icon="back" onClick={() => setRemoving(null)}>
                    {t('common.cancel')}
                  </Button>
                </div>
              </div>
            ) : (
              <div className="sw-actions sw-actions--tight">
                <Button icon="pencil" onClick={() => setEditing(a)}>
                  {t('settings.edit')}
                  <VisuallyHidden> {a.name}</VisuallyHidden>
                </Button>
                <Button icon="trash" onClick={() => setRemoving(a)}>
                  {t('settings.remove')}
                  <VisuallyHidden> {a.name}</VisuallyHidden>
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing ? (
        <PersonForm key={editing === 'new' ? 'new' : editing.id} person={editing === 'new' ? null : editing} onDone={close} />
      ) : (
        <Button icon="plus" variant="primary" onClick={() => setEditing('new')} ref={addRef} data-testid="add-person">
          {t('settings.add')}
        </Button>
      )}
    </section>
  );
}

function ChangePin() {
  const { t } = useTranslation();
  const setPin = useStation((s) => s.setPin);
  const say = useStation((s) => s.say);
  const [pin, setPinValue] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Array<{ field: string; text: string }> = [];
    if (!PIN_FORMAT.test(pin)) errs.push({ field: 'new-pin', text: t('settings.errorPinFormat') });
    else if (pin !== again) errs.push({ field: 'new-pin-again', text: t('settings.errorPinMatch') });
    setErrors(errs);
    if (errs.length > 0) return;
    const res = await setPin(pin);
    if (!res.ok) return setErrors([{ field: 'new-pin', text: errorText(res.error) }]);
    setPinValue('');
    setAgain('');
    say(t('settings.pinChanged'), 'ok');
  };
  const err = (f: string) => errors.find((e) => e.field === f)?.text ?? null;
  return (
    <section className="sw-section" aria-labelledby="pin-title">
      <h2 className="sw-h2" id="pin-title">
        {t('settings.changePinTitle')}
      </h2>
      <form className="sw-form" onSubmit={(e) => void save(e)} noValidate>
        <ErrorSummary errors={errors} />
        <TextField id="new-pin" label={t('settings.newPin')} hint={t('settings.pinHint')} type="password" inputMode="numeric" autoComplete="off" maxLength={8} className="sw-input--pin" value={pin} error={err('new-pin')} onChange={(e) => setPinValue(e.target.value.replace(/\D/g, ''))} />
        <TextField id="new-pin-again" label={t('settings.pinAgain')} type="password" inputMode="numeric" autoComplete="off" maxLength={8} className="sw-input--pin" value={again} error={err('new-pin-again')} onChange={(e) => setAgain(e.target.value.replace(/\D/g, ''))} />
        <div className="sw-actions">
          <button type="submit" className="sw-btn sw-btn--secondary">
            <Icon name="lock" className="sw-btn__icon" />
            <span className="sw-btn__label">{t('settings.changePin')}</span>
          </button>
        </div>
      </form>
    </section>
  );
}

/** Settings behind the supervisor PIN: station, roster, PIN, Lock. */
export function SettingsScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const { t } = useTranslation();
  const session = useStation((s) => s.supervisor);
  const lock = useStation((s) => s.lock);
  const go = useStation((s) => s.go);
  const problems = useStation((s) => s.station?.standardProblems ?? []);
  if (!session) return <PinGate scanning={scanning} lang={lang} />;
  return (
    <>
      <ScreenHeading focusKey="settings-open" noFocus={scanning}>
        {t('settings.title')}
      </ScreenHeading>
      <div className="sw-actions">
        <Button variant="primary" icon="list" onClick={() => go('review')} data-testid="open-review">
          {t('review.openReview')}
        </Button>
        <Button icon="lock" onClick={() => void lock()} data-scan-first="" data-testid="lock">
          {t('settings.lock')}
        </Button>
        <Button icon="list" onClick={() => go('procurement')} data-testid="open-procurement">
          {t('settings.openProcurement')}
        </Button>
      </div>
      <StationForm />
      <SupervisorForm />
      <Roster />
      <ChangePin />
      {problems.length > 0 ? (
        <section className="sw-section" aria-labelledby="problems-title">
          <h2 className="sw-h2" id="problems-title">
            {t('settings.problemsTitle')}
          </h2>
          <ul className="sw-problems">
            {problems.map((p) => (
              <li key={p.file + p.message} lang="en">
                <strong>{p.file}</strong>: {p.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
