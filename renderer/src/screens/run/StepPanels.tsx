/** The answer panels of a choice, a note and a plain tick (a measurement has its own file). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { Step } from '../../contract';
import { type Lang, localized } from '../../i18n';
import { useStation } from '../../store';
import { DoneButton, SkipButton } from './StepButtons';

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
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const skip = () => void runCommand((ids) => api['runs.skip']({ ...ids, stepId: step.id }), () => ({ text: t('run.stepSkipped', { n }), tone: 'ok' }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) {
      if (!step.required) return skip();
      setError(t('run.mustDo'));
      return;
    }
    void runCommand((ids) => api['runs.note']({ ...ids, stepId: step.id, text: value }), () => ({ text: t('note.noted', { n }), tone: 'ok' }));
  };
  return (
    <form className="sw-form" onSubmit={submit} noValidate>
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
          <p className="sw-error-message" id="note-error" role="alert">
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
          onChange={(e) => setText(e.target.value)}
          aria-describedby={[!step.required ? 'note-hint' : '', error ? 'note-error' : ''].filter(Boolean).join(' ') || undefined}
        />
      </div>
      <div className="sw-actions">
        <DoneButton type="submit" label={t('note.save')} testId="save-note" />
        {!step.required ? <SkipButton onSkip={skip} /> : null}
      </div>
    </form>
  );
}

export function TickPanel({ step, n, onSkip }: { step: Step; n: number; onSkip?: () => void }) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  return (
    <div className="sw-actions">
      <DoneButton onClick={() => void runCommand((ids) => api['runs.tick']({ ...ids, stepId: step.id }), () => ({ text: t('run.stepDone', { n }), tone: 'ok' }))} />
      {onSkip ? <SkipButton onSkip={onSkip} /> : null}
    </div>
  );
}
