/** Settings → Supervisors: add (name + PIN twice), rename, remove (never the last: the core says so), change my own PIN. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { SupervisorRef } from '../../contract';
import { errorText, supervisorFailure, useStation } from '../../store';
import { useCommand } from '../../useChannel';
import { NEW_PIN, PinFields } from '../setup/PinFields';
import { focusMyPinIfAsked, MY_NEW_PIN_FIELD } from './RenewPin';

type Errors = Array<{ field: string; text: string }>;

function AddSupervisor({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const session = useStation((s) => s.supervisor?.session ?? null);
  const refreshStation = useStation((s) => s.refreshStation);
  const say = useStation((s) => s.say);
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Errors>([]);
  const { run } = useCommand();
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Errors = [];
    if (!name.trim()) errs.push({ field: 'new-supervisor-name', text: t('setup.errorSupervisorName') });
    if (!NEW_PIN.test(pin)) errs.push({ field: 'new-supervisor-pin', text: t('setup.errorPinFormat') });
    else if (pin !== again) errs.push({ field: 'new-supervisor-pin-again', text: t('setup.errorPinMatch') });
    setErrors(errs);
    if (errs.length > 0 || !session) return;
    void run(async () => {
      const res = await api['supervisors.save']({ session, supervisor: { name: name.trim(), pin } });
      setPin('');
      setAgain('');
      if (!res.ok) return res.error.code === 'SUPERVISOR_REQUIRED' ? supervisorFailure(res.error) : setErrors([{ field: 'new-supervisor-name', text: res.error.message }]);
      await refreshStation();
      say(t('settings.personSaved', { name: name.trim() }), 'ok');
      onDone();
    });
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.text ?? null;
  return (
    <form className="sw-form sw-panel" onSubmit={save} noValidate>
      <h3 className="sw-h3">{t('setup.addSupervisor')}</h3>
      <ErrorSummary errors={errors} />
      <TextField id="new-supervisor-name" label={t('setup.supervisorName')} value={name} maxLength={80} autoComplete="off" error={err('new-supervisor-name')} onChange={(e) => setName(e.target.value)} />
      <PinFields
        fields={[
          { id: 'new-supervisor-pin', label: t('setup.pin'), hint: t('setup.pinHint'), value: pin, onChange: setPin, error: err('new-supervisor-pin') },
          { id: 'new-supervisor-pin-again', label: t('setup.pinAgain'), value: again, onChange: setAgain, error: err('new-supervisor-pin-again') },
        ]}
      />
      <div className="sw-actions">
        <Button type="submit" variant="primary" icon="check" data-testid="save-new-supervisor">
          {t('setup.saveSupervisor')}
        </Button>
        <Button icon="back" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function SupervisorRow({ who, me }: { who: SupervisorRef; me: boolean }) {
  const { t } = useTranslation();
  const session = useStation((s) => s.supervisor?.session ?? null);
  const refreshStation = useStation((s) => s.refreshStation);
  const say = useStation((s) => s.say);
  const [mode, setMode] = useState<'view' | 'rename' | 'remove'>('view');
  const [name, setName] = useState(who.name);
  const [error, setError] = useState<string | null>(null);
  const { run } = useCommand();
  const act = (call: () => Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>, said: string) =>
    run(async () => {
      const res = await call();
      if (!res.ok) return res.error.code === 'SUPERVISOR_REQUIRED' ? supervisorFailure(res.error) : setError(res.error.message);
      setError(null);
      setMode('view');
      await refreshStation();
      say(said, 'ok');
    });
  const idBase = `supervisor-${who.id}`;
  return (
    <li className="sw-roster__item" data-testid={`supervisor-row-${who.name}`}>
      <div className="sw-roster__who">
        <span className="sw-roster__name">
          {who.name} {me ? t('setup.you') : null}
        </span>
        {error ? (
          <p className="sw-field__error" role="alert" data-testid="supervisor-error">
            {error}
          </p>
        ) : null}
      </div>
      {mode === 'rename' && session ? (
        <form
          className="sw-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return setError(t('setup.errorSupervisorName'));
            void act(() => api['supervisors.save']({ session, supervisor: { id: who.id, name: name.trim() } }), t('setup.renamed'));
          }}
        >
          <TextField id={`${idBase}-name`} label={t('setup.newName')} value={name} maxLength={80} autoComplete="off" onChange={(e) => setName(e.target.value)} />
          <div className="sw-actions">
            <Button type="submit" variant="primary" icon="check">
              {t('setup.saveName')}
            </Button>
            <Button icon="back" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : mode === 'remove' && session ? (
        <div className="sw-confirm" role="group" aria-label={t('setup.confirmRemove', { name: who.name })}>
          <p className="sw-confirm__q">{t('setup.confirmRemove', { name: who.name })}</p>
          <div className="sw-actions">
            <Button variant="warning" icon="trash" onClick={() => void act(() => api['supervisors.remove']({ session, supervisorId: who.id }), t('setup.removed', { name: who.name }))} data-testid="remove-supervisor-yes">
              {t('settings.removeYes', { name: who.name })}
            </Button>
            <Button icon="back" onClick={() => setMode('view')}>
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : (
        <div className="sw-actions sw-actions--tight">
          <Button icon="pencil" onClick={() => setMode('rename')}>
            {t('setup.rename')}
            <VisuallyHidden> {who.name}</VisuallyHidden>
          </Button>
          <Button icon="trash" onClick={() => setMode('remove')} data-testid={`remove-supervisor-${who.name}`}>
            {t('settings.remove')}
            <VisuallyHidden> {who.name}</VisuallyHidden>
          </Button>
        </div>
      )}
    </li>
  );
}

function MyPin() {
  const { t } = useTranslation();
  const changePin = useStation((s) => s.changePin);
  const say = useStation((s) => s.say);
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [errors, setErrors] = useState<Errors>([]);
  const { run } = useCommand();
  // Asked for from the notice of a PIN below the rule (RenewPin.tsx): after the screen's heading took focus.
  useEffect(focusMyPinIfAsked, []);
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Errors = [];
    if (!NEW_PIN.test(pin)) errs.push({ field: MY_NEW_PIN_FIELD, text: t('setup.errorPinFormat') });
    else if (pin !== again) errs.push({ field: 'new-pin-again', text: t('setup.errorPinMatch') });
    setErrors(errs);
    if (errs.length > 0) return;
    void run(async () => {
      const res = await changePin(pin);
      setPin('');
      setAgain('');
      if (!res.ok) return res.error.code === 'SUPERVISOR_REQUIRED' ? supervisorFailure(res.error) : setErrors([{ field: MY_NEW_PIN_FIELD, text: errorText(res.error) }]);
      say(t('setup.pinSaved'), 'ok');
    });
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.text ?? null;
  return (
    <form className="sw-form" onSubmit={save} noValidate>
      <h3 className="sw-h3">{t('setup.myPinTitle')}</h3>
      <ErrorSummary errors={errors} />
      <PinFields
        fields={[
          { id: MY_NEW_PIN_FIELD, label: t('setup.newPin'), hint: t('setup.pinHint'), value: pin, onChange: setPin, error: err(MY_NEW_PIN_FIELD) },
          { id: 'new-pin-again', label: t('setup.pinAgain'), value: again, onChange: setAgain, error: err('new-pin-again') },
        ]}
      />
      <div className="sw-actions">
        <Button type="submit" variant="secondary" icon="lock" data-testid="save-my-pin">
          {t('setup.savePin')}
        </Button>
      </div>
    </form>
  );
}

export function Supervisors() {
  const { t } = useTranslation();
  const supervisors = useStation((s) => s.station?.supervisors ?? []);
  const me = useStation((s) => s.supervisor?.who?.id ?? null);
  const [adding, setAdding] = useState(false);
  return (
    <section className="sw-section" aria-labelledby="supervisors-title">
      <h2 className="sw-h2" id="supervisors-title">
        {t('setup.supervisorsTitle')}
      </h2>
      <ul className="sw-roster">
        {supervisors.map((s) => (
          <SupervisorRow key={s.id} who={s} me={s.id === me} />
        ))}
      </ul>
      {adding ? (
        <AddSupervisor onDone={() => setAdding(false)} />
      ) : (
        <Button icon="plus" variant="primary" onClick={() => setAdding(true)} data-testid="add-supervisor">
          {t('setup.addSupervisor')}
        </Button>
      )}
      {me ? <MyPin /> : null}
    </section>
  );
}
