import { forwardRef, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from './Icon';
import type { Tone } from '../store';

export const TONE_ICON: Record<Tone, IconName> = { ok: 'check', help: 'help', info: 'info', warn: 'warn', error: 'warn' };

/** Text + icon + colour: the shape of every confirmation and warning. */
export function Notice({ tone, children, title, className }: { tone: Tone; children?: React.ReactNode; title?: React.ReactNode; className?: string }) {
  return (
    <div className={`sw-notice${className ? ` ${className}` : ''}`} data-tone={tone}>
      <Icon name={TONE_ICON[tone]} className="sw-notice__icon" />
      <div className="sw-notice__body">
        {title ? <p className="sw-notice__title">{title}</p> : null}
        {children}
      </div>
    </div>
  );
}

/**
 * The screen's one <h1>. Focus moves to it when the screen (or `focusKey`) changes, so screen readers start
 * there and keyboard users continue from the top. While switch scanning is on, the scanner owns focus.
 */
export const ScreenHeading = forwardRef<HTMLHeadingElement, { children: React.ReactNode; focusKey: string; className?: string; noFocus?: boolean }>(
  function ScreenHeading({ children, focusKey, className, noFocus }, outer) {
    const inner = useRef<HTMLHeadingElement | null>(null);
    useEffect(() => {
      if (noFocus) return;
      const el = inner.current;
      if (!el) return;
      window.scrollTo({ top: 0 });
      el.focus({ preventScroll: true });
    }, [focusKey, noFocus]);
    return (
      <h1
        tabIndex={-1}
        className={className}
        ref={(el) => {
          inner.current = el;
          if (typeof outer === 'function') outer(el);
          else if (outer) outer.current = el;
        }}
      >
        {children}
      </h1>
    );
  },
);

type Variant = 'primary' | 'secondary' | 'warning' | 'quiet' | 'help';

export function Button({
  variant = 'secondary',
  icon,
  big,
  children,
  className,
  ...rest
}: React.ComponentProps<'button'> & { variant?: Variant; icon?: IconName; big?: boolean }) {
  const classes = ['sw-btn', `sw-btn--${variant}`, big ? 'sw-btn--big' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <button type="button" className={classes} {...rest}>
      {icon ? <Icon name={icon} className="sw-btn__icon" /> : null}
      <span className="sw-btn__label">{children}</span>
    </button>
  );
}

export function VisuallyHidden({ children }: { children: React.ReactNode }) {
  return <span className="sw-vh">{children}</span>;
}

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

/** GOV.UK error summary: a list of what to fix, each linking to its field; it takes focus when shown. */
export function ErrorSummary({ errors }: { errors: Array<{ field: string; text: string }> }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // Each summary has its own title id: two summaries on one screen must not share it.
  const titleId = `error-summary-title-${useId()}`;
  const key = errors.map((e) => e.field + e.text).join('|');
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [key, errors.length]);
  if (errors.length === 0) return null;
  return (
    <div className="sw-error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby={titleId}>
      <h2 className="sw-error-summary__title" id={titleId}>
        <Icon name="warn" className="sw-error-summary__icon" />
        {t('common.problemTitle')}
      </h2>
      <ul className="sw-error-summary__list">
        {errors.map((e) => (
          <li key={e.field + e.text}>
            <a
              href={`#${e.field}`}
              onClick={(ev) => {
                ev.preventDefault();
                const target = document.getElementById(e.field);
                target?.focus();
                target?.scrollIntoView({ block: 'center' });
              }}
            >
              {e.text}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

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
