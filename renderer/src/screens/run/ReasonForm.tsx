import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { RadioGroup } from '../../components/RadioGroup';
import type { StandardDocument } from '../../contract';
import { type Lang, localized } from '../../i18n';

/** Reasons from the standard as large radios; nothing to type. */
export function ReasonForm({
  doc,
  lang,
  legend,
  intro,
  onSave,
  onCancel,
}: {
  doc: StandardDocument;
  lang: Lang;
  legend: string;
  intro?: React.ReactNode;
  onSave: (code: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saveId = useId().replace(/:/g, '');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!choice) {
      setError(t('reason.errorNone'));
      document.getElementById('reason-field')?.focus();
      return;
    }
    onSave(choice);
  };
  return (
    <form className="sw-form" onSubmit={submit} noValidate>
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
        scanNextId={`save-${saveId}`}
        options={doc.reasonCodes.map((r) => {
          const label = localized(r.label, lang);
          return { value: r.code, label: label.text, lang: label.lang };
        })}
      />
      <div className="sw-actions">
        <button type="submit" id={`save-${saveId}`} className="sw-btn sw-btn--primary sw-btn--done" data-testid="save-reason">
          <Icon name="check" className="sw-btn__icon" />
          <span className="sw-btn__label">{t('reason.save')}</span>
        </button>
        {onCancel ? (
          <Button icon="back" onClick={onCancel}>
            {t('reason.backToStep')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
