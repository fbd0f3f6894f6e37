import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { RadioGroup } from '../../components/RadioGroup';
import type { StandardDocument, Step } from '../../contract';
import { reasonsForStep } from '../../../../electron/contract/step-reasons';
import { type Lang, localized } from '../../i18n';
import { DoneButton, REASON_FORM } from './StepButtons';

/** Reasons from the standard (the step's own list, or all of them) as large radios; nothing to type. */
export function ReasonForm({
  doc,
  step,
  lang,
  legend,
  errorNone,
  intro,
  onSave,
  onCancel,
  children,
}: {
  doc: StandardDocument;
  step?: Step;
  lang: Lang;
  legend: string;
  /** What to say when Save is pressed with no reason chosen (in the error summary and at the reasons). */
  errorNone?: string;
  intro?: React.ReactNode;
  onSave: (code: string) => void;
  onCancel?: () => void;
  /** Below the reasons (a spoken note, when the artisan cannot do the step). */
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    // No reason, no record: the error summary takes focus and links to the first reason (GOV.UK pattern).
    if (!choice) {
      setError(errorNone ?? t('reason.errorNone'));
      setAttempt((a) => a + 1);
      return;
    }
    onSave(choice);
  };
  return (
    <form className="sw-form" id={REASON_FORM} onSubmit={submit} noValidate>
      <ErrorSummary errors={error ? [{ field: 'reason-field', text: error }] : []} attempt={attempt} />
      {intro}
      <RadioGroup
        legend={legend}
        legendClass="sw-legend sw-legend--l"
        name="reason"
        value={choice}
        onChange={(v) => {
          setChoice(v);
          setError(null);
        }}
        error={error}
        scanNextId={SAVE_REASON_ID}
        options={reasonsForStep(doc, step).map((r) => {
          const label = localized(r.label, lang);
          return { value: r.code, label: label.text, lang: label.lang };
        })}
      />
      {children}
      {onCancel ? (
        <div className="sw-actions">
          <Button icon="back" onClick={onCancel}>
            {t('reason.backToStep')}
          </Button>
        </div>
      ) : null}
    </form>
  );
}

const SAVE_REASON_ID = 'save-reason';

/** Save the reason, in the action bar (outside the form, so it names it); the reasons come first when scanning. */
export function SaveReasonButton() {
  const { t } = useTranslation();
  return <DoneButton form={REASON_FORM} id={SAVE_REASON_ID} label={t('reason.save')} testId="save-reason" scanFirst={false} />;
}
