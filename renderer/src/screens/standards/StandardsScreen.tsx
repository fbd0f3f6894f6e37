/**
 * Standards for the supervisor: every version this station knows with its state (standards.list), retire a
 * version with a reason (standards.retire), and "Check a standard file" — chosen with Browse (read here with
 * FileReader and sent as {name, text}) or typed as a full path — with the validation result, owner, version,
 * effective date and the step-by-step changes from the previous version (standards.check), then Publish.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isFullPath } from '../../../../electron/contract/paths';
import { BrowseButton } from '../../components/BrowseButton';
import { api } from '../../api';
import { ErrorSummary } from '../../components/ErrorSummary';
import { describedBy, Field, TextField } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { StandardCheck, StandardSource } from '../../contract';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { useCommand, useQuery } from '../../useChannel';
import { PinGate } from '../settings/PinGate';
import { SupervisorNav } from '../review/SupervisorNav';
import { reviewErrorText, reviewFailure } from '../review/errors';
import { CheckResult } from './CheckResult';
import { VersionList } from './VersionList';
import { ChecklistPrint } from '../desktop/ChecklistPrint';
import { Button } from '../../components/Button';

const MAX_FILE = 1_000_000;

function StandardsView({ session, lang, scanning }: { session: string; lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [path, setPath] = useState('');
  /** The version whose printable checklist is shown (its hash). */
  const [printing, setPrinting] = useState<string | null>(null);
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const [source, setSource] = useState<StandardSource | null>(null);
  const [check, setCheck] = useState<StandardCheck | null>(null);
  const [published, setPublished] = useState<{ id: string; version: number; hash: string; file: string } | null>(null);
  const publishedRef = useRef<HTMLDivElement>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const versions = useQuery(`standards.list:${session}`, () => api['standards.list']({ session }));
  const list = versions.data;
  const listError = versions.error && versions.error.code !== 'SUPERVISOR_REQUIRED' ? t('stdpub.listFailed') : null;
  const command = useCommand();
  const busy = command.busy;

  const runCheck = async (src: StandardSource, field: string) => {
    const res = await command.run(() => {
      setPublished(null);
      setCheck(null);
      return api['standards.check']({ session, source: src });
    });
    if (!res) return;
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED') return reviewFailure(t, res.error);
      setErrors([{ field, text: reviewErrorText(t, res.error) }]);
      return;
    }
    setErrors([]);
    setSource(src);
    setCheck(res.value);
    say(res.value.ok ? t('stdpub.checkOk') : t('stdpub.errorsTitle', { count: res.value.problems.filter((p) => p.severity === 'error').length }), res.value.ok ? 'ok' : 'warn', { quiet: true });
  };

  const onFile = (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE) {
      setErrors([{ field: 'standard-file', text: t('stdpub.errorTooBig') }]);
      return;
    }
    setFileName(file.name);
    const reader = new FileReader();
    reader.onload = () => void runCheck({ name: file.name, text: String(reader.result ?? '') }, 'standard-file');
    reader.onerror = () => setErrors([{ field: 'standard-file', text: t('stdpub.errorRead') }]);
    reader.readAsText(file);
    // The same file can be chosen again after it was changed on disk.
    e.target.value = '';
  };

  const checkPath = (e: React.FormEvent) => {
    e.preventDefault();
    const p = path.trim();
    const problem = !p ? t('stdpub.errorPath') : !isFullPath(p) ? t('stdpub.errorFullPath') : null;
    if (problem) {
      setErrors([{ field: 'standard-path', text: problem }]);
      return;
    }
    setFileName(null);
    void runCheck({ path: p }, 'standard-path');
  };

  const publish = async () => {
    if (!source) return;
    const res = await command.run(() => api['standards.publish']({ session, source }));
    if (!res) return;
    if (!res.ok) return reviewFailure(t, res.error);
    setPublished(res.value);
    setCheck(null);
    setSource(null);
    say(t('stdpub.publishedDone', { id: res.value.id, version: res.value.version }), 'ok', { quiet: true });
    void versions.refresh();
    setTimeout(() => publishedRef.current?.focus(), 0);
  };

  const err = (f: string) => errors.find((x) => x.field === f)?.text ?? null;
  if (printing) return <ChecklistPrint hash={printing} lang={lang} onBack={() => setPrinting(null)} />;
  return (
    <>
      <ScreenHeading focusKey="standards" noFocus={scanning}>
        {t('stdpub.title')}
      </ScreenHeading>
      <SupervisorNav current="standards" />
      <ErrorSummary errors={errors} />
      <p className="sw-lead">{t('stdpub.lead')}</p>

      <section className="sw-section" aria-labelledby="check-file-title">
        <h2 className="sw-h2" id="check-file-title">
          {t('stdpub.checkTitle')}
        </h2>
        <p>{t('stdpub.checkLead')}</p>
        <Field id="standard-file" label={t('stdpub.fileLabel')} hint={t('stdpub.fileHint')} error={err('standard-file')}>
          {/* The native button speaks the browser's language, not the station's: a labelled button of our own instead. */}
          <div className="sw-file">
            <span className="sw-file__pick">
              <input
                type="file"
                id="standard-file"
                className="sw-file__input"
                accept=".json,application/json"
                aria-describedby={describedBy('standard-file', true, !!err('standard-file'))}
                onChange={onFile}
                data-testid="standard-file"
              />
              <span className="sw-btn sw-btn--secondary sw-file__button" aria-hidden="true">
                <Icon name="list" className="sw-btn__icon" />
                <span className="sw-btn__label">{t('stdpub.browse')}</span>
              </span>
            </span>
            <span className="sw-file__name" data-testid="standard-file-name">
              {fileName ?? t('stdpub.noFile')}
            </span>
          </div>
        </Field>
        <form className="sw-form" onSubmit={checkPath} noValidate>
          <TextField
            id="standard-path"
            label={t('stdpub.pathLabel')}
            hint={t('stdpub.pathHint')}
            value={path}
            error={err('standard-path')}
            maxLength={1024}
            spellCheck={false}
            autoComplete="off"
            className="sw-input--path"
            onChange={(e) => setPath(e.target.value)}
            data-testid="standard-path"
          />
          <div className="sw-actions">
            <BrowseButton
              file="standard"
              title={t('desktop.chooseStandard')}
              onChosen={(p) => {
                setPath(p);
                void runCheck({ path: p }, 'standard-path');
              }}
              testId="browse-standard"
            />
            <Button type="submit" variant="secondary" icon="check" aria-disabled={busy || undefined} data-testid="check-path">
              {t('stdpub.checkButton')}
            </Button>
          </div>
        </form>
        {busy && !check ? (
          <p role="status" className="sw-lead">
            {t('stdpub.checking')}
          </p>
        ) : null}
      </section>

      {published ? (
        <div tabIndex={-1} ref={publishedRef} className="sw-alert-box" data-testid="publish-result" data-id={published.id} data-version={published.version}>
          <Notice tone="ok" title={t('stdpub.publishedDone', { id: published.id, version: published.version })}>
            <p>{t('stdpub.publishedWhere')}</p>
            <p className="sw-path">{published.file}</p>
          </Notice>
        </div>
      ) : null}
      {check ? <CheckResult check={check} lang={lang} onPublish={() => void publish()} publishing={busy} /> : null}

      <section className="sw-section" aria-labelledby="versions-title">
        <h2 className="sw-h2" id="versions-title" tabIndex={-1}>
          {t('stdpub.listTitle')}
        </h2>
        {listError ? <Notice tone="warn" title={listError} /> : null}
        {!list && !listError ? <p role="status">{t('review.loading')}</p> : null}
        {list && list.length === 0 ? <p>{t('stdpub.listEmpty')}</p> : null}
        {list && list.length > 0 ? <VersionList list={list} session={session} lang={lang} onChanged={() => void versions.refresh()} onPrint={(v) => setPrinting(v.hash)} /> : null}
      </section>
    </>
  );
}

export function StandardsPublishScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const session = useStation((s) => s.supervisor?.session);
  if (!session) return <PinGate scanning={scanning} lang={lang} />;
  return <StandardsView session={session} lang={lang} scanning={scanning} />;
}
