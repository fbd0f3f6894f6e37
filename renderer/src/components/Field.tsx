import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { VisuallyHidden } from './VisuallyHidden';

/** The ids a field's control is described by: its hint and its error message, when shown. */
export function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/**
 * A field, GOV.UK style: label, hint, error message (ids `<id>-hint`, `<id>-error`), then its control (children).
 * The control takes `id` and `aria-describedby={describedBy(id, …)}`.
 */
export function Field({ id, label, hint, error, labelClass, children }: { id: string; label: React.ReactNode; hint?: React.ReactNode; error?: string | null; labelClass?: string; children: React.ReactNode }) {
  const { t } = useTranslation();
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
      {children}
    </div>
  );
}

/** A labelled text input with hint and error message, GOV.UK style. */
export const TextField = forwardRef<
  HTMLInputElement,
  { id: string; label: React.ReactNode; hint?: React.ReactNode; error?: string | null; labelClass?: string } & Omit<React.InputHTMLAttributes<HTMLInputElement>, 'id'>
>(function TextField({ id, label, hint, error, labelClass, className, ...rest }, ref) {
  return (
    <Field id={id} label={label} hint={hint} error={error} labelClass={labelClass}>
      <input ref={ref} id={id} className={`sw-input${className ? ` ${className}` : ''}`} aria-describedby={describedBy(id, !!hint, !!error)} aria-invalid={error ? true : undefined} {...rest} />
    </Field>
  );
});
