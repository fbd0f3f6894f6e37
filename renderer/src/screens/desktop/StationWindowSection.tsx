/**
 * Settings → Station window (issue 15, item 1), supervisor only: normal window, full screen or kiosk; start at login;
 * the menu hidden for artisans; the screen kept awake while a run is open; the alert sound. Only in the desktop app
 * (kiosk.get answers "not available" in the browser harness, and the section is not shown). Leaving kiosk or full
 * screen is this form, behind the supervisor PIN.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { RadioGroup } from '../../components/RadioGroup';
import type { KioskPrefs } from '../../contract';
import { errorText, supervisorFailure, useStation } from '../../store';

const CHECKS = ['startAtLogin', 'hideMenu', 'keepAwake', 'alertSound'] as const;

export function StationWindowSection() {
  const { t } = useTranslation();
  const session = useStation((s) => s.supervisor?.session ?? null);
  const say = useStation((s) => s.say);
  const [prefs, setPrefs] = useState<KioskPrefs | null>(null);
  const [awake, setAwake] = useState(false);
  useEffect(() => {
    let live = true;
    void api['kiosk.get']({}).then((res) => {
      if (live && res.ok && res.value.available) {
        const { available: _a, screenKeptAwake, ...p } = res.value;
        setPrefs(p);
        setAwake(screenKeptAwake);
      }
    });
    return () => {
      live = false;
    };
  }, []);
  if (!prefs || !session) return null;
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const res = await api['kiosk.set']({ session, prefs });
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED') return supervisorFailure(res.error);
      say(errorText(res.error), 'error');
      return;
    }
    if (res.value.available) setAwake(res.value.screenKeptAwake);
    say(t('desktop.windowSaved'), 'ok');
  };
  return (
    <section className="sw-section" aria-labelledby="window-title" data-testid="station-window">
      <h2 className="sw-h2" id="window-title">
        {t('desktop.windowTitle')}
      </h2>
      <form className="sw-form" onSubmit={(e) => void save(e)} noValidate>
        <RadioGroup<KioskPrefs['mode']>
          legend={t('desktop.mode')}
          name="window-mode"
          value={prefs.mode}
          onChange={(mode) => setPrefs({ ...prefs, mode })}
          hint={t('desktop.modeHint')}
          options={(['window', 'fullscreen', 'kiosk'] as const).map((m) => ({ value: m, label: t(`desktop.modes.${m}`) }))}
        />
        <div className="sw-checks">
          {CHECKS.map((k) => (
            <div className="sw-check" key={k}>
              <input className="sw-check__input" type="checkbox" id={`window-${k}`} checked={prefs[k]} onChange={(e) => setPrefs({ ...prefs, [k]: e.target.checked })} data-testid={`window-${k}`} />
              <label className="sw-check__label" htmlFor={`window-${k}`}>
                {t(`desktop.checks.${k}`)}
              </label>
            </div>
          ))}
        </div>
        <p className="sw-hint" data-testid="screen-awake">
          {awake ? t('desktop.awakeNow') : t('desktop.sleepAllowed')}
        </p>
        <div className="sw-actions">
          <Button type="submit" variant="primary" icon="check" data-testid="save-window">
            {t('desktop.saveWindow')}
          </Button>
        </div>
      </form>
    </section>
  );
}
