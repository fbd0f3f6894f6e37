/** The import's progress and its integrity report: per station what was verified and imported, every problem in words. */
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import type { ImportProblem, ImportProgress, ImportSummary } from '../../contract';
import { numberFormat, stationWords, type T } from '../../format';
import type { Lang } from '../../i18n';
import type { Tone } from '../../store';

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

export function ImportProgressView({ progress }: { progress: ImportProgress | undefined }) {
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
    <li className="sw-problem" data-severity={p.severity} data-testid="import-problem" data-code={p.code} data-station={p.station} data-file={p.file} data-line={p.line}>
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

/** An import's outcome in one sentence: the problems found, or nothing new, or the records added. */
export function importHeadline(t: T, result: ImportSummary, lang: Lang): string {
  const stations = result.stations.length;
  if (result.errors > 0) return t('procurement.withProblems', { count: result.errors + result.warnings });
  if (result.eventsAdded === 0) return t('procurement.allUpToDate', { count: stations });
  return t('procurement.allGood', { count: stations, added: numberFormat(lang).format(result.eventsAdded) });
}

export function IntegrityReport({ result, lang }: { result: ImportSummary; lang: Lang }) {
  const { t } = useTranslation();
  const n = numberFormat(lang);
  const tone: Tone = result.errors > 0 ? 'warn' : 'ok';
  const headline = importHeadline(t, result, lang);
  // What was read: a file imported before and changed since is seen only when every file is checked again.
  const howChecked = result.notReadAgain > 0 ? t('procurement.checkedNewOnly', { count: result.notReadAgain }) : result.fullCheck ? t('procurement.checkedAll') : null;
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
        {howChecked ? <p data-testid="import-how-checked">{howChecked}</p> : null}
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
