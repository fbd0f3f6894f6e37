/** One run of the history list: routine and time, who and station, the result and the countersignature. */
import type { Virtualizer } from '@tanstack/react-virtual';
import { memo } from 'react';
import { Icon, type IconName } from '../../components/Icon';
import { LocalText, localText } from '../../components/LocalText';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { HistoryRow } from '../../contract';
import { count, durationWords, stationWords, type T, whenWords } from '../../format';
import type { Lang } from '../../i18n';
import { SignatureTag } from './SignatureTag';

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
      {row.abandonReason ? (
        <span className="sw-hist__facts" data-testid="history-stop-reason">
          {t('review.abandonReason', { reason: localText(row.abandonReasonText, lang) || row.abandonReason })}
        </span>
      ) : null}
    </>
  );
}

/** Rough height of a row in px before it is measured: 5.75 rem at this page's text size. */
export function estimateRow(): number {
  const rootPx = typeof window === 'undefined' ? 16 : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  return Math.round(rootPx * 5.75);
}

/**
 * The size of a row for the virtualiser: from the ResizeObserver's entry when there is one; when a row is just
 * added, the size already known for it (or the estimate), so that adding rows never reads the layout.
 */
export function measureRow(el: Element, entry: ResizeObserverEntry | undefined, v: Virtualizer<HTMLDivElement, Element>): number {
  const box = entry?.borderBoxSize?.[0];
  if (box) return Math.round(box.blockSize);
  const i = v.indexFromElement(el);
  return v.itemSizeCache.get(v.options.getItemKey(i)) ?? v.options.estimateSize(i);
}

export type RowActions = {
  open: (i: number) => void;
  key: (e: React.KeyboardEvent, i: number) => void;
  focus: (i: number) => void;
};

/**
 * One run in the list. Memoised: while the list scrolls, only the rows that come into view render; the others
 * keep their props (the row object of a page never changes, `actions` and `measure` are stable).
 */
export const HistoryRowView = memo(function HistoryRowView({
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
        <span className="sw-hist__line" data-testid="history-people">
          {row.actors.map((a) => a.name ?? a.id).join(', ')}
        </span>
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
