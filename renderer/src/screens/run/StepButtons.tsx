import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';

/** The forms that the action bar's Done / Save note / Save the reason submit (`form` attribute): the bar is outside them. */
export const NOTE_FORM = 'note-form';
export const MEASURE_FORM = 'measure-form';
export const REASON_FORM = 'reason-form';

/**
 * The step's primary action (Done, Save note, Save the reason, Finish), shown in the action bar. A form's submit
 * button names its form (`form`), since the bar is outside it. Switch scanning starts on it unless the step has
 * its own first control (the number pad, the options, the reasons).
 */
export function DoneButton({
  onClick,
  label,
  form,
  id,
  scanFirst = true,
  testId = 'done',
}: {
  onClick?: () => void;
  label?: string;
  form?: string;
  id?: string;
  scanFirst?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <button
      type={form ? 'submit' : 'button'}
      form={form}
      id={id}
      className="sw-btn sw-btn--primary sw-btn--done"
      onClick={onClick}
      data-testid={testId}
      {...(scanFirst ? { 'data-scan-first': '' } : {})}
    >
      <Icon name="check" className="sw-btn__icon" />
      <span className="sw-btn__label">{label ?? t('run.done')}</span>
    </button>
  );
}

export function SkipButton({ onSkip, scanFirst }: { onSkip: () => void; scanFirst?: boolean }) {
  const { t } = useTranslation();
  return (
    <Button icon="skip" onClick={onSkip} data-testid="skip" {...(scanFirst ? { 'data-scan-first': '' } : {})}>
      {t('note.skip')}
    </Button>
  );
}
