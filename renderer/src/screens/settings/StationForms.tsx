/** The station's name, time zone and defaults (settings.update), and when supervisor screens lock themselves. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { type EffectivePrefs, effectivePrefs } from '../../prefs';
import { DEFAULT_IDLE_MINUTES, useStation } from '../../store';
import { PrefsFields } from '../MySettings';
import { TimeZoneField, timeZones } from '../setup/TimeZoneField';
import { Button } from '../../components/Button';

export function StationForm() {
  const { t } = useTranslation();
  const settings = useStation((s) => s.station?.settings);
  const update = useStation((s) => s.updateSettings);
  const say = useStation((s) => s.say);
  const [name, setName] = useState(settings?.stationName ?? '');
  const [zone, setZone] = useState(settings?.timeZone ?? timeZones()[0]!);
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
    if (await update({ stationName: name.trim(), timeZone: zone, ...prefs })) say(t('settings.stationSaved'), 'ok');
  };
  return (
    <section className="sw-section" aria-labelledby="station-title">
      <h2 className="sw-h2" id="station-title">
        {t('settings.stationTitle')}
      </h2>
      <form className="sw-form sw-settings" onSubmit={(e) => void save(e)} noValidate>
        <TextField id="station-name" label={t('settings.stationName')} value={name} maxLength={80} error={error} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        <TimeZoneField value={zone} onChange={setZone} />
        <PrefsFields value={prefs} onChange={setPrefs} t={t} idPrefix="station" />
        <div className="sw-actions">
          <Button type="submit" variant="primary" icon="check" data-testid="save-station">
            {t('settings.saveStation')}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** When supervisor screens lock themselves (each supervisor's name is in Supervisors). */
export function SupervisorForm() {
  const { t } = useTranslation();
  const settings = useStation((s) => s.station?.settings);
  const update = useStation((s) => s.updateSettings);
  const say = useStation((s) => s.say);
  const [minutes, setMinutes] = useState(String(settings?.supervisorIdleMinutes ?? DEFAULT_IDLE_MINUTES));
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Array<{ field: string; text: string }> = [];
    const n = Number(minutes.trim());
    if (!/^\d{1,2}$/.test(minutes.trim()) || n < 1 || n > 30) errs.push({ field: 'supervisor-idle', text: t('review.settings.errorIdle') });
    setErrors(errs);
    if (errs.length > 0) return;
    if (await update({ supervisorIdleMinutes: n })) say(t('review.settings.saved'), 'ok');
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
          <Button type="submit" variant="primary" icon="check" data-testid="save-supervisor">
            {t('review.settings.save')}
          </Button>
        </div>
      </form>
    </section>
  );
}
