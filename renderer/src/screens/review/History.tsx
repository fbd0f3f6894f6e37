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
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_SIGN_RUNS } from '../../../../electron/contract/limits';
import { api } from '../../api';
import { Button } from '../../components/Button';
import type { HistoryCounts, HistoryFacets, HistoryFilter, HistorySort } from '../../contract';
import { count } from '../../format';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { Counts } from './HistoryCounts';
import { Filters } from './HistoryFilters';
import { HistoryList } from './HistoryList';
import type { SignResult } from '../../contract';
import { SignDone, SignForm } from './SignForm';
import { reviewFailure } from './errors';

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

  const sign = async (meaning: 'reviewed' | 'approved' | 'rejected', reason: string | undefined, preview: boolean) => {
    const res = await api['review.sign']({ session, target: { filter: history.filter }, meaning, preview, ...(reason ? { reason } : {}) });
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
