/** Export the scorecards (CSV folder, Excel or printable HTML) to a full path (procurement.export). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFullPath } from '../../../../electron/contract/paths';
import { BrowseButton } from '../../components/BrowseButton';
import { api } from '../../api';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { RadioGroup } from '../../components/RadioGroup';
import type { ErrorInfo, ReportFormat } from '../../contract';
import { useStation } from '../../store';
import { procurementError } from './errors';
import { type Period, periodArgs } from './period';
import { useCommand } from '../../useChannel';
import { Button } from '../../components/Button';

export function ExportForm({ session, defaults, period, onFailure }: { session: string; defaults: Record<ReportFormat, string>; period: Period; onFailure: (e: ErrorInfo) => void }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [format, setFormat] = useState<ReportFormat>('xlsx');
  const [out, setOut] = useState(defaults.xlsx);
  const [edited, setEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<string[] | null>(null);
  const command = useCommand();
  const busy = command.busy;
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
    const res = await command.run(() => api['procurement.export']({ session, format, out: path, ...periodArgs(period) }));
    if (!res) return;
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED' || res.error.code === 'NO_LEDGER' || res.error.code === 'IMPORT_RUNNING') return onFailure(res.error);
      setError(procurementError(t, res.error, path));
      document.getElementById('export-path')?.focus();
      return;
    }
    setFiles(res.value.files);
    say(t('procurement.exported', { count: res.value.files.length }), 'ok', { quiet: true });
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
          options={(['csv', 'xlsx', 'html', 'parquet'] as const).map((f) => ({ value: f, label: t(`procurement.format.${f}`) }))}
        />
        <p className="sw-hint" data-testid="export-period">
          {period.from || period.to
            ? t('procurement.exportPeriod', { from: period.from || t('procurement.periodFirstDay'), to: period.to || t('procurement.periodLastDay') })
            : t('procurement.exportAllDays')}
        </p>
        <TextField
          id="export-path"
          label={t('procurement.exportPath')}
          hint={format === 'csv' ? t('procurement.exportPathHintCsv') : format === 'parquet' ? t('procurement.exportPathHintParquet') : t('procurement.exportPathHint')}
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
          {format === 'csv' ? (
            <BrowseButton folder="export" title={t('desktop.chooseExportFolder')} onChosen={(p) => (setOut(p), setEdited(true))} testId="browse-export" />
          ) : (
            <BrowseButton file={format === 'xlsx' ? 'export-xlsx' : 'export-html'} title={t('desktop.chooseExportFile')} onChosen={(p) => (setOut(p), setEdited(true))} testId="browse-export" />
          )}
          <Button type="submit" variant="primary" icon="check" data-testid="export" aria-disabled={busy || undefined}>
            {t('procurement.exportButton')}
          </Button>
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
