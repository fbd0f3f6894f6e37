/**
 * A day as three boxes, day / month / year, GOV.UK "date input" pattern: a fieldset with its legend, a hint in the
 * app's own words ("For example, 27 11 2026"), and one error for the whole day. Never the browser's mm/dd/yyyy picker,
 * whose order follows the computer's locale and not the app's.
 */
import { useTranslation } from 'react-i18next';
import { VisuallyHidden } from './VisuallyHidden';

export type DayParts = { day: string; month: string; year: string };
export const NO_DAY: DayParts = { day: '', month: '', year: '' };

/** "2026-11-27" → its parts; anything else → empty boxes. */
export function dayParts(iso: string | undefined): DayParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1] as string } : NO_DAY;
}

/** The parts as "YYYY-MM-DD"; '' when all are empty; null when it is not a real day. */
export function partsDay(p: DayParts): string | null {
  const [d, m, y] = [p.day.trim(), p.month.trim(), p.year.trim()];
  if (d === '' && m === '' && y === '') return '';
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return null;
  const day = Number(d);
  const month = Number(m);
  const date = new Date(Date.UTC(Number(y), month - 1, day));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function DateInput({ id, legend, value, onChange, error, testId }: { id: string; legend: string; value: DayParts; onChange: (v: DayParts) => void; error?: string | null; testId?: string }) {
  const { t } = useTranslation();
  const box = (part: keyof DayParts, label: string, width: string) => (
    <div className="sw-date__item">
      <label className="sw-label sw-date__label" htmlFor={`${id}-${part}`}>
        {label}
      </label>
      <input
        id={`${id}-${part}`}
        className={`sw-input sw-date__input ${width}`}
        inputMode="numeric"
        autoComplete="off"
        value={value[part]}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange({ ...value, [part]: e.target.value })}
        data-testid={testId ? `${testId}-${part}` : undefined}
      />
    </div>
  );
  return (
    <div className={`sw-field${error ? ' sw-field--error' : ''}`}>
      <fieldset className="sw-fieldset" id={id} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`} data-testid={testId}>
        <legend className="sw-legend">{legend}</legend>
        <p className="sw-hint" id={`${id}-hint`}>
          {t('dateInput.hint')}
        </p>
        {error ? (
          <p className="sw-error-message" id={`${id}-error`}>
            <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
            {error}
          </p>
        ) : null}
        <div className="sw-date">
          {box('day', t('dateInput.day'), 'sw-date__input--2')}
          {box('month', t('dateInput.month'), 'sw-date__input--2')}
          {box('year', t('dateInput.year'), 'sw-date__input--4')}
        </div>
      </fieldset>
    </div>
  );
}
