/** The scorecards per station and per standard (procurement.scorecard), with the clarity hot spots. */
import { useTranslation } from 'react-i18next';
import { PrintButtons } from '../../components/PrintButtons';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { noStationEnrolled } from '../../../../electron/contract/scorecard';
import type { ScorecardView, ScoreFigures, StationScore, StationStatus } from '../../contract';
import { count, counted, measureWords, stationWords, type CountedNoun } from '../../format';
import type { Lang } from '../../i18n';

/** A small bar for a rate 0..1: a picture of the number beside it, never instead of it. */
function Bar({ value, tone = 'info' }: { value: number | null; tone?: 'ok' | 'info' | 'warn' }) {
  if (value === null) return null;
  const pct = Math.max(0, Math.min(1, value)) * 100;
  return (
    <span className="sw-bar-figure" aria-hidden="true" data-tone={tone}>
      <span className="sw-bar-figure__fill" style={{ width: `${pct}%` }} />
    </span>
  );
}

function useFigures(lang: Lang) {
  const { t } = useTranslation();
  /** A rate measure's sentence ({{rate}} in words), or its own sentence when there is nothing to count yet. */
  const rate = (key: string, v: number | null) => measureWords(t, lang, key, 'rate', { rate: v });
  return { rate, measure: (key: string, kind: 'per' | 'cv', values: Record<string, number | null>) => measureWords(t, lang, key, kind, values),
    count: (v: number) => count(lang, v), counted: (noun: CountedNoun, v: number) => counted(t, lang, noun, v) };
}

/**
 * One scorecard (a station or a standard) as a small table: a row per measure, the figures in words, a bar beside
 * each main rate. Two columns only, so it reflows at 200 % text; the cards sit in a grid that wraps.
 */
function ScoreCardTable({ f, lang, caption, note, status, testId }: { f: ScoreFigures; lang: Lang; caption: string; note?: string | undefined; status?: StationStatus; testId: string }) {
  const { t } = useTranslation();
  const x = useFigures(lang);
  return (
    <table className="sw-table sw-scorecard" data-testid={testId} data-status={status}>
      <caption className="sw-table__caption">
        {caption}
        {status && status !== 'verified' ? (
          <span className="sw-scorecard__status">
            <StatusTag status={status} />
          </span>
        ) : null}
        {note ? <span className="sw-figure__more" data-testid="score-cover">{note}</span> : null}
      </caption>
      <tbody>
        <tr>
          <th scope="row">{t('procurement.colRoutine')}</th>
          <td>
            <p className="sw-figure">
              <Bar value={f.completionRate} />
              {x.rate('procurement.routineDone', f.completionRate)}
            </p>
            <p className="sw-figure__more" data-testid="score-on-time" data-value={f.onTimeRate ?? ''}>
              {x.rate('procurement.routineOnTime', f.onTimeRate)}
            </p>
            {f.dueOccurrences > 0 ? (
              <p className="sw-figure__more">{t('procurement.routineOf', { done: x.count(f.completedDue), due: x.count(f.dueOccurrences) })}</p>
            ) : null}
          </td>
        </tr>
        <tr>
          <th scope="row">{t('procurement.colClarity')}</th>
          <td>
            <p className="sw-figure__more">
              {x.measure('procurement.clarityPer100', 'per', { deviations: f.deviationsPer100Steps, undos: f.undosPer100Steps, help: f.helpPer100Steps })}
            </p>
            <p className="sw-figure__more">{x.rate('procurement.outOfLimits', f.outOfLimitsRate)}</p>
          </td>
        </tr>
        <tr>
          <th scope="row">{t('procurement.colOwnership')}</th>
          <td>
            <p className="sw-figure">
              <Bar value={f.currentOwnedRate} />
              {x.rate('procurement.ownedRate', f.currentOwnedRate)}
            </p>
          </td>
        </tr>
        <tr>
          <th scope="row">{t('procurement.colRepeat')}</th>
          <td>
            <p className="sw-figure">
              <Bar value={f.repeatRate} />
              {x.rate('procurement.repeatRate', f.repeatRate)}
            </p>
            <p className="sw-figure__more">{x.measure('procurement.durationSpread', 'cv', { cv: f.durationCv })}</p>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

const STATUS_ORDER: StationStatus[] = ['partial', 'rejected', 'awaiting_enrolment', 'stale', 'verified'];

/** A station's status as a tag: an icon and the word (the word carries the meaning). */
function StatusTag({ status }: { status: StationStatus }) {
  const { t } = useTranslation();
  return (
    <span className="sw-tag" data-state={status === 'verified' ? 'done' : 'late'} data-testid="station-status" data-status={status}>
      <Icon name={status === 'verified' ? 'check' : 'warn'} className="sw-tag__icon" />
      {t(`procurement.stationStatus.${status}`)}
    </span>
  );
}

export function Scorecards({ card, lang }: { card: ScorecardView; lang: Lang }) {
  const { t } = useTranslation();
  const x = useFigures(lang);
  const day = (iso: string) => {
    const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(lang === 'hi' ? 'hi-IN' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  };
  /** What a station's figures cover, in words: the verified-period label. */
  const cover = (s: StationScore) =>
    s.status === 'awaiting_enrolment'
      ? t('procurement.coverNotCounted')
      : s.verifiedFrom === null || s.verifiedTo === null
        ? t('procurement.coverNothing')
        : s.cut
          ? t('procurement.coverVerifiedOnly', { from: day(s.verifiedFrom), to: day(s.verifiedTo) })
          : undefined;
  const flagged = [...card.stations].filter((s) => s.status !== 'verified').sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  const by = card.summary.stationsByStatus;
  const hotByStandard = new Map<string, ScorecardView['hotSpots']>();
  for (const h of card.hotSpots) hotByStandard.set(h.standardId, [...(hotByStandard.get(h.standardId) ?? []), h]);
  return (
    <>
      <PrintButtons name={`${t('desktop.scorecardName')} ${card.period.from.slice(0, 10)} ${card.period.to.slice(0, 10)}`} testId="print-scorecard" />
      <p>{t('procurement.period', { from: day(card.period.from), to: day(card.period.to), days: x.count(card.period.days), count: card.period.days })}</p>
      <p data-testid="score-summary" data-runs={card.summary.runs} data-from={card.period.from} data-to={card.period.to}>
        {t('procurement.summaryLine', { stations: x.counted('nStations', card.summary.stations), standards: x.counted('nStandards', card.summary.standards), runs: x.counted('nRuns', card.summary.runs) })}
      </p>
      <p data-testid="score-status-counts" data-verified={by.verified} data-partial={by.partial} data-rejected={by.rejected} data-awaiting={by.awaiting_enrolment} data-stale={by.stale}>
        {t('procurement.statusCounts', {
          stations: x.counted('nStations', card.summary.stations),
          verified: x.count(by.verified),
          partial: x.count(by.partial),
          rejected: x.count(by.rejected),
          awaiting: x.count(by.awaiting_enrolment),
          stale: x.count(by.stale),
        })}
      </p>
      {flagged.length > 0 ? (
        <section className="sw-section" aria-labelledby="flagged-title" data-testid="flagged-stations">
          <Notice tone="warn" title={<span id="flagged-title">{t('procurement.flaggedTitle', { count: flagged.length })}</span>}>
            <p>{t('procurement.flaggedLead')}</p>
            <ul className="sw-flagged">
              {flagged.map((s) => (
                <li key={s.stationId} data-testid="flagged-station" data-station={s.stationId} data-status={s.status}>
                  <p className="sw-figure">
                    <StatusTag status={s.status} /> {stationWords(s.stationName, s.stationId, true)}
                  </p>
                  <p data-testid="flagged-cover">{cover(s) ?? t('procurement.coverWhole')}</p>
                  {s.missing ? (
                    <p>
                      {t('procurement.flaggedMissing')} <span lang="en">{s.missing}</span>
                    </p>
                  ) : null}
                  {s.why ? (
                    <p>
                      {t('procurement.flaggedWhy')} <span lang="en">{s.why}</span>
                    </p>
                  ) : null}
                </li>
              ))}
            </ul>
          </Notice>
        </section>
      ) : null}
      {noStationEnrolled(card.summary.stationsByStatus) ? (
        <div data-testid="none-enrolled">
          <Notice tone="info" title={t('procurement.noneEnrolled', { count: card.summary.stationsByStatus.awaiting_enrolment })}>
            <p>{t('procurement.noneEnrolledHow')}</p>
          </Notice>
        </div>
      ) : card.summary.runs === 0 ? <Notice tone="info" title={t('procurement.scoreEmpty')} /> : null}
      <h3 className="sw-h3">{t('procurement.stationsTable')}</h3>
      <div className="sw-score-grid" data-testid="score-stations">
        {card.stations.map((s) => (
          <ScoreCardTable
            key={s.stationId}
            f={s}
            lang={lang}
            caption={stationWords(s.stationName, s.stationId, true)}
            status={s.status}
            note={cover(s)}
            testId="score-station"
          />
        ))}
      </div>
      <h3 className="sw-h3">{t('procurement.standardsTable')}</h3>
      <div className="sw-score-grid" data-testid="score-standards">
        {card.standards.map((s) => (
          <ScoreCardTable
            key={s.standardId}
            f={s}
            lang={lang}
            caption={s.title ?? s.standardId}
            note={s.ownerRole || s.ownerName ? t('procurement.owner', { owner: [s.ownerName, s.ownerRole].filter(Boolean).join(', ') }) : t('procurement.noOwner')}
            testId="score-standard"
          />
        ))}
      </div>
      <section className="sw-section" aria-labelledby="hotspots-title" data-testid="hot-spots">
        <h3 className="sw-h3" id="hotspots-title">
          {t('procurement.hotSpotsTitle')}
        </h3>
        <p>{t('procurement.hotSpotsLead')}</p>
        {card.hotSpots.length === 0 ? <p>{t('procurement.hotSpotsNone')}</p> : null}
        {[...hotByStandard.entries()].map(([standardId, spots]) => {
          const title = card.standards.find((s) => s.standardId === standardId)?.title ?? standardId;
          return (
            <div key={standardId} className="sw-hotspots">
              <h4 className="sw-h4">{title}</h4>
              <ol className="sw-hotspots__list">
                {spots
                  .slice()
                  .sort((a, b) => a.rank - b.rank)
                  .slice(0, 3)
                  .map((h) => (
                    <li key={h.stepId}>
                      <p className="sw-figure" lang={lang === 'hi' && h.stepTextHi ? 'hi' : h.stepTextEn ? 'en' : undefined}>
                        {(lang === 'hi' ? h.stepTextHi : null) ?? h.stepTextEn ?? h.stepId}
                      </p>
                      <p className="sw-figure__more">{t('procurement.hotSpotCounts', { help: x.count(h.helpRequests), undos: x.count(h.undos), deviations: x.count(h.deviations) })}</p>
                      <p className="sw-figure__more">{t('procurement.hotSpotOf', { recorded: x.count(h.recorded) })}</p>
                    </li>
                  ))}
              </ol>
            </div>
          );
        })}
      </section>
    </>
  );
}
