/** The counts and totals of the filtered set of runs. */
import { useTranslation } from 'react-i18next';
import type { HistoryCounts } from '../../contract';
import { count } from '../../format';
import type { Lang } from '../../i18n';

const COUNT_ITEMS: Array<{ key: keyof HistoryCounts; id: string }> = [
  { key: 'runs', id: 'runs' },
  { key: 'completed', id: 'completed' },
  { key: 'onTime', id: 'on-time' },
  { key: 'late', id: 'late' },
  { key: 'deviation', id: 'deviation' },
  { key: 'outOfLimits', id: 'out-of-limits' },
  { key: 'abandoned', id: 'abandoned' },
  { key: 'inProgress', id: 'in-progress' },
  { key: 'notReviewed', id: 'not-reviewed' },
];
const TOTAL_ITEMS: Array<{ key: keyof HistoryCounts; id: string }> = [
  { key: 'steps', id: 'steps' },
  { key: 'deviations', id: 'deviations' },
  { key: 'helpRequests', id: 'help' },
];

export function Counts({ counts, lang }: { counts: HistoryCounts; lang: Lang }) {
  const { t } = useTranslation();
  const item = (i: { key: keyof HistoryCounts; id: string }) => (
    <div className="sw-count" key={i.id} data-testid={`count-${i.id}`} data-value={counts[i.key]}>
      <dt className="sw-count__label">{t(`review.counts.${i.key}`)}</dt>
      <dd className="sw-count__value">{count(lang, counts[i.key])}</dd>
    </div>
  );
  return (
    <div data-testid="history-counts">
      <h3 className="sw-h3">{t('review.countsTitle')}</h3>
      <dl className="sw-counts">{COUNT_ITEMS.map(item)}</dl>
      <h4 className="sw-h4">{t('review.totalsTitle')}</h4>
      <dl className="sw-counts sw-counts--totals">{TOTAL_ITEMS.map(item)}</dl>
    </div>
  );
}
