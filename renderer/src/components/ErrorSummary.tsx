import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

/**
 * GOV.UK error summary: a list of what to fix, each linking to its field; it takes focus when shown, and again at each
 * new `attempt` (a form sent again with the same problem: the person is told again, not left on the button).
 */
export function ErrorSummary({ errors, attempt = 0 }: { errors: Array<{ field: string; text: string }>; attempt?: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // Each summary has its own title id: two summaries on one screen must not share it.
  const titleId = `error-summary-title-${useId()}`;
  const key = errors.map((e) => e.field + e.text).join('|');
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [key, errors.length, attempt]);
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
