import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { VisuallyHidden } from './VisuallyHidden';

export type RadioOption<V extends string | number> = { value: V; label: React.ReactNode; hint?: React.ReactNode; lang?: string };

/** A GOV.UK-style radio group: fieldset + legend, large radios with their labels. */
export function RadioGroup<V extends string | number>({
  legend,
  name,
  options,
  value,
  onChange,
  error,
  hint,
  legendClass,
  inline,
  scanNextId,
}: {
  legend: React.ReactNode;
  name: string;
  options: RadioOption<V>[];
  value: V | null | undefined;
  onChange: (v: V) => void;
  error?: string | null;
  hint?: React.ReactNode;
  legendClass?: string;
  inline?: boolean;
  /** With switch scanning: after choosing, the highlight moves to this element (e.g. the Save button). */
  scanNextId?: string;
}) {
  const id = useId();
  const { t } = useTranslation();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`sw-field${error ? ' sw-field--error' : ''}`}>
      <fieldset className="sw-fieldset" aria-describedby={describedBy}>
        <legend className={legendClass ?? 'sw-legend'}>{legend}</legend>
        {hint ? (
          <p className="sw-hint" id={hintId}>
            {hint}
          </p>
        ) : null}
        {error ? (
          <p className="sw-error-message" id={errorId}>
            <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
            {error}
          </p>
        ) : null}
        <div className={`sw-radios${inline ? ' sw-radios--inline' : ''}`}>
          {options.map((o, i) => {
            const optionId = i === 0 ? `${name}-field` : `${name}-${String(o.value)}`;
            return (
              <div className="sw-radio" key={String(o.value)}>
                <input
                  className="sw-radio__input"
                  type="radio"
                  id={optionId}
                  name={name}
                  value={String(o.value)}
                  checked={value === o.value}
                  onChange={() => onChange(o.value)}
                  {...(scanNextId ? { 'data-scan-next': scanNextId } : {})}
                />
                <label className="sw-radio__label" htmlFor={optionId} lang={o.lang}>
                  {o.label}
                  {o.hint ? <span className="sw-radio__hint">{o.hint}</span> : null}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
