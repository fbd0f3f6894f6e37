/**
 * Procurement (on the office computer, behind the supervisor PIN for now): import a shared folder or an unpacked
 * bundle with progress, read the integrity report, the scorecards, and export them.
 * Talks to the procurement.* channels; the import runs in the background and is polled every 500 ms.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFullPath } from '../../../../electron/contract/paths';
import { BrowseButton } from '../../components/BrowseButton';
import { api } from '../../api';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { ErrorInfo, ProcurementStatus } from '../../contract';
import type { Lang } from '../../i18n';
import { supervisorFailure, useStation } from '../../store';
import { useCommand, useQuery } from '../../useChannel';
import { PinGate } from '../settings/PinGate';
import { EnrolmentList } from './EnrolmentList';
import { ExportForm } from './ExportForm';
import { importHeadline, ImportProgressView, IntegrityReport } from './IntegrityReport';
import { PeriodForm } from './PeriodForm';
import { Scorecards } from './Scorecards';
import { LedgerForm } from './LedgerForm';
import { SupplierFilter, SuppliersView } from './SuppliersView';
import { procurementError } from './errors';
import { NO_PERIOD, type Period, periodArgs, type PeriodErrors, periodErrors } from './period';
import { Button } from '../../components/Button';

const POLL_MS = 500;

const FOLDER_ERRORS = new Set(['SHARE_NOT_FOUND', 'SHARE_NOT_FOLDER', 'SHARE_NOT_STEADYWORK', 'SHARE_UNREADABLE', 'IMPORT_FAILED']);

function ProcurementPanel({ session, lang, scanning }: { session: string; lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [source, setSource] = useState('');
  const [supplierName, setSupplierName] = useState('');
  const [full, setFull] = useState(false);
  // The supplier the scorecards and the side-by-side view keep ('' = every supplier); read when a call is made.
  const [supplier, setSupplier] = useState('');
  const supplierRef = useRef('');
  const [sourceError, setSourceError] = useState<string | null>(null);
  const [period, setPeriod] = useState<Period>(NO_PERIOD);
  const [periodProblems, setPeriodProblems] = useState<PeriodErrors>({});
  const periodRef = useRef<Period>(NO_PERIOD);
  const lastState = useRef<ProcurementStatus['state'] | null>(null);
  const command = useCommand();

  const failure = (error: ErrorInfo) => {
    if (error.code === 'SUPERVISOR_REQUIRED') return supervisorFailure(error);
    useStation.setState({ alert: { id: Date.now(), text: procurementError(t, error, source.trim()), tone: 'error' }, message: null });
  };

  // The scorecards, once the ledger exists (the period is read when the call is made).
  const [cardWanted, setCardWanted] = useState(false);
  const supplierArgs = () => (supplierRef.current ? { supplier: supplierRef.current } : {});
  const scorecard = useQuery(cardWanted ? `procurement.scorecard:${session}` : null, () => api['procurement.scorecard']({ session, ...periodArgs(periodRef.current), ...supplierArgs() }));
  const suppliersQuery = useQuery(cardWanted ? `procurement.suppliers:${session}` : null, () => api['procurement.suppliers']({ session, ...periodArgs(periodRef.current), ...supplierArgs() }));
  const cmp = suppliersQuery.data;
  const card = scorecard.data;
  const cardError = scorecard.error && scorecard.error.code !== 'SUPERVISOR_REQUIRED' && scorecard.error.code !== 'NO_LEDGER' ? procurementError(t, scorecard.error, '') : null;
  const loadCard = () => {
    if (!cardWanted) return setCardWanted(true);
    void scorecard.refresh();
    void suppliersQuery.refresh();
  };
  const chooseSupplier = (s: string) => {
    supplierRef.current = s;
    setSupplier(s);
    loadCard();
  };

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
        say(`${t('procurement.finished')} ${importHeadline(t, r, lang)}`, r.errors > 0 ? 'warn' : 'ok', { quiet: true });
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
    const res = await command.run(() => api['procurement.import']({ session, source: path, ...(supplierName.trim() ? { supplier: supplierName.trim() } : {}), ...(full ? { full: true } : {}) }));
    if (!res) return;
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
    statusQuery.setData((s) => ({ ...(s ?? { ledgerExists: false, exportDefaults: { csv: '', xlsx: '', html: '', parquet: '' } }), state: 'running', source: path }));
    scorecard.setData(() => null);
    suppliersQuery.setData(() => null);
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
      {/* On paper only the scorecards (Print under them): not the forms, the import or the enrolment list. */}
      <div className="sw-noprint-group">
        <ErrorSummary errors={errors} />
        <p className="sw-lead">{t('procurement.lead')}</p>
        <p className="sw-hint">{t('procurement.officeNote')}</p>

        <LedgerForm
          key={status?.ledger ? (status.ledger.kind === 'postgres' ? status.ledger.address : 'here') : 'loading'}
          session={session}
          ledger={status?.ledger}
          disabled={running}
          onFailure={failure}
          onChanged={() => {
            supplierRef.current = '';
            setSupplier('');
            scorecard.setData(() => null);
            suppliersQuery.setData(() => null);
            void statusQuery.refresh();
            loadCard();
          }}
        />

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
            <TextField
              id="import-supplier"
              label={t('procurement.suppliers.importLabel')}
              hint={t('procurement.suppliers.importHint')}
              value={supplierName}
              maxLength={200}
              autoComplete="off"
              onChange={(e) => setSupplierName(e.target.value)}
            />
            <div className="sw-checks">
              <div className="sw-check">
                <input className="sw-check__input" type="checkbox" id="import-full" aria-describedby="import-full-hint" checked={full} onChange={(e) => setFull(e.target.checked)} data-testid="import-full" />
                <label className="sw-check__label" htmlFor="import-full">
                  {t('procurement.fullCheck')}
                </label>
              </div>
              <p className="sw-hint" id="import-full-hint">
                {t('procurement.fullCheckHint')}
              </p>
            </div>
            <div className="sw-actions">
              <BrowseButton folder="procurement-source" title={t('desktop.chooseSource')} onChosen={setSource} testId="browse-source" />
              {/* Stays in place (and keeps focus) while an import runs, telling so instead of acting. */}
              <Button type="submit" variant="primary" icon={running ? 'clock' : 'sync'} data-testid="import" data-scan-first="" aria-disabled={running || undefined}>
                {running ? t('procurement.running') : status?.state === 'done' ? t('procurement.importAgain') : t('procurement.import')}
              </Button>
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

        {!running && status?.ledgerExists ? (
          <EnrolmentList key={`enrolment-${status.ledger?.kind === 'postgres' ? status.ledger.address : 'here'}-${status.importId ?? 0}-${status.state}`} session={session} lang={lang} onChanged={loadCard} onFailure={failure} />
        ) : null}
      </div>

      {!running && cmp ? (
        <section className="sw-section" aria-labelledby="suppliers-title" data-testid="suppliers">
          <h2 className="sw-h2" id="suppliers-title">
            {t('procurement.suppliers.title')}
          </h2>
          <p className="sw-hint">{t('procurement.suppliers.lead')}</p>
          <SupplierFilter suppliers={cmp.allSuppliers} value={supplier} onChange={chooseSupplier} />
          <SuppliersView cmp={cmp} lang={lang} />
        </section>
      ) : null}

      {!running && (card || cardError) ? (
        <section className="sw-section" aria-labelledby="score-title" data-testid="scorecards">
          <h2 className="sw-h2" id="score-title">
            {t('procurement.scoreTitle')}
          </h2>
          <div className="sw-noprint-group">
            <PeriodForm applied={period} errors={periodProblems} onApply={applyPeriod} />
          </div>
          {cardError ? <Notice tone="warn" title={cardError} /> : null}
          {card ? <Scorecards card={card} lang={lang} /> : null}
        </section>
      ) : null}

      {!running && status?.ledgerExists ? (
        <div className="sw-noprint-group">
          <ExportForm session={session} defaults={status.exportDefaults} period={period} onFailure={failure} />
        </div>
      ) : null}
    </>
  );
}

/** Procurement: behind the supervisor PIN (the same one as Settings, for now). */
export function ProcurementScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const session = useStation((s) => s.supervisor?.session);
  if (!session) return <PinGate scanning={scanning} lang={lang} />;
  return <ProcurementPanel session={session} lang={lang} scanning={scanning} />;
}
