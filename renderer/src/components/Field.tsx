import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { VisuallyHidden } from './VisuallyHidden';

/** A labelled text input with hint and error message, GOV.UK style. */
export const TextField = forwardRef<
  HTMLInputElement,
  { id: string; label: React.ReactNode; hint?: React.ReactNode; error?: string | null; labelClass?: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'id'>
>(function TextField({ id, label, hint, error, labelClass, className, ...rest }, ref) {
  const { t } = useTranslation();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`sw-field${error ? ' sw-field--error' : ''}`}>
      <label className={labelClass ?? 'sw-label'} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="sw-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="sw-error-message" id={`${id}-error`}>
          <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
          {error}
        </p>
      ) : null}
      <input ref={ref} id={id} className={`sw-input${className ? ` ${className}` : ''}`} aria-describedby={describedBy} aria-invalid={error ? true : undefined} {...rest} />
    </div>
  );
});
