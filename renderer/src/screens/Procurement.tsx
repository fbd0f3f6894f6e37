/**
 * Procurement (on the office computer, behind the supervisor PIN for now): import a shared folder or an unpacked
 * bundle with progress, read the integrity report, the scorecards, and export them.
 * Talks to the procurement.* channels; the import runs in the background and is polled every 500 ms.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, ImportProblem, ImportProgress, ImportSummary, ProcurementStatus, ReportFormat, ScoreFigures, ScorecardView } from '../contract';
import { api } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { RadioGroup } from '../components/RadioGroup';
import { ScreenHeading } from '../components/ScreenHeading';
import { Icon, type IconName } from '../components/Icon';
import { count, figureWords, numberFormat, stationWords, type T } from '../format';
import type { Lang } from '../i18n';
import { isFullPath } from '../../../electron/contract/paths';
import { supervisorFailure, useStation, type Tone } from '../store';
import { useQuery } from '../useChannel';
import { PinGate } from './Settings';

const POLL_MS = 500;
const FOLDER_ERRORS = new Set(['SHARE_NOT_FOUND', 'SHARE_NOT_FOLDER', 'SHARE_NOT_STEADYWORK', 'SHARE_UNREADABLE', 'IMPORT_FAILED']);

/** The period of the scorecard and the export: local days YYYY-MM-DD, inclusive; '' = from the first / to the last day with records. */
type Period = { from: string; to: string };
type PeriodErrors = { from?: string; to?: string };
const NO_PERIOD: Period = { from: '', to: '' };

/** A real calendar day written YYYY-MM-DD (what a date field gives). */
function isRealDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** What is wrong with a period, field by field, GOV.UK style: a date that is not real, or an end before the start. */
function periodErrors(t: T, p: Period, unreadable: { from: boolean; to: boolean }): PeriodErrors {
  const errors: PeriodErrors = {};
  if (unreadable.from || (p.from !== '' && !isRealDay(p.from))) errors.from = t('procurement.periodFromInvalid');
  if (unreadable.to || (p.to !== '' && !isRealDay(p.to))) errors.to = t('procurement.periodToInvalid');
  if (!errors.from && !errors.to && p.from && p.to && p.from > p.to) errors.to = t('procurement.periodOrder');
  return errors;
}

/** The period as channel arguments (only the days given). */
function periodArgs(p: Period): { from?: string; to?: string } {
  return { ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}) };
}

/** The words for an error of these channels, in the screen's language; `folder` names the path it is about. */
function procurementError(t: T, error: ErrorInfo, folder: string): string {
  const key = `procurement.errors.${error.code}`;
  const text = t(key, { folder });
  return text === key ? t('common.notSaved') : text;
}

function progressText(t: T, p: ImportProgress | undefined): string {
  if (!p) return t('procurement.phase.start');
  return t(`procurement.phase.${p.phase}`, { done: Math.min(p.done, p.total), total: p.total });
}


const STATUS_LOOK: Record<ImportSummary['stations'][number]['status'], { icon: IconName; tone: Tone }> = {
  imported: { icon: 'check', tone: 'ok' },
  up_to_date: { icon: 'check', tone: 'ok' },
  partial: { icon: 'warn', tone: 'warn' },
  rejected: { icon: 'cross', tone: 'error' },
};

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

function ImportProgressView({ progress }: { progress: ImportProgress | undefined }) {
  const { t } = useTranslation();
  const text = progressText(t, progress);
  const value = progress && progress.total > 0 ? Math.min(progress.done, progress.total) : undefined;
  return (
    <div className="sw-panel sw-import-progress" data-testid="import-progress">
      <h3 className="sw-h3">{t('procurement.running')}</h3>
      <progress
        className="sw-progress"
        id="import-progress-bar"
        aria-label={t('procurement.progressLabel')}
        aria-describedby="import-progress-text"
        {...(value !== undefined && progress ? { value, max: progress.total } : {})}
      />
      <p id="import-progress-text" className="sw-import-progress__text" role="status" aria-live="polite" aria-atomic="true" data-testid="import-progress-text">
        {text}
      </p>
      <p className="sw-hint">{t('procurement.noRush')}</p>
    </div>
  );
}

function problemWhere(t: T, p: ImportProblem): string {
  const station = stationWords(p.stationName, p.station, true);
  if (!p.station) return t('procurement.problemWhereShare', { file: p.file });
  if (!p.file) return t('procurement.problemWhereStation', { station });
  if (p.line > 0) return t('procurement.problemWhere', { station, file: p.file, line: p.line });
  return t('procurement.problemWhereFile', { station, file: p.file });
}

function ProblemItem({ p }: { p: ImportProblem }) {
  const { t } = useTranslation();
  const titleKey = `procurement.code.${p.code}`;
  const title = t(titleKey) === titleKey ? t('procurement.code.other', { code: p.code }) : t(titleKey);
  const tone: Tone = p.severity === 'error' ? 'error' : 'info';
  return (
    <li className="sw-problem" data-severity={p.severity} data-testid="import-problem" data-station={p.station} data-file={p.file} data-line={p.line}>
      <Notice tone={tone} title={`${t(`procurement.severity.${p.severity}`)}: ${title}`}>
        <p className="sw-problem__where">{problemWhere(t, p)}</p>
        {p.expected || p.found ? (
          <dl className="sw-problem__facts">
            <div>
              <dt>{t('procurement.expected')}</dt>
              <dd lang="en">{p.expected}</dd>
            </div>
            <div>
              <dt>{t('procurement.found')}</dt>
              <dd lang="en">{p.found}</dd>
            </div>
          </dl>
        ) : null}
        <p className="sw-problem__message" lang="en">
          {p.message}
        </p>
      </Notice>
    </li>
  );
}

function IntegrityReport({ result, lang }: { result: ImportSummary; lang: Lang }) {
  const { t } = useTranslation();
  const n = numberFormat(lang);
  const stations = result.stations.length;
  const tone: Tone = result.errors > 0 ? 'warn' : 'ok';
  const headline =
    result.errors > 0
      ? t('procurement.withProblems', { count: result.errors + result.warnings })
      : t('procurement.allGood', { count: stations, added: n.format(result.eventsAdded) });
  return (
    <section className="sw-section" aria-labelledby="integrity-title" data-testid="integrity-report">
      <h2 className="sw-h2" id="integrity-title">
        {t('procurement.reportTitle')}
      </h2>
      <p>
        {t('procurement.reportOf')} <span className="sw-path">{result.share}</span>
      </p>
      <Notice tone={tone} title={headline}>
        {result.errors > 0 ? <p>{t('procurement.notImported')}</p> : null}
        {result.errors === 0 && result.warnings > 0 ? <p>{t('procurement.warningsOnly', { count: result.warnings })}</p> : null}
      </Notice>
      <div className="sw-table-wrap">
        <table className="sw-table" data-testid="import-stations">
          <caption className="sw-table__caption">{t('procurement.stationsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('procurement.colStation')}</th>
              <th scope="col">{t('procurement.colResult')}</th>
              <th scope="col" className="sw-num">
                {t('procurement.colAdded')}
              </th>
              <th scope="col">{t('procurement.colProblems')}</th>
            </tr>
          </thead>
          <tbody>
            {result.stations.map((s) => {
              const look = STATUS_LOOK[s.status];
              return (
                <tr key={s.station} data-testid="import-station" data-station={s.station} data-status={s.status}>
                  <th scope="row">{stationWords(s.name, s.station, true)}</th>
                  <td>
                    <span className="sw-tag" data-tone={look.tone}>
                      <Icon name={look.icon} className="sw-tag__icon" />
                      {t(`procurement.status.${s.status}`)}
                    </span>
                  </td>
                  <td className="sw-num">{n.format(s.added)}</td>
                  <td>{s.errors + s.warnings === 0 ? t('procurement.noProblems') : `${t('procurement.errorsCount', { count: s.errors })}, ${t('procurement.warningsCount', { count: s.warnings })}`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {result.problems.length > 0 ? (
        <>
          <h3 className="sw-h3">{t('procurement.problemsTitle')}</h3>
          <ul className="sw-problem-list">
            {result.problems.map((p, i) => (
              <ProblemItem key={`${p.station}|${p.file}|${p.line}|${p.code}|${i}`} p={p} />
            ))}
          </ul>
          {result.problemsLeftOut > 0 ? <p>{t('procurement.leftOut', { count: result.problemsLeftOut })}</p> : null}
        </>
      ) : null}
    </section>
  );
}

function useFigures(lang: Lang) {
  const { t } = useTranslation();
  const figure = figureWords(lang, t('procurement.noFigure'));
  const rate = (v: number | null) => figure('rate', v);
  const per = (v: number | null) => figure('per', v);
  const cv = (v: number | null) => figure('cv', v);
  return { rate, per, cv, count: (v: number) => count(lang, v) };
}

/**
 * One scorecard (a station or a standard) as a small table: a row per measure, the figures in words, a bar beside
 * each main rate. Two columns only, so it reflows at 200 % text; the cards sit in a grid that wraps.
 */
function ScoreCardTable({ f, lang, caption, note, testId }: { f: ScoreFigures; lang: Lang; caption: string; note?: string; testId: string }) {
  const { t } = useTranslation();
  const x = useFigures(lang);
  return (
    <table className="sw-table sw-scorecard" data-testid={testId}>
      <caption className="sw-table__caption">
        {caption}
        {note ? <span className="sw-figure__more">{note}</span> : null}
      </caption>
      <tbody>
        <tr>
          <th scope="row">{t('procurement.colRoutine')}</th>
          <td>
            <p className="sw-figure">
              <Bar value={f.completionRate} />
              {t('procurement.routineDone', { rate: x.rate(f.completionRate) })}
            </p>
            <p className="sw-figure__more">{t('procurement.routineOnTime', { rate: x.rate(f.onTimeRate) })}</p>
            <p className="sw-figure__more">{t('procurement.routineOf', { done: x.count(f.completedDue), due: x.count(f.dueOccurrences) })}</p>
          </td>
        </tr>
        <tr>
          <th scope="row">{t('procurement.colClarity')}</th>
          <td>
            <p className="sw-figure__more">
              {t('procurement.clarityPer100', { deviations: x.per(f.deviationsPer100Steps), undos: x.per(f.undosPer100Steps), help: x.per(f.helpPer100Steps) })}
            </p>
            <p className="sw-figure__more">{t('procurement.outOfLimits', { rate: x.rate(f.outOfLimitsRate) })}</p>
          </td>
        </tr>
        <tr>
          <th scope="row">{t('procurement.colOwnership')}</th>
          <td>
            <p className="sw-figure">
              <Bar value={f.currentOwnedRate} />
              {t('procurement.ownedRate', { rate: x.rate(f.currentOwnedRate) })}
            </p>
          </td>
        </tr>
        <tr>
          <th scope="row">{t('procurement.colRepeat')}</th>
          <td>
            <p className="sw-figure">
              <Bar value={f.repeatRate} />
              {t('procurement.repeatRate', { rate: x.rate(f.repeatRate) })}
            </p>
            <p className="sw-figure__more">{t('procurement.durationSpread', { cv: x.cv(f.durationCv) })}</p>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function Scorecards({ card, lang }: { card: ScorecardView; lang: Lang }) {
  const { t } = useTranslation();
  const x = useFigures(lang);
  const day = (iso: string) => {
    const d = new Date(`${iso.slice(0, 10)}T12:00:00Z`);
    return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(lang === 'hi' ? 'hi-IN' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  };
  const hotByStandard = new Map<string, ScorecardView['hotSpots']>();
  for (const h of card.hotSpots) hotByStandard.set(h.standardId, [...(hotByStandard.get(h.standardId) ?? []), h]);
  return (
    <>
      <p>{t('procurement.period', { from: day(card.period.from), to: day(card.period.to), days: card.period.days })}</p>
      <p data-testid="score-summary" data-runs={card.summary.runs} data-from={card.period.from} data-to={card.period.to}>
        {t('procurement.summaryLine', { stations: x.count(card.summary.stations), standards: x.count(card.summary.standards), runs: x.count(card.summary.runs) })}
      </p>
      {card.summary.runs === 0 ? <Notice tone="info" title={t('procurement.scoreEmpty')} /> : null}
      <h3 className="sw-h3">{t('procurement.stationsTable')}</h3>
      <div className="sw-score-grid" data-testid="score-stations">
        {card.stations.map((s) => (
          <ScoreCardTable key={s.stationId} f={s} lang={lang} caption={stationWords(s.stationName, s.stationId, true)} testId="score-station" />
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

/**
 * The period of the scorecards and of the export: two date fields (empty = all days with records). A date that is
 * not real, or an end before the start, is told next to its field and in the error summary; nothing is reloaded.
 */
function PeriodForm({ applied, errors, onApply }: { applied: Period; errors: PeriodErrors; onApply: (p: Period, unreadable: { from: boolean; to: boolean }) => void }) {
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
        <button type="submit" className="sw-btn sw-btn--primary" data-testid="period-apply">
          <Icon name="check" className="sw-btn__icon" />
          <span className="sw-btn__label">{t('procurement.periodApply')}</span>
        </button>
        {applied.from || applied.to ? (
          <button type="button" className="sw-btn" data-testid="period-all" onClick={all}>
            <span className="sw-btn__label">{t('procurement.periodAll')}</span>
          </button>
        ) : null}
      </div>
    </form>
  );
}

function ExportForm({ session, defaults, period, onFailure }: { session: string; defaults: Record<ReportFormat, string>; period: Period; onFailure: (e: ErrorInfo) => void }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [format, setFormat] = useState<ReportFormat>('xlsx');
  const [out, setOut] = useState(defaults.xlsx);
  const [edited, setEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const choose = (f: ReportFormat) => {
    setFormat(f);
    if (!edited) setOut(defaults[f]);
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const path = out.trim();
    const problem = !path ? t('procurement.errorSource') : !isFullPath(path) ? t('procurement.errorFullPath') : null;
    setError(problem);
    setFiles(null);
    if (problem) {
      document.getElementById('export-path')?.focus();
      return;
    }
    setBusy(true);
    try {
      const res = await api['procurement.export']({ session, format, out: path, ...periodArgs(period) });
      if (!res.ok) {
        if (res.error.code === 'SUPERVISOR_REQUIRED' || res.error.code === 'NO_LEDGER' || res.error.code === 'IMPORT_RUNNING') return onFailure(res.error);
        setError(procurementError(t, res.error, path));
        document.getElementById('export-path')?.focus();
        return;
      }
      setFiles(res.value.files);
      say(t('procurement.exported', { count: res.value.files.length }), 'ok', { quiet: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="sw-section" aria-labelledby="export-title">
      <h2 className="sw-h2" id="export-title">
        {t('procurement.exportTitle')}
      </h2>
      <form className="sw-form" onSubmit={(e) => void submit(e)} noValidate>
        <RadioGroup<ReportFormat>
          legend={t('procurement.exportFormat')}
          name="export-format"
          value={format}
          onChange={choose}
          options={(['csv', 'xlsx', 'html'] as const).map((f) => ({ value: f, label: t(`procurement.format.${f}`) }))}
        />
        <p className="sw-hint" data-testid="export-period">
          {period.from || period.to
            ? t('procurement.exportPeriod', { from: period.from || t('procurement.periodFirstDay'), to: period.to || t('procurement.periodLastDay') })
            : t('procurement.exportAllDays')}
        </p>
        <TextField
          id="export-path"
          label={t('procurement.exportPath')}
          hint={format === 'csv' ? t('procurement.exportPathHintCsv') : t('procurement.exportPathHint')}
          error={error}
          value={out}
          maxLength={1024}
          spellCheck={false}
          autoComplete="off"
          className="sw-input--path"
          onChange={(e) => {
            setOut(e.target.value);
            setEdited(true);
          }}
        />
        <div className="sw-actions">
          <button type="submit" className="sw-btn sw-btn--primary" data-testid="export" aria-disabled={busy || undefined}>
            <Icon name="check" className="sw-btn__icon" />
            <span className="sw-btn__label">{t('procurement.exportButton')}</span>
          </button>
        </div>
      </form>
      {files ? (
        <div data-testid="export-done">
          <Notice tone="ok" title={t('procurement.exported', { count: files.length })}>
            <p>{t('procurement.exportFiles')}</p>
            <ul className="sw-files">
              {files.map((f) => (
                <li key={f} className="sw-path">
                  {f}
                </li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
    </section>
  );
}

function ProcurementPanel({ session, lang, scanning }: { session: string; lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [source, setSource] = useState('');
  const [sourceError, setSourceError] = useState<string | null>(null);
  const [period, setPeriod] = useState<Period>(NO_PERIOD);
  const [periodProblems, setPeriodProblems] = useState<PeriodErrors>({});
  const periodRef = useRef<Period>(NO_PERIOD);
  const lastState = useRef<ProcurementStatus['state'] | null>(null);

  const failure = (error: ErrorInfo) => {
    if (error.code === 'SUPERVISOR_REQUIRED') return supervisorFailure(error);
    useStation.setState({ alert: { id: Date.now(), text: procurementError(t, error, source.trim()), tone: 'error' }, message: null });
  };

  // The scorecards, once the ledger exists (the period is read when the call is made).
  const [cardWanted, setCardWanted] = useState(false);
  const scorecard = useQuery(cardWanted ? `procurement.scorecard:${session}` : null, () => api['procurement.scorecard']({ session, ...periodArgs(periodRef.current) }));
  const card = scorecard.data;
  const cardError = scorecard.error && scorecard.error.code !== 'SUPERVISOR_REQUIRED' && scorecard.error.code !== 'NO_LEDGER' ? procurementError(t, scorecard.error, '') : null;
  const loadCard = () => (cardWanted ? void scorecard.refresh() : setCardWanted(true));

  // The first look, then every 500 ms while an import runs.
  const [running, setRunning] = useState(false);
  const statusQuery = useQuery(`procurement.status:${session}`, () => api['procurement.status']({ session }), {
    pollMs: running ? POLL_MS : undefined,
    onData: (s) => {
      const before = lastState.current;
      lastState.current = s.state;
      if (before === null && s.source) setSource((cur) => cur || s.source || '');
      if (before === 'running' && s.state === 'done' && s.result) {
        const r = s.result;
        const words = r.errors > 0 ? `${t('procurement.finished')} ${t('procurement.withProblems', { count: r.errors + r.warnings })}` : `${t('procurement.finished')} ${t('procurement.allGood', { count: r.stations.length, added: r.eventsAdded })}`;
        say(words, r.errors > 0 ? 'warn' : 'ok', { quiet: true });
      }
      if (before === 'running' && s.state === 'failed' && s.error) failure(s.error);
      if ((before === null || before === 'running') && s.state !== 'running' && s.ledgerExists) loadCard();
    },
  });
  const status = statusQuery.data;
  const isRunning = status?.state === 'running';
  if (isRunning !== running) setRunning(isRunning);

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    if (running) return;
    const path = source.trim();
    const problem = !path ? t('procurement.errorSource') : !isFullPath(path) ? t('procurement.errorFullPath') : null;
    setSourceError(problem);
    if (problem) {
      document.getElementById('share-path')?.focus();
      return;
    }
    const res = await api['procurement.import']({ session, source: path });
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED') return supervisorFailure(res.error);
      if (FOLDER_ERRORS.has(res.error.code)) {
        setSourceError(procurementError(t, res.error, path));
        document.getElementById('share-path')?.focus();
        return;
      }
      return failure(res.error);
    }
    lastState.current = 'running';
    statusQuery.setData((s) => ({ ...(s ?? { ledgerExists: false, exportDefaults: { csv: '', xlsx: '', html: '' } }), state: 'running', source: path }));
    scorecard.setData(() => null);
    say(t('procurement.started'), 'info');
  };

  const applyPeriod = (p: Period, unreadable: { from: boolean; to: boolean }) => {
    const problems = periodErrors(t, p, unreadable);
    setPeriodProblems(problems);
    if (problems.from || problems.to) return; // the error summary takes the focus and links to the field
    periodRef.current = p;
    setPeriod(p);
    void loadCard();
  };

  const failed = status?.state === 'failed' && status.error ? status.error : null;
  const errors = [
    ...(sourceError ? [{ field: 'share-path', text: sourceError }] : []),
    ...(periodProblems.from ? [{ field: 'period-from', text: periodProblems.from }] : []),
    ...(periodProblems.to ? [{ field: 'period-to', text: periodProblems.to }] : []),
  ];
  return (
    <>
      <ScreenHeading focusKey="procurement" noFocus={scanning}>
        {t('procurement.title')}
      </ScreenHeading>
      <ErrorSummary errors={errors} />
      <p className="sw-lead">{t('procurement.lead')}</p>
      <p className="sw-hint">{t('procurement.officeNote')}</p>

      <section className="sw-section" aria-labelledby="import-title">
        <h2 className="sw-h2" id="import-title">
          {t('procurement.importTitle')}
        </h2>
        <form className="sw-form" onSubmit={(e) => void start(e)} noValidate>
          <TextField
            id="share-path"
            label={t('procurement.source')}
            hint={t('procurement.sourceHint')}
            error={sourceError}
            value={source}
            maxLength={1024}
            spellCheck={false}
            autoComplete="off"
            className="sw-input--path"
            onChange={(e) => setSource(e.target.value)}
          />
          <div className="sw-actions">
            {/* Stays in place (and keeps focus) while an import runs, telling so instead of acting. */}
            <button type="submit" className="sw-btn sw-btn--primary" data-testid="import" data-scan-first="" aria-disabled={running || undefined}>
              <Icon name={running ? 'clock' : 'sync'} className="sw-btn__icon" />
              <span className="sw-btn__label">{running ? t('procurement.running') : status?.state === 'done' ? t('procurement.importAgain') : t('procurement.import')}</span>
            </button>
          </div>
        </form>
        {running ? <ImportProgressView progress={status?.progress} /> : null}
        {failed ? (
          <div data-testid="import-failed">
            <Notice tone="error" title={procurementError(t, failed, status?.source ?? source)}>
              <p className="sw-hint">{t('procurement.errors.details')}</p>
              <p lang="en" className="sw-path">
                {failed.message}
              </p>
            </Notice>
          </div>
        ) : null}
      </section>

      {status?.state === 'done' && status.result ? <IntegrityReport result={status.result} lang={lang} /> : null}

      {!running && (card || cardError) ? (
        <section className="sw-section" aria-labelledby="score-title" data-testid="scorecards">
          <h2 className="sw-h2" id="score-title">
            {t('procurement.scoreTitle')}
          </h2>
          <PeriodForm applied={period} errors={periodProblems} onApply={applyPeriod} />
          {cardError ? <Notice tone="warn" title={cardError} /> : null}
          {card ? <Scorecards card={card} lang={lang} /> : null}
        </section>
      ) : null}

      {!running && status?.ledgerExists ? <ExportForm session={session} defaults={status.exportDefaults} period={period} onFailure={failure} /> : null}
    </>
  );
}

/** Procurement: behind the supervisor PIN (the same one as Settings, for now). */
export function ProcurementScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const session = useStation((s) => s.supervisor?.session);
  if (!session) return <PinGate scanning={scanning} lang={lang} />;
  return <ProcurementPanel session={session} lang={lang} scanning={scanning} />;
}
