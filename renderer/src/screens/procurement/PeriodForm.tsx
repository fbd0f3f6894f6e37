import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TextField } from '../../components/Field';
import { NO_PERIOD, type Period, type PeriodErrors } from './period';
import { Button } from '../../components/Button';

/**
 * The period of the scorecards and of the export: two date fields (empty = all days with records). A date that is
 * not real, or an end before the start, is told next to its field and in the error summary; nothing is reloaded.
 */
export function PeriodForm({ applied, errors, onApply }: { applied: Period; errors: PeriodErrors; onApply: (p: Period, unreadable: { from: boolean; to: boolean }) => void }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(applied.from);
  const [to, setTo] = useState(applied.to);
  // A date field holds no value while what is typed in it is not a date: the browser says so with validity.badInput.
  const [unreadable, setUnreadable] = useState({ from: false, to: false });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    onApply({ from, to }, unreadable);
  };
  const all = () => {
    setFrom('');
    setTo('');
    setUnreadable({ from: false, to: false });
    onApply(NO_PERIOD, { from: false, to: false });
  };
  return (
    <form className="sw-form sw-period" onSubmit={submit} noValidate data-testid="period-form">
      <fieldset className="sw-fieldset" aria-describedby="period-hint">
        <legend className="sw-legend">{t('procurement.periodLegend')}</legend>
        <p className="sw-hint" id="period-hint">
          {t('procurement.periodHint')}
        </p>
        <TextField
          id="period-from"
          type="date"
          label={t('procurement.periodFrom')}
          error={errors.from ?? null}
          value={from}
          onChange={(e) => {
            setFrom(e.target.value);
            setUnreadable((u) => ({ ...u, from: e.target.validity.badInput }));
          }}
        />
        <TextField
          id="period-to"
          type="date"
          label={t('procurement.periodTo')}
          error={errors.to ?? null}
          value={to}
          onChange={(e) => {
            setTo(e.target.value);
            setUnreadable((u) => ({ ...u, to: e.target.validity.badInput }));
          }}
        />
      </fieldset>
      <div className="sw-actions">
        <Button type="submit" variant="primary" icon="check" data-testid="period-apply">
          {t('procurement.periodApply')}
        </Button>
        {applied.from || applied.to ? (
          <button type="button" className="sw-btn" data-testid="period-all" onClick={all}>
            <span className="sw-btn__label">{t('procurement.periodAll')}</span>
          </button>
        ) : null}
      </div>
    </form>
  );
}
