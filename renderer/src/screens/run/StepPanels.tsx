/** The answer panels of a choice, a note and a plain tick (a measurement has its own file). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { ErrorSummary } from '../../components/ErrorSummary';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { Step } from '../../contract';
import { type Lang, localized } from '../../i18n';
import { useStation } from '../../store';
import { DoneButton, MEASURE_FORM, NOTE_FORM, SkipButton } from './StepButtons';
import { type KeptNote, SpokenNote, toBase64 } from '../../voice/SpokenNote';
import { SPOKEN_NOTE_DEFAULT_MAX_SECONDS } from '../../../../electron/contract/limits';

/** The longest spoken note the run's standard allows, in seconds. */
export function spokenNoteLimit(doc: { spokenNoteMaxSeconds?: number | undefined } | null | undefined): number {
  return doc?.spokenNoteMaxSeconds ?? SPOKEN_NOTE_DEFAULT_MAX_SECONDS;
}

export function ChoicePanel({ step, lang, n, onSkip }: { step: Extract<Step, { kind: 'choice' }>; lang: Lang; n: number; onSkip?: () => void }) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  const choose = (value: string, label: string) =>
    void runCommand(
      (ids) => api['runs.choose']({ ...ids, stepId: step.id, option: value }),
      (v) => {
        const rec = v.steps.find((s) => s.id === step.id);
        return rec?.acceptable === false ? { text: t('reason.chosenNotRight', { value: label }), tone: 'warn', quiet: true } : { text: t('run.stepDone', { n }), tone: 'ok' };
      },
    );
  return (
    <fieldset className="sw-fieldset sw-choices">
      <legend className="sw-legend sw-legend--l">{t('run.choiceLegend')}</legend>
      <ul className="sw-choices__list">
        {step.options.map((o, i) => {
          const label = localized(o.label, lang);
          return (
            <li key={o.value}>
              <button
                type="button"
                className="sw-btn sw-btn--choice"
                onClick={() => choose(o.value, label.text)}
                lang={label.lang}
                data-testid={`option-${o.value}`}
                {...(i === 0 ? { 'data-scan-first': '' } : {})}
              >
                <span className="sw-btn__label">{label.text}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {onSkip ? <SkipButton onSkip={onSkip} /> : null}
    </fieldset>
  );
}

export function NotePanel({ step, n }: { step: Extract<Step, { kind: 'note' }>; n: number }) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  const doc = useStation((s) => s.standard);
  const [text, setText] = useState('');
  const [spoken, setSpoken] = useState<KeptNote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const skip = () => void runCommand((ids) => api['runs.skip']({ ...ids, stepId: step.id }), () => ({ text: t('run.stepSkipped', { n }), tone: 'ok' }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value && !spoken) {
      // A required note cannot be empty: say so, in the error summary (which takes focus), and record nothing.
      if (step.required) {
        setError(t('run.mustDo'));
        setAttempt((a) => a + 1);
        return;
      }
      // An optional note left empty: no note is recorded and the step is done, not skipped (Skip says skipped).
      void runCommand((ids) => api['runs.note']({ ...ids, stepId: step.id, text: '' }), () => ({ text: t('note.nothingNoted', { n }), tone: 'ok' }));
      return;
    }
    const audio = spoken ? { audio: { data: toBase64(spoken.bytes), type: spoken.type, durationMs: spoken.durationMs } } : {};
    void runCommand((ids) => api['runs.note']({ ...ids, stepId: step.id, text: value, ...audio }), () => ({ text: t('note.noted', { n }), tone: 'ok' }));
  };
  return (
    <form className="sw-form" id={NOTE_FORM} onSubmit={submit} noValidate>
      <ErrorSummary errors={error ? [{ field: 'note-input', text: error }] : []} attempt={attempt} />
      <div className={`sw-field${error ? ' sw-field--error' : ''}`}>
        <label className="sw-label sw-label--l" htmlFor="note-input">
          {t('note.label')}
        </label>
        {!step.required ? (
          <p className="sw-hint" id="note-hint">
            {t('note.hint')}
          </p>
        ) : null}
        {error ? (
          <p className="sw-error-message" id="note-error">
            <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
            {error}
          </p>
        ) : null}
        <textarea
          id="note-input"
          className="sw-textarea"
          rows={3}
          maxLength={2000}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setError(null);
          }}
          aria-describedby={[!step.required ? 'note-hint' : '', error ? 'note-error' : ''].filter(Boolean).join(' ') || undefined}
        />
      </div>
      <SpokenNote id="note-spoken" maxSeconds={spokenNoteLimit(doc)} kept={spoken} onKeep={setSpoken} />
      {!step.required ? (
        <div className="sw-actions">
          <SkipButton onSkip={skip} />
        </div>
      ) : null}
    </form>
  );
}

/** The primary action of a step, for the action bar: Done (a tick records here), Save note, or none (a choice). */
export function PrimaryAction({ step, n }: { step: Step; n: number }) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  if (step.kind === 'tick')
    return <DoneButton onClick={() => void runCommand((ids) => api['runs.tick']({ ...ids, stepId: step.id }), () => ({ text: t('run.stepDone', { n }), tone: 'ok' }))} />;
  if (step.kind === 'measurement') return <DoneButton form={MEASURE_FORM} scanFirst={false} />;
  if (step.kind === 'note') return <DoneButton form={NOTE_FORM} label={t('note.save')} testId="save-note" />;
  return null;
}

/** A tick step's body: Done is in the action bar; Skip (when the step may be skipped) stays with the step. */
export function TickPanel({ onSkip }: { onSkip?: () => void }) {
  return onSkip ? (
    <div className="sw-actions">
      <SkipButton onSkip={onSkip} />
    </div>
  ) : null;
}
