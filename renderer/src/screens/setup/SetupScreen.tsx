/**
 * First-day set-up (issue 10, docs/station-ui.md): station name and time zone → the first supervisor (setup.start) →
 * people → the shared folder → standards → Finish. Each part is its own screen whose heading takes focus. It can be
 * left and resumed: station.info says which parts are done; once a supervisor exists, going on needs their sign-in.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { Lang } from '../../i18n';
import { errorText, supervisorFailure, useStation } from '../../store';
import { useCommand, useQuery } from '../../useChannel';
import { PinGate } from '../settings/PinGate';
import { Roster } from '../settings/Roster';
import { FolderField } from './FolderField';
import { NEW_PIN, PinFields } from './PinFields';
import { TimeZoneField, timeZones } from './TimeZoneField';

type Step = 'station' | 'supervisor' | 'people' | 'share' | 'standards' | 'finish';
const ORDER: Step[] = ['station', 'supervisor', 'people', 'share', 'standards', 'finish'];
type Errors = Array<{ field: string; text: string }>;

function Heading({ step, scanning, children }: { step: Step; scanning: boolean; children: React.ReactNode }) {
  const { t } = useTranslation();
  const n = Math.min(ORDER.indexOf(step) + 1, 5);
  return (
    <>
      <p className="sw-caption" data-testid="setup-part">
        {t('setup.title')} · {t('setup.stepOf', { n })}
      </p>
      <ScreenHeading focusKey={`setup-${step}`} noFocus={scanning}>
        {children}
      </ScreenHeading>
    </>
  );
}

export function SetupScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const { t } = useTranslation();
  const station = useStation((s) => s.station);
  const session = useStation((s) => s.supervisor?.session ?? null);
  const startSetup = useStation((s) => s.startSetup);
  const refreshStation = useStation((s) => s.refreshStation);
  const say = useStation((s) => s.say);
  const go = useStation((s) => s.go);
  const lockSupervisor = useStation((s) => s.lockSupervisor);
  const clearMessages = useStation((s) => s.clearMessages);
  const steps = station?.setup.steps;
  const firstOpen: Step = steps ? (ORDER.find((s) => s !== 'finish' && !steps[s]) ?? 'finish') : 'station';
  const [step, setStep] = useState<Step>(firstOpen);
  const [name, setName] = useState(steps?.station ? (station?.settings.stationName ?? '') : '');
  const [zone, setZone] = useState(station?.settings.timeZone ?? timeZones()[0]!);
  const [supervisorName, setSupervisorName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Errors>([]);
  const { busy, run } = useCommand();
  const standards = useQuery(session && step === 'standards' ? `setup.standards:${session}` : null, () => api['standards.list']({ session: session! }));
  const err = (f: string) => errors.find((e) => e.field === f)?.text ?? null;
  const move = (to: Step) => {
    // Each part starts without the last part's message (as every new screen does).
    clearMessages();
    setErrors([]);
    setStep(to);
  };
  const confirm = (what: 'people' | 'share' | 'standards', next: Step, said?: string) =>
    run(async () => {
      if (!session) return;
      const res = await api['setup.confirm']({ session, step: what });
      if (!res.ok) return supervisorFailure(res.error);
      await refreshStation();
      if (said) say(said, 'info');
      move(next);
    });

  // A person saved a moment ago may not be in this copy of the roster yet: ask the station before saying none is.
  const goOnFromPeople = async () => {
    if ((station?.roster.length ?? 0) === 0) await refreshStation();
    if ((useStation.getState().station?.roster.length ?? 0) === 0) return setErrors([{ field: 'add-person', text: t('setup.errorPeople') }]);
    return confirm('people', 'share');
  };

  if (!station) return null;
  if (station.setup.complete) {
    return (
      <>
        <ScreenHeading focusKey="setup-complete" noFocus={scanning}>
          {t('setup.finished')}
        </ScreenHeading>
        <Button variant="primary" onClick={() => go('who')}>
          {t('who.title')}
        </Button>
      </>
    );
  }
  // A supervisor exists: set-up goes on only behind their sign-in (nobody else can claim the station).
  if (station.supervisors.length > 0 && !session) return <PinGate scanning={scanning} lang={lang} title={t('setup.signInTitle')} lead={t('setup.signInLead')} />;
  const current: Step = !session && step !== 'station' && step !== 'supervisor' ? 'station' : step;

  if (current === 'station') {
    const next = (e: React.FormEvent) => {
      e.preventDefault();
      if (!name.trim()) return setErrors([{ field: 'setup-station-name', text: t('settings.errorStationName') }]);
      move(session ? 'people' : 'supervisor');
      if (session) void run(async () => {
        const res = await api['settings.update']({ session, settings: { stationName: name.trim(), timeZone: zone } });
        if (!res.ok) supervisorFailure(res.error);
        await refreshStation();
      });
    };
    return (
      <>
        <Heading step="station" scanning={scanning}>{t('setup.stationTitle')}</Heading>
        <ErrorSummary errors={errors} />
        <p className="sw-lead">{t('setup.stationLead')}</p>
        <form className="sw-form" onSubmit={next} noValidate>
          <TextField id="setup-station-name" label={t('setup.stationName')} hint={t('setup.stationNameHint')} value={name} maxLength={80} autoComplete="off" error={err('setup-station-name')} onChange={(e) => setName(e.target.value)} />
          <TimeZoneField value={zone} onChange={setZone} />
          <div className="sw-actions">
            <Button type="submit" variant="primary" big icon="play" data-testid="setup-next" data-scan-first="">
              {t('setup.next')}
            </Button>
          </div>
        </form>
      </>
    );
  }

  if (current === 'supervisor') {
    const save = (e: React.FormEvent) => {
      e.preventDefault();
      const errs: Errors = [];
      if (!supervisorName.trim()) errs.push({ field: 'setup-supervisor-name', text: t('setup.errorSupervisorName') });
      if (!NEW_PIN.test(pin)) errs.push({ field: 'setup-pin', text: t('setup.errorPinFormat') });
      else if (pin !== again) errs.push({ field: 'setup-pin-again', text: t('setup.errorPinMatch') });
      setErrors(errs);
      if (errs.length > 0) return;
      void run(async () => {
        const res = await startSetup({ stationName: name.trim(), timeZone: zone, supervisorName: supervisorName.trim(), pin });
        setPin('');
        setAgain('');
        if (!res.ok) return setErrors([{ field: 'setup-supervisor-name', text: errorText(res.error) }]);
        move('people');
        say(t('setup.supervisorSaved', { name: supervisorName.trim() }), 'ok');
      });
    };
    return (
      <>
        <Heading step="supervisor" scanning={scanning}>{t('setup.supervisorTitle')}</Heading>
        <ErrorSummary errors={errors} />
        <p className="sw-lead">{t('setup.supervisorLead')}</p>
        <form className="sw-form" onSubmit={save} noValidate>
          <TextField id="setup-supervisor-name" label={t('setup.supervisorName')} value={supervisorName} maxLength={80} autoComplete="off" error={err('setup-supervisor-name')} onChange={(e) => setSupervisorName(e.target.value)} />
          <PinFields
            fields={[
              { id: 'setup-pin', label: t('setup.pin'), hint: t('setup.pinHint'), value: pin, onChange: setPin, error: err('setup-pin') },
              { id: 'setup-pin-again', label: t('setup.pinAgain'), value: again, onChange: setAgain, error: err('setup-pin-again') },
            ]}
          />
          <div className="sw-actions">
            <Button type="submit" variant="primary" big icon="check" aria-disabled={busy} data-testid="setup-save-supervisor">
              {t('setup.saveSupervisor')}
            </Button>
            <Button icon="back" onClick={() => move('station')}>
              {t('setup.back')}
            </Button>
          </div>
        </form>
      </>
    );
  }

  if (current === 'people') {
    return (
      <>
        <Heading step="people" scanning={scanning}>{t('setup.peopleTitle')}</Heading>
        <ErrorSummary errors={errors} />
        <p className="sw-lead">{t('setup.peopleLead')}</p>
        <Roster />
        <div className="sw-actions">
          <Button
            variant="primary"
            big
            icon="play"
            data-testid="setup-people-done"
            onClick={() => void goOnFromPeople()}
          >
            {t('setup.peopleNext')}
          </Button>
        </div>
      </>
    );
  }

  if (current === 'share') {
    return (
      <>
        <Heading step="share" scanning={scanning}>{t('setup.shareTitle')}</Heading>
        <p className="sw-lead">{t('setup.shareLead')}</p>
        <FolderField onSaved={() => move('standards')} />
        <div className="sw-actions">
          <Button icon="skip" onClick={() => void confirm('share', 'standards', t('setup.shareSkipped'))} data-testid="setup-no-share">
            {t('setup.noShare')}
          </Button>
        </div>
      </>
    );
  }

  if (current === 'standards') {
    const list = (standards.data ?? []).filter((s) => s.state === 'current' || s.state === 'upcoming');
    return (
      <>
        <Heading step="standards" scanning={scanning}>{t('setup.standardsTitle')}</Heading>
        <p className="sw-lead">{list.length > 0 ? t('setup.standardsLead') : standards.loading ? t('setup.checking') : t('setup.standardsNone')}</p>
        <ul className="sw-problems" data-testid="setup-standards">
          {list.map((s) => (
            <li key={s.hash} lang={lang === 'hi' && s.title.hi ? 'hi' : 'en'}>
              {lang === 'hi' && s.title.hi ? s.title.hi : s.title.en}
            </li>
          ))}
        </ul>
        <div className="sw-actions">
          <Button variant="primary" big icon="play" onClick={() => void confirm('standards', 'finish')} data-testid="setup-standards-done">
            {t('setup.standardsNext')}
          </Button>
        </div>
      </>
    );
  }

  const finish = () =>
    run(async () => {
      if (!session) return;
      const res = await api['setup.finish']({ session });
      if (!res.ok) return res.error.code === 'SUPERVISOR_REQUIRED' ? supervisorFailure(res.error) : setErrors([{ field: 'setup-finish', text: res.error.message }]);
      await refreshStation();
      // The supervisor of set-up is signed out, at the station too: the next person here finds the artisans' screen.
      await lockSupervisor('setup');
    });
  const parts: Array<[keyof NonNullable<typeof steps>, string]> = [
    ['station', t('setup.stationTitle')],
    ['supervisor', t('setup.supervisorTitle')],
    ['people', t('setup.peopleTitle')],
    ['share', t('setup.shareTitle')],
    ['standards', t('setup.standardsTitle')],
  ];
  return (
    <>
      <Heading step="finish" scanning={scanning}>{t('setup.finishTitle')}</Heading>
      <ErrorSummary errors={errors} />
      <p className="sw-lead">{t('setup.finishLead')}</p>
      <ul className="sw-roster" data-testid="setup-parts">
        {parts.map(([key, label]) => {
          // A shared folder passed over is not "done": it says so, and where to set it later.
          const state = !steps?.[key] ? 'to-do' : key === 'share' && !station?.settings.sharePath ? 'skipped' : 'done';
          return (
            <li key={key} className="sw-roster__item" data-part={key} data-state={state}>
              <span className="sw-roster__name">{label}</span>
              <span>{state === 'to-do' ? t('setup.stepToDo') : state === 'skipped' ? t('setup.stepSkipped') : t('setup.stepDone')}</span>
            </li>
          );
        })}
      </ul>
      <div className="sw-actions">
        <Button id="setup-finish" variant="primary" big icon="check" onClick={() => void finish()} data-testid="setup-finish">
          {t('setup.finish')}
        </Button>
      </div>
    </>
  );
}
