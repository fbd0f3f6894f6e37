/** The history's filters: days, station, standard, artisan, outcomes and sort, with an error summary for a bad day. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { DateInput, dayParts, type DayParts, NO_DAY, partsDay } from '../../components/DateInput';
import { localText } from '../../components/LocalText';
import type { HistoryFacets, HistoryFilter, HistorySort, RunOutcome } from '../../contract';
import { stationWords } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { cleanFilter } from './historyPages';

const OUTCOMES: RunOutcome[] = ['not_reviewed', 'completed', 'on_time', 'late', 'deviation', 'out_of_limits', 'abandoned', 'in_progress'];

const SORTS: HistorySort[] = ['started_desc', 'started_asc', 'duration_desc', 'station', 'standard', 'artisan'];

function Select({ id, label, value, onChange, options, testId }: { id: string; label: string; value: string; onChange: (v: string) => void; options: Array<{ value: string; label: string }>; testId: string }) {
  return (
    <div className="sw-field sw-filter">
      <label className="sw-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="sw-select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Filters({ facets, lang, onApply }: { facets: HistoryFacets | null; lang: Lang; onApply: (f: HistoryFilter, sort: HistorySort) => void }) {
  const { t } = useTranslation();
  const applied = useStation((s) => s.history);
  const [from, setFrom] = useState<DayParts>(dayParts(applied.filter.from));
  const [to, setTo] = useState<DayParts>(dayParts(applied.filter.to));
  const [station, setStation] = useState(applied.filter.stations?.[0] ?? '');
  const [standard, setStandard] = useState(applied.filter.standards?.[0] ?? '');
  const [artisan, setArtisan] = useState(applied.filter.artisans?.[0] ?? '');
  const [outcomes, setOutcomes] = useState<RunOutcome[]>(applied.filter.outcomes ?? []);
  const [match, setMatch] = useState<'all' | 'any'>(applied.filter.outcomeMatch ?? 'all');
  const [sort, setSort] = useState<HistorySort>(applied.sort);
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Array<{ field: string; text: string }> = [];
    const fromDay = partsDay(from);
    const toDay = partsDay(to);
    if (fromDay === null) errs.push({ field: 'filter-from-day', text: t('review.errorDay') });
    if (toDay === null) errs.push({ field: 'filter-to-day', text: t('review.errorDay') });
    if (errs.length === 0 && fromDay && toDay && fromDay > toDay) errs.push({ field: 'filter-to-day', text: t('review.errorDayOrder') });
    setErrors(errs);
    if (errs.length > 0 || fromDay === null || toDay === null) return;
    onApply(
      cleanFilter({ from: fromDay, to: toDay, stations: station ? [station] : [], standards: standard ? [standard] : [], artisans: artisan ? [artisan] : [], outcomes, outcomeMatch: match }),
      sort,
    );
  };
  const clear = () => {
    setFrom(NO_DAY);
    setTo(NO_DAY);
    setStation('');
    setStandard('');
    setArtisan('');
    setOutcomes([]);
    setMatch('all');
    setErrors([]);
    onApply({}, sort);
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.text ?? null;
  const all = (label: string) => ({ value: '', label });
  return (
    <form className="sw-filters" onSubmit={submit} noValidate data-testid="history-filters" aria-labelledby="filters-title">
      <h3 className="sw-h3" id="filters-title">
        {t('review.filtersTitle')}
      </h3>
      <ErrorSummary errors={errors} />
      <div className="sw-filters__row">
        <DateInput id="filter-from" legend={t('review.from')} value={from} onChange={setFrom} error={err('filter-from-day')} testId="filter-from" />
        <DateInput id="filter-to" legend={t('review.to')} value={to} onChange={setTo} error={err('filter-to-day')} testId="filter-to" />
      </div>
      <div className="sw-filters__row">
        <Select id="filter-station" label={t('review.station')} value={station} onChange={setStation} testId="filter-station" options={[all(t('review.allStations')), ...(facets?.stations ?? []).map((s) => ({ value: s.id, label: stationWords(s.name, s.id) }))]} />
        <Select id="filter-standard" label={t('review.standard')} value={standard} onChange={setStandard} testId="filter-standard" options={[all(t('review.allStandards')), ...(facets?.standards ?? []).map((s) => ({ value: s.id, label: localText(s.title, lang) || s.id }))]} />
        <Select id="filter-artisan" label={t('review.artisan')} value={artisan} onChange={setArtisan} testId="filter-artisan" options={[all(t('review.allArtisans')), ...(facets?.artisans ?? []).map((a) => ({ value: a.id, label: a.name ?? a.id }))]} />
      </div>
      <div className="sw-field">
      <fieldset className="sw-fieldset" data-testid="filter-outcomes">
        <legend className="sw-legend">{t('review.outcomes')}</legend>
        <p className="sw-hint" id="outcomes-hint">
          {t('review.outcomesHint')}
        </p>
        <div className="sw-checks">
          {OUTCOMES.map((o) => (
            <div className="sw-check" key={o}>
              <input
                className="sw-check__input"
                type="checkbox"
                id={`outcome-${o}`}
                checked={outcomes.includes(o)}
                aria-describedby="outcomes-hint"
                onChange={(e) => setOutcomes((cur) => (e.target.checked ? [...cur, o] : cur.filter((x) => x !== o)))}
                data-testid={`outcome-${o}`}
              />
              <label className="sw-check__label" htmlFor={`outcome-${o}`}>
                {t(`review.outcome.${o}`)}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
      </div>
      <Select id="outcome-match" label={t('review.outcomeMatch')} value={match} onChange={(v) => setMatch(v === 'any' ? 'any' : 'all')} testId="outcome-match" options={[{ value: 'all', label: t('review.matchAll') }, { value: 'any', label: t('review.matchAny') }]} />
      <Select id="history-sort" label={t('review.sort')} value={sort} onChange={(v) => setSort(v as HistorySort)} testId="history-sort" options={SORTS.map((s) => ({ value: s, label: t(`review.sortBy.${s}`) }))} />
      <div className="sw-actions">
        <Button type="submit" variant="primary" icon="check" data-testid="filter-apply">
          {t('review.apply')}
        </Button>
        <Button icon="cross" onClick={clear} data-testid="filter-clear">
          {t('review.clearFilters')}
        </Button>
      </div>
    </form>
  );
}
