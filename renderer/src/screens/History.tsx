/**
 * The completion history for the supervisor: filters, counts and totals of the filtered set, "Sign N runs",
 * and the list of runs. The list stays smooth with 100,000 runs: it is virtualised (@tanstack/react-virtual,
 * only the rows in view are in the page) and fetched page by page (review.history, PAGE rows per call) as
 * the supervisor scrolls.
 *
 * Accessibility: the list is a real <table> with grid semantics (aria-rowcount = every run + the header row,
 * aria-rowindex on each row), so a screen reader tells "row 1,234 of 100,001" although few rows exist in the
 * page. Each row starts with a button (the run: routine and time); one of them is in the Tab order (roving
 * tabindex) and the arrow keys, Page Up/Down, Home and End move between runs; Enter or a click opens the run's
 * timeline.
 */
import { Fragment, memo, useCallback, useEffect, useEffectEvent, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultRangeExtractor, useVirtualizer, type Range, type Virtualizer } from '@tanstack/react-virtual';
import { api } from '../api';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { VisuallyHidden } from '../components/VisuallyHidden';
import { Icon, type IconName } from '../components/Icon';
import type { Lang } from '../i18n';
import { MAX_SIGN_RUNS } from '../../../electron/contract/limits';
import { useStation } from '../store';
import { LocalText, localText } from '../components/LocalText';
import type { HistoryCounts, HistoryFacets, HistoryFilter, HistoryRow, HistorySort, RunOutcome } from '../contract';
import { count, durationWords, stationWords, type T, whenWords } from '../format';
import { SignDone, SignForm, type SignResult } from './review/SignForm';
import { SignatureTag } from './review/SignatureTag';
import { reviewFailure } from './review/errors';

/** Rows per review.history call (the contract allows up to 500). */
export const PAGE = 200;
/** How long the list must rest before the rows in view are fetched. */
const FETCH_DELAY_MS = 80;
const OUTCOMES: RunOutcome[] = ['not_reviewed', 'completed', 'on_time', 'late', 'deviation', 'out_of_limits', 'abandoned', 'in_progress'];
const SORTS: HistorySort[] = ['started_desc', 'started_asc', 'duration_desc', 'station', 'standard', 'artisan'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The pages (of PAGE rows) that rows first..last fall in. */
export function pagesFor(first: number, last: number, total: number, page = PAGE): number[] {
  if (total <= 0 || last < first) return [];
  const a = Math.max(0, Math.floor(first / page));
  const b = Math.min(Math.floor((total - 1) / page), Math.floor(Math.max(first, last) / page));
  const out: number[] = [];
  for (let p = a; p <= b; p++) out.push(p);
  return out;
}

/** A filter without empty parts (what the contract calls "does not filter"). */
export function cleanFilter(f: HistoryFilter): HistoryFilter {
  const out: HistoryFilter = {};
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.stations?.length) out.stations = f.stations;
  if (f.standards?.length) out.standards = f.standards;
  if (f.artisans?.length) out.artisans = f.artisans;
  if (f.outcomes?.length) out.outcomes = f.outcomes;
  if (f.outcomes && f.outcomes.length > 1 && f.outcomeMatch === 'any') out.outcomeMatch = 'any';
  return out;
}

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

function Filters({ facets, lang, onApply }: { facets: HistoryFacets | null; lang: Lang; onApply: (f: HistoryFilter, sort: HistorySort) => void }) {
  const { t } = useTranslation();
  const applied = useStation((s) => s.history);
  const [from, setFrom] = useState(applied.filter.from ?? '');
  const [to, setTo] = useState(applied.filter.to ?? '');
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
    if (from && !DAY.test(from)) errs.push({ field: 'filter-from', text: t('review.errorDay') });
    if (to && !DAY.test(to)) errs.push({ field: 'filter-to', text: t('review.errorDay') });
    if (errs.length === 0 && from && to && from > to) errs.push({ field: 'filter-to', text: t('review.errorDayOrder') });
    setErrors(errs);
    if (errs.length > 0) return;
    onApply(
      cleanFilter({ from, to, stations: station ? [station] : [], standards: standard ? [standard] : [], artisans: artisan ? [artisan] : [], outcomes, outcomeMatch: match }),
      sort,
    );
  };
  const clear = () => {
    setFrom('');
    setTo('');
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
        <TextField id="filter-from" label={t('review.from')} type="date" value={from} error={err('filter-from')} min={facets?.firstDay ?? undefined} max={facets?.lastDay ?? undefined} onChange={(e) => setFrom(e.target.value)} data-testid="filter-from" className="sw-input--date" />
        <TextField id="filter-to" label={t('review.to')} type="date" value={to} error={err('filter-to')} min={facets?.firstDay ?? undefined} max={facets?.lastDay ?? undefined} onChange={(e) => setTo(e.target.value)} data-testid="filter-to" className="sw-input--date" />
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
        <button type="submit" className="sw-btn sw-btn--primary" data-testid="filter-apply">
          <Icon name="check" className="sw-btn__icon" />
          <span className="sw-btn__label">{t('review.apply')}</span>
        </button>
        <Button icon="cross" onClick={clear} data-testid="filter-clear">
          {t('review.clearFilters')}
        </Button>
      </div>
    </form>
  );
}

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

function Counts({ counts, lang }: { counts: HistoryCounts; lang: Lang }) {
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

function statusLook(row: HistoryRow): { icon: IconName; state: string } {
  if (row.status === 'completed') return { icon: 'check', state: 'done' };
  if (row.status === 'abandoned') return { icon: 'cross', state: 'late' };
  return { icon: 'clock', state: 'in_progress' };
}

function ResultCell({ row, t, lang }: { row: HistoryRow; t: T; lang: Lang }) {
  const look = statusLook(row);
  const facts: string[] = [];
  if (row.deviations > 0) facts.push(t('review.rowDeviations', { count: row.deviations, n: count(lang, row.deviations) }));
  if (row.outOfLimits > 0) facts.push(t('review.rowOutOfLimits', { count: row.outOfLimits, n: count(lang, row.outOfLimits) }));
  if (row.helpRequests > 0) facts.push(t('review.rowHelp', { count: row.helpRequests, n: count(lang, row.helpRequests) }));
  if (row.undos > 0) facts.push(t('review.rowUndos', { count: row.undos, n: count(lang, row.undos) }));
  return (
    <>
      <span className="sw-hist__tags">
        <span className="sw-tag" data-state={look.state}>
          <Icon name={look.icon} className="sw-tag__icon" />
          {t(`review.status.${row.status}`)}
        </span>
        {row.onTime === true ? (
          <span className="sw-tag" data-state="done">
            <Icon name="clock" className="sw-tag__icon" />
            {t('review.onTime')}
          </span>
        ) : null}
        {row.onTime === false ? (
          <span className="sw-tag" data-state="late">
            <Icon name="warn" className="sw-tag__icon" />
            {t('review.late')}
          </span>
        ) : null}
      </span>
      {facts.length > 0 ? (
        <span className="sw-hist__facts">
          <Icon name="warn" className="sw-inline-icon" />
          {facts.join(', ')}
        </span>
      ) : (
        <span className="sw-hist__facts">{t('review.rowClean')}</span>
      )}
      {row.abandonReason ? <span className="sw-hist__facts">{t('review.abandonReason', { reason: row.abandonReason })}</span> : null}
    </>
  );
}

/** Rough height of a row in px before it is measured: 5.75 rem at this page's text size. */
function estimateRow(): number {
  const rootPx = typeof window === 'undefined' ? 16 : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return Math.round(rootPx * 5.75);
}

/**
 * The size of a row for the virtualiser: from the ResizeObserver's entry when there is one; when a row is just
 * added, the size already known for it (or the estimate), so that adding rows never reads the layout.
 */
function measureRow(el: Element, entry: ResizeObserverEntry | undefined, v: Virtualizer<HTMLDivElement, Element>): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  const i = v.indexFromElement(el);
  return v.itemSizeCache.get(v.options.getItemKey(i)) ?? v.options.estimateSize(i);
}

type RowActions = {
  open: (i: number) => void;
  key: (e: React.KeyboardEvent, i: number) => void;
  focus: (i: number) => void;
};

/**
 * One run in the list. Memoised: while the list scrolls, only the rows that come into view render; the others
 * keep their props (the row object of a page never changes, `actions` and `measure` are stable).
 */
const HistoryRowView = memo(function HistoryRowView({
  index,
  row,
  tabbable,
  lang,
  t,
  measure,
  actions,
}: {
  index: number;
  row: HistoryRow | null;
  tabbable: boolean;
  lang: Lang;
  t: T;
  measure: (el: Element | null) => void;
  actions: RowActions;
}) {
  const tabIndex = tabbable ? 0 : -1;
  const common = { 'data-index': index, ref: measure, 'aria-rowindex': index + 2, role: 'row' };
  if (!row) {
    return (
      <tr {...common} data-testid="history-row" data-loaded="false">
        <td role="gridcell">
          <button type="button" className="sw-rowbtn" tabIndex={tabIndex} onKeyDown={(e) => actions.key(e, index)} onFocus={() => actions.focus(index)} aria-disabled="true">
            {t('review.loadingRow', { n: count(lang, index + 1) })}
          </button>
        </td>
        <td role="gridcell" />
        <td role="gridcell" />
        <td role="gridcell" />
      </tr>
    );
  }
  return (
    <tr {...common} data-testid="history-row" data-loaded="true" data-run={row.runId} data-status={row.status} data-signed={row.signature?.meaning ?? 'none'}>
      <td role="gridcell">
        <button
          type="button"
          className="sw-rowbtn"
          tabIndex={tabIndex}
          onClick={() => actions.open(index)}
          onKeyDown={(e) => actions.key(e, index)}
          onFocus={() => actions.focus(index)}
          data-testid="history-open"
        >
          <span className="sw-rowbtn__title">
            <LocalText text={row.title} lang={lang} fallback={row.standardId} />
          </span>
          <span className="sw-rowbtn__when">{whenWords(row.startedAt, lang)}</span>
          <VisuallyHidden>{t('review.openHint')}</VisuallyHidden>
        </button>
      </td>
      <td role="gridcell">
        <span className="sw-hist__line">{row.actorName ?? row.actor}</span>
        <span className="sw-hist__facts">{stationWords(row.stationName, row.stationId)}</span>
      </td>
      <td role="gridcell">
        <ResultCell row={row} t={t} lang={lang} />
        <span className="sw-hist__facts">
          <Icon name="clock" className="sw-inline-icon" />
          {t('review.durationIs', { duration: row.status === 'in_progress' ? t('review.notFinished') : durationWords(t, row.durationS) })}
        </span>
      </td>
      <td role="gridcell">
        <SignatureTag sig={row.signature} lang={lang} compact />
      </td>
    </tr>
  );
});

function HistoryList({
  session,
  filter,
  sort,
  reload,
  lang,
  onCounts,
}: {
  session: string;
  filter: HistoryFilter;
  sort: HistorySort;
  reload: number;
  lang: Lang;
  onCounts: (c: HistoryCounts | null) => void;
}) {
  const { t } = useTranslation();
  const history = useStation((s) => s.history);
  const setHistory = useStation((s) => s.setHistory);
  const openTimeline = useStation((s) => s.openTimeline);
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  // The header row stays at the top of the box: rows scrolled into view must not hide under it (WCAG 2.4.11).
  // Its height is watched (text size, language), not read on every render: a layout read while scrolling
  // costs a frame.
  const [headH, setHeadH] = useState(0);
  const headObserver = useRef<ResizeObserver | null>(null);
  const headRef = useCallback((el: HTMLTableSectionElement | null) => {
    headObserver.current?.disconnect();
    headObserver.current = null;
    if (!el) return;
    const read = (h: number) => setHeadH(Math.ceil(h));
    read(el.getBoundingClientRect().height);
    headObserver.current = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.borderBoxSize?.[0];
      read(box ? box.blockSize : el.getBoundingClientRect().height);
    });
    headObserver.current.observe(el);
  }, []);
  useEffect(() => () => headObserver.current?.disconnect(), []);
  const pages = useRef(new Map<number, HistoryRow[]>());
  const inflight = useRef(new Set<number>());
  const generation = useRef(0);
  const [total, setTotal] = useState<number | null>(null);
  const [failed, setFailed] = useState(false);
  const [, rerender] = useReducer((x: number) => x + 1, 0);
  const [active, setActive] = useState(history.active);
  // The row with focus stays in the page even when it scrolls out of view (or rows above it are measured
  // again and push it down), so focus is never lost.
  const keyMoveAt = useRef(0);
  const activeRef = useRef(active);
  activeRef.current = active;
  const rangeExtractor = useCallback((range: Range) => {
    const base = defaultRangeExtractor(range);
    const a = activeRef.current;
    if (a >= 0 && a < range.count && !base.includes(a)) return [...base, a].sort((x, y) => x - y);
    return base;
  }, []);
  const pendingFocus = useRef<number | null>(history.returning ? history.active : null);
  const estimate = useMemo(estimateRow, []);
  const key = JSON.stringify([filter, sort, reload]);

  const fetchPage = useCallback(
    async (p: number) => {
      if (pages.current.has(p) || inflight.current.has(p)) return;
      const g = generation.current;
      inflight.current.add(p);
      const res = await api['review.history']({ session, filter, sort, offset: p * PAGE, limit: PAGE });
      if (g !== generation.current) return;
      inflight.current.delete(p);
      if (!res.ok) {
        if (res.error.code === 'SUPERVISOR_REQUIRED') reviewFailure(t, res.error);
        setFailed(true);
        return;
      }
      setFailed(false);
      pages.current.set(p, res.value.rows);
      setTotal(res.value.counts.runs);
      onCounts(res.value.counts);
      rerender();
      // Rows just loaded can be taller than guessed: keep the row just reached by keyboard in view (not when
      // the supervisor scrolled away with the mouse).
      requestAnimationFrame(() => {
        const el = document.activeElement;
        if (Date.now() - keyMoveAt.current > 2000) return;
        if (el instanceof HTMLElement && el.classList.contains('sw-rowbtn') && scrollRef.current?.contains(el)) el.scrollIntoView({ block: 'nearest' });
      });
    },
    [session, filter, sort, t, onCounts],
  );

  // A new filter, sort or refresh: forget every page and start again from the top (or where we were).
  const firstLoad = useRef(true);
  const restart = useEffectEvent(() => {
    generation.current++;
    pages.current.clear();
    inflight.current.clear();
    if (!firstLoad.current) {
      setTotal(null);
      onCounts(null);
      setActive(0);
      scrollRef.current?.scrollTo({ top: 0 });
    }
    firstLoad.current = false;
    void fetchPage(Math.floor((history.returning ? history.active : 0) / PAGE));
  });
  useEffect(() => restart(), [key]); // `key` stands for filter, sort and reload

  const rows = total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is not memoisable by the React Compiler; we do not use the compiler
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimate,
    // Rows are measured by the ResizeObserver only (after layout, with the size the browser already has), never
    // by reading the layout when a row is added: while scrolling, that read forced a layout per frame.
    measureElement: measureRow,
    overscan: 6,
    initialOffset: history.scrollTop,
    scrollPaddingStart: headH,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? -1;

  // Fetch the pages of the rows in view (and just around them), once the list stops moving for a moment:
  // a fast drag of the scroll bar over 100,000 runs does not ask for every page it passes.
  useEffect(() => {
    const wanted = pagesFor(firstIndex, lastIndex, rows).filter((p) => !pages.current.has(p));
    if (wanted.length === 0) return;
    const timer = setTimeout(() => {
      for (const p of wanted) void fetchPage(p);
    }, FETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [firstIndex, lastIndex, rows, fetchPage]);

  const rowAt = (i: number): HistoryRow | null => pages.current.get(Math.floor(i / PAGE))?.[i % PAGE] ?? null;

  // Move focus to a row: scroll it into the window of rendered rows first, then focus its button once it exists.
  const moveTo = (i: number) => {
    const n = Math.max(0, Math.min(rows - 1, i));
    setActive(n);
    keyMoveAt.current = Date.now();
    pendingFocus.current = n;
    virtualizer.scrollToIndex(n, { align: 'auto' });
    rerender();
  };
  useEffect(() => {
    const n = pendingFocus.current;
    if (n === null || total === null) return;
    const button = tableRef.current?.querySelector<HTMLButtonElement>(`tr[data-index="${n}"] .sw-rowbtn`);
    if (button) {
      pendingFocus.current = null;
      button.focus();
      if (history.returning) setHistory({ returning: false });
    } else if (history.returning && n < rows) {
      virtualizer.scrollToIndex(n, { align: 'center' });
    }
  });

  const open = (i: number) => {
    const row = rowAt(i);
    if (!row) return;
    setHistory({ scrollTop: scrollRef.current?.scrollTop ?? 0, active: i, returning: true });
    openTimeline(row.runId);
  };
  const onKey = (e: React.KeyboardEvent, i: number) => {
    const jump = Math.max(1, items.length - 2);
    const to: Record<string, number> = { ArrowDown: i + 1, ArrowUp: i - 1, PageDown: i + jump, PageUp: i - jump, Home: 0, End: rows - 1 };
    const next = to[e.key];
    if (next === undefined) return;
    e.preventDefault();
    moveTo(next);
  };
  // Stable handlers for the memoised rows; they call the latest `open` and `onKey` of this render.
  const latest = useRef({ open, onKey });
  latest.current = { open, onKey };
  const actions = useMemo<RowActions>(
    () => ({ open: (i) => latest.current.open(i), key: (e, i) => latest.current.onKey(e, i), focus: (i) => setActive(i) }),
    [],
  );

  // One row is in the Tab order: the active one when it is rendered, else the first rendered row.
  const rendered = items.some((v) => v.index === active);
  const tabbable = rendered ? active : firstIndex;
  // Spacer rows stand for the rows not in the page: before the first, between two apart (the focused row kept
  // in the page far from the others), and after the last.
  const spacer = (key: string, height: number) =>
    height > 0 ? (
      <tr key={key} aria-hidden="true" className="sw-hist__spacer">
        <td colSpan={4} style={{ height }} />
      </tr>
    ) : null;
  const after = items.length > 0 ? virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;

  if (failed && total === null) return <Notice tone="warn" title={t('review.historyFailed')} />;
  if (total === null) {
    return (
      <p className="sw-lead" role="status" data-testid="history-loading">
        {t('review.loading')}
      </p>
    );
  }
  if (total === 0) {
    return (
      <div data-testid="history-empty">
        <Notice tone="info" title={t('review.noRuns')} />
      </div>
    );
  }
  return (
    <>
      <p className="sw-hint" id="history-keys">
        {t('review.keysHint')}
      </p>
      <div
        className="sw-hist__scroll"
        ref={scrollRef}
        data-testid="history-scroll"
        style={{ scrollPaddingTop: headH }}
      >
        <table
          className="sw-table sw-hist"
          role="grid"
          aria-rowcount={total + 1}
          aria-colcount={4}
          aria-labelledby="history-caption"
          aria-describedby="history-keys"
          ref={tableRef}
          data-testid="history-list"
          data-total={total}
        >
          <caption className="sw-vh" id="history-caption">
            {t('review.listCaption', { count: total, n: count(lang, total) })}
          </caption>
          <colgroup>
            <col className="sw-hist__col-run" />
            <col className="sw-hist__col-who" />
            <col className="sw-hist__col-result" />
            <col className="sw-hist__col-sig" />
          </colgroup>
          {/* Explicit roles on purpose: in the narrow (block) layout CSS display would drop the table semantics. */}
          {/* eslint-disable-next-line jsx-a11y/no-redundant-roles -- kept for the block layout, see above */}
          <thead ref={headRef} role="rowgroup">
            <tr aria-rowindex={1} role="row">
              <th scope="col" role="columnheader">
                {t('review.colRun')}
              </th>
              <th scope="col" role="columnheader">
                {t('review.colWho')}
              </th>
              <th scope="col" role="columnheader">
                {t('review.colResult')}
              </th>
              <th scope="col" role="columnheader">
                {t('review.colReview')}
              </th>
            </tr>
          </thead>
          {/* eslint-disable-next-line jsx-a11y/no-redundant-roles -- kept for the block layout, see above */}
          <tbody role="rowgroup">
            {items.map((v, k) => {
              const prevEnd = k === 0 ? 0 : (items[k - 1]?.end ?? 0);
              return (
                <Fragment key={v.key}>
                  {spacer(`gap-${v.index}`, v.start - prevEnd)}
                  <HistoryRowView index={v.index} row={rowAt(v.index)} tabbable={v.index === tabbable} lang={lang} t={t} measure={virtualizer.measureElement} actions={actions} />
                </Fragment>
              );
            })}
            {spacer('after', after)}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The history section of the Review screen. `reload` changes when the history was refreshed. */
export function History({ session, lang, facets, reload }: { session: string; lang: Lang; facets: HistoryFacets | null; reload: number }) {
  const { t } = useTranslation();
  const history = useStation((s) => s.history);
  const setHistory = useStation((s) => s.setHistory);
  const say = useStation((s) => s.say);
  const [counts, setCounts] = useState<HistoryCounts | null>(null);
  const [signing, setSigning] = useState(false);
  const [signed, setSigned] = useState<SignResult | null>(null);
  const [localReload, setLocalReload] = useState(0);
  const signButton = useRef<HTMLButtonElement>(null);
  const announced = useRef<string | null>(null);

  const onCounts = useCallback(
    (c: HistoryCounts | null) => {
      setCounts(c);
      // Tell screen readers how many runs the filters found (the number is on the screen too).
      const k = JSON.stringify([history.filter, history.sort]);
      if (c && announced.current !== k && announced.current !== null) say(t('review.found', { count: c.runs, n: count(lang, c.runs) }), 'info', { quiet: true });
      if (c) announced.current = k;
    },
    [history.filter, history.sort, say, t, lang],
  );

  const apply = (filter: HistoryFilter, sort: HistorySort) => {
    setSigned(null);
    setSigning(false);
    setHistory({ filter, sort, scrollTop: 0, active: 0, returning: false });
  };

  const sign = async (meaning: 'reviewed' | 'approved' | 'rejected', reason: string | undefined) => {
    const res = await api['review.sign']({ session, target: { filter: history.filter }, meaning, ...(reason ? { reason } : {}) });
    if (!res.ok) {
      reviewFailure(t, res.error);
      return null;
    }
    return res.value;
  };

  const n = counts?.runs ?? 0;
  return (
    <section className="sw-section" aria-labelledby="history-title" data-testid="history">
      <h2 className="sw-h2" id="history-title">
        {t('review.historyTitle')}
      </h2>
      <Filters facets={facets} lang={lang} onApply={apply} />
      {counts ? <Counts counts={counts} lang={lang} /> : null}
      {signed ? <SignDone result={signed} lang={lang} /> : null}
      {counts && n > 0 && !signing ? (
        n > MAX_SIGN_RUNS ? (
          <p className="sw-hint" data-testid="sign-too-many">
            {t('review.signTooMany', { max: count(lang, MAX_SIGN_RUNS) })}
          </p>
        ) : (
          <div className="sw-actions">
            <Button variant="primary" icon="pencil" onClick={() => setSigning(true)} ref={signButton} data-testid="sign-filtered">
              {t('review.signN', { count: n, n: count(lang, n) })}
            </Button>
          </div>
        )
      ) : null}
      {signing ? (
        <SignForm
          count={n}
          lang={lang}
          testId="sign-filtered-form"
          onSign={sign}
          onClose={(result) => {
            setSigning(false);
            if (result) {
              setSigned(result);
              say(t('review.signedCount', { count: result.signed, n: count(lang, result.signed) }), 'ok', { quiet: true });
              setLocalReload((x) => x + 1);
            }
            setTimeout(() => signButton.current?.focus(), 0);
          }}
        />
      ) : null}
      <HistoryList session={session} filter={history.filter} sort={history.sort} reload={reload * 1000 + localReload} lang={lang} onCounts={onCounts} />
    </section>
  );
}
