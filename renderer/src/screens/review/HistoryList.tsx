/** The virtualised list of runs (a grid with roving focus), fetched page by page: see History.tsx. */
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useCallback, useEffect, useEffectEvent, useMemo, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Notice } from '../../components/Notice';
import type { HistoryCounts, HistoryFilter, HistoryRow, HistorySort } from '../../contract';
import { count } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { estimateRow, HistoryRowView, measureRow, type RowActions } from './HistoryRow';
import { reviewFailure } from './errors';
import { FETCH_DELAY_MS, PAGE, pagesFor } from './historyPages';

export function HistoryList({
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
