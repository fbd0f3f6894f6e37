import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';

export function DoneButton({ onClick, label, type = 'button', testId = 'done' }: { onClick?: () => void; label?: string; type?: 'button' | 'submit'; testId?: string }) {
  const { t } = useTranslation();
  return (
    <button type={type} className="sw-btn sw-btn--primary sw-btn--done" onClick={onClick} data-scan-first="" data-testid={testId}>
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
