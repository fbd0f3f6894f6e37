import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { Lang } from '../../i18n';
import { errorText, useStation } from '../../store';
import { PIN_FORMAT, PinGate } from './PinGate';
import { Roster } from './Roster';
import { StationForm, SupervisorForm } from './StationForms';

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
          <Button type="submit" variant="secondary" icon="lock">
            {t('settings.changePin')}
          </Button>
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
