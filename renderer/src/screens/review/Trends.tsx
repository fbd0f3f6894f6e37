/**
 * Trends (review.trends) by week or month, per station and standard: completion, on time, deviations per 100
 * steps, out-of-limits rate and the spread of durations. Small multiples of hand-drawn SVG bar charts (one card
 * per station and routine, the same scale in every card so they compare at a glance), aria-hidden with a short
 * text line each; the table below is the accessible form with every number.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { localText } from '../../components/LocalText';
import { Notice } from '../../components/Notice';
import { RadioGroup } from '../../components/RadioGroup';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { TrendPeriod, TrendRow } from '../../contract';
import { dayWords, durationWords, figureWords, numberFormat, stationWords, type T } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { useQuery } from '../../useChannel';
import { PinGate } from '../settings/PinGate';
import { SupervisorNav } from './SupervisorNav';
import { TimesIn } from './TimesIn';
import { loadErrorText } from './errors';

export type Metric = 'completionRate' | 'onTimeRate' | 'deviationsPer100Steps' | 'outOfLimitsRate' | 'durationCv';

const METRICS: Metric[] = ['completionRate', 'onTimeRate', 'deviationsPer100Steps', 'outOfLimitsRate', 'durationCv'];

const RATES = new Set<Metric>(['completionRate', 'onTimeRate', 'outOfLimitsRate']);

/** Higher is better for these; for the others, lower is better (shown in the legend words, not by colour alone). */
const HIGHER_BETTER = new Set<Metric>(['completionRate', 'onTimeRate']);

export type TrendGroup = { key: string; stationId: string; stationName: string | null; standardId: string; title: TrendRow['title']; rows: Map<string, TrendRow> };

/** Rows grouped per station and standard, and the sorted list of periods they cover. */
export function groupTrends(rows: TrendRow[]): { periods: string[]; groups: TrendGroup[] } {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const groups = new Map<string, TrendGroup>();
  for (const r of rows) {
    const key = `${r.stationId}|${r.standardId}`;
    let g = groups.get(key);
    if (!g) {
      g = { key, stationId: r.stationId, stationName: r.stationName, standardId: r.standardId, title: r.title, rows: new Map() };
      groups.set(key, g);
    }
    g.rows.set(r.period, r);
  }
  return { periods, groups: [...groups.values()].sort((a, b) => (a.stationName ?? a.stationId).localeCompare(b.stationName ?? b.stationId) || a.standardId.localeCompare(b.standardId)) };
}

/** The top of the scale of a metric: 1 for rates, else the largest value seen (at least 1), rounded up. */
export function scaleMax(metric: Metric, rows: TrendRow[]): number {
  if (RATES.has(metric)) return 1;
  let max = 0;
  for (const r of rows) max = Math.max(max, r[metric] ?? 0);
  if (max <= 1) return 1;
  const step = max <= 10 ? 1 : max <= 50 ? 5 : 10;
  return Math.ceil(max / step) * step;
}

function useFormat(lang: Lang) {
  const { t } = useTranslation();
  const figure = figureWords(lang, t('review.noFigure'));
  return (metric: Metric, v: number | null | undefined): string => figure(RATES.has(metric) ? 'rate' : metric === 'durationCv' ? 'cv' : 'per', v);
}

function periodWords(t: T, period: TrendPeriod, day: string, lang: Lang): string {
  if (period === 'month') {
    const m = /^(\d{4})-(\d{2})/.exec(day);
    if (!m) return day;
    return new Intl.DateTimeFormat(lang === 'hi' ? 'hi-IN' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15)));
  }
  return t('trends.weekOf', { day: dayWords(day, lang, 'short') });
}

/** A small bar chart: one bar per period, on a fixed scale; an empty period is a short dash on the base line. */
function BarChart({ values, max, metric }: { values: Array<number | null>; max: number; metric: Metric }) {
  const W = 240;
  const H = 64;
  const n = Math.max(values.length, 1);
  const slot = W / n;
  const bar = Math.max(2, Math.min(28, slot * 0.7));
  return (
    <svg className="sw-chart" viewBox={`0 0 ${W} ${H + 4}`} preserveAspectRatio="none" aria-hidden="true" focusable="false" data-metric={metric}>
      <line className="sw-chart__grid" x1="0" x2={W} y1={2} y2={2} />
      <line className="sw-chart__grid" x1="0" x2={W} y1={2 + H / 2} y2={2 + H / 2} />
      {values.map((v, i) => {
        const x = i * slot + (slot - bar) / 2;
        if (v === null) return <rect key={i} className="sw-chart__none" x={x} y={H - 1} width={bar} height={3} />;
        const h = Math.max(1.5, (Math.min(v, max) / max) * H);
        return <rect key={i} className={`sw-chart__bar${i === values.length - 1 ? ' sw-chart__bar--last' : ''}`} x={x} y={2 + H - h} width={bar} height={h} />;
      })}
      <line className="sw-chart__base" x1="0" x2={W} y1={H + 2} y2={H + 2} />
    </svg>
  );
}

function GroupCard({ g, periods, maxes, lang, period }: { g: TrendGroup; periods: string[]; maxes: Record<Metric, number>; lang: Lang; period: TrendPeriod }) {
  const { t } = useTranslation();
  const fmt = useFormat(lang);
  const lastWithRuns = [...periods].reverse().find((p) => (g.rows.get(p)?.runs ?? 0) > 0);
  const latest = lastWithRuns ? g.rows.get(lastWithRuns) : undefined;
  return (
    <li className="sw-trendcard" data-testid="trend-card" data-station={g.stationId} data-standard={g.standardId}>
      <h3 className="sw-h3 sw-trendcard__title">
        {localText(g.title, lang) || g.standardId}
        <span className="sw-figure__more">{stationWords(g.stationName, g.stationId)}</span>
      </h3>
      <p className="sw-hint">{latest && lastWithRuns ? t('trends.latest', { period: periodWords(t, period, lastWithRuns, lang) }) : t('trends.noRuns')}</p>
      <ul className="sw-trendcard__metrics">
        {METRICS.map((m) => (
          <li key={m} className="sw-metric">
            <p className="sw-metric__label">
              <span>{t(`trends.metric.${m}`)}</span>
              <strong className="sw-metric__value">{fmt(m, latest ? latest[m] : null)}</strong>
            </p>
            <BarChart values={periods.map((p) => g.rows.get(p)?.[m] ?? null)} max={maxes[m]} metric={m} />
          </li>
        ))}
      </ul>
    </li>
  );
}

function TrendTable({ rows, lang, period }: { rows: TrendRow[]; lang: Lang; period: TrendPeriod }) {
  const { t } = useTranslation();
  const fmt = useFormat(lang);
  const n = numberFormat(lang);
  const sorted = [...rows].sort((a, b) => a.period.localeCompare(b.period) || (a.stationName ?? a.stationId).localeCompare(b.stationName ?? b.stationId) || a.standardId.localeCompare(b.standardId));
  return (
    // A scrollable region must be reachable by keyboard to scroll it (axe scrollable-region-focusable): tabIndex on purpose.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a focusable scroll region is the accessible pattern here
    <div className="sw-table-scroll" role="region" aria-labelledby="trend-table-caption" tabIndex={0} data-testid="trend-table-wrap">
      <table className="sw-table sw-trendtable" data-testid="trend-table">
        <caption className="sw-table__caption" id="trend-table-caption">
          {t('trends.tableCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">{period === 'week' ? t('trends.colWeek') : t('trends.colMonth')}</th>
            <th scope="col">{t('review.station')}</th>
            <th scope="col">{t('trends.colRoutine')}</th>
            <th scope="col" className="sw-num">
              {t('trends.colRuns')}
            </th>
            {METRICS.map((m) => (
              <th scope="col" className="sw-num" key={m}>
                {t(`trends.metric.${m}`)}
              </th>
            ))}
            <th scope="col" className="sw-num">
              {t('trends.colMedian')}
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={`${r.period}|${r.stationId}|${r.standardId}`} data-testid="trend-row">
              <th scope="row">{periodWords(t, period, r.period, lang)}</th>
              <td>{stationWords(r.stationName, r.stationId)}</td>
              <td>{localText(r.title, lang) || r.standardId}</td>
              <td className="sw-num">{n.format(r.runs)}</td>
              {METRICS.map((m) => (
                <td className="sw-num" key={m}>
                  {fmt(m, r[m])}
                </td>
              ))}
              <td className="sw-num">{durationWords(t, r.medianDurationS)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TrendsView({ session, lang, scanning }: { session: string; lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<TrendPeriod>('week');
  const trends = useQuery(`review.trends:${session}:${period}`, () => api['review.trends']({ session, period }));
  const rows = trends.data;
  const error = loadErrorText(t, trends.error);

  const { periods, groups } = groupTrends(rows ?? []);
  const maxes = Object.fromEntries(METRICS.map((m) => [m, scaleMax(m, rows ?? [])])) as Record<Metric, number>;
  const fmt = useFormat(lang);
  return (
    <>
      <ScreenHeading focusKey="trends" noFocus={scanning}>
        {t('trends.title')}
      </ScreenHeading>
      <SupervisorNav current="trends" />
      <p className="sw-lead">{t('trends.lead')}</p>
      <TimesIn days />
      <div data-testid="trend-period">
        <RadioGroup<TrendPeriod>
          legend={t('trends.period')}
          name="trend-period"
          inline
          value={period}
          onChange={setPeriod}
          options={[
            { value: 'week', label: t('trends.byWeek') },
            { value: 'month', label: t('trends.byMonth') },
          ]}
        />
      </div>
      {error ? <Notice tone="warn" title={error} /> : null}
      {!rows && !error ? (
        <p className="sw-lead" role="status">
          {t('review.loading')}
        </p>
      ) : null}
      {rows && rows.length === 0 ? <Notice tone="info" title={t('trends.empty')} /> : null}
      {rows && rows.length > 0 ? (
        <>
          <section className="sw-section" aria-labelledby="charts-title" data-testid="trend-charts" data-period={period}>
            <h2 className="sw-h2" id="charts-title">
              {t('trends.chartsTitle')}
            </h2>
            <p>
              {t('trends.chartsSummary', {
                groups: groups.length,
                count: periods.length,
                from: periods[0] ? periodWords(t, period, periods[0], lang) : '',
                to: periods[periods.length - 1] ? periodWords(t, period, periods[periods.length - 1] ?? '', lang) : '',
              })}
            </p>
            <p className="sw-hint">{t('trends.chartsHint')}</p>
            <ul className="sw-trend-legend">
              {METRICS.map((m) => (
                <li key={m}>
                  <strong>{t(`trends.metric.${m}`)}</strong>: {HIGHER_BETTER.has(m) ? t('trends.higherBetter') : t('trends.lowerBetter')} {t('trends.scaleTop', { max: fmt(m, maxes[m]) })}
                </li>
              ))}
            </ul>
            <ul className="sw-trend-grid">
              {groups.map((g) => (
                <GroupCard key={g.key} g={g} periods={periods} maxes={maxes} lang={lang} period={period} />
              ))}
            </ul>
          </section>
          <section className="sw-section" aria-labelledby="trend-table-title">
            <h2 className="sw-h2" id="trend-table-title">
              {t('trends.tableTitle')}
            </h2>
            <TrendTable rows={rows} lang={lang} period={period} />
          </section>
        </>
      ) : null}
    </>
  );
}

export function TrendsScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const session = useStation((s) => s.supervisor?.session);
  if (!session) return <PinGate scanning={scanning} lang={lang} />;
  return <TrendsView session={session} lang={lang} scanning={scanning} />;
}
