/**
 * Standards for the supervisor: every version this station knows with its state (standards.list), retire a
 * version with a reason (standards.retire), and "Check a standard file" — chosen with Browse (read here with
 * FileReader and sent as {name, text}) or typed as a full path — with the validation result, owner, version,
 * effective date and the step-by-step changes from the previous version (standards.check), then Publish.
 */
import { useEffect, useRef, useState } from 'react';
import { isFullPath } from '../../../electron/contract/paths';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { Button } from '../components/Button';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { Notice } from '../components/Notice';
import { ScreenHeading } from '../components/ScreenHeading';
import { VisuallyHidden } from '../components/VisuallyHidden';
import { Icon, type IconName } from '../components/Icon';
import type { Lang } from '../i18n';
import { useStation } from '../store';
import { useCommand, useQuery } from '../useChannel';
import { PinGate } from './Settings';
import { LocalText, localText } from '../components/LocalText';
import type { KnownStandardVersion, StandardCheck, StandardSource, StepChange } from '../contract';
import { SupervisorNav } from './review/SupervisorNav';
import { reviewErrorText, reviewFailure } from './review/errors';
import { dayWords } from '../format';

const MAX_FILE = 1_000_000;

const STATE_LOOK: Record<KnownStandardVersion['state'], { icon: IconName; state: string }> = {
  current: { icon: 'check', state: 'done' },
  upcoming: { icon: 'clock', state: 'due' },
  superseded: { icon: 'dash', state: 'upcoming' },
  retired: { icon: 'cross', state: 'late' },
};

function RetireForm({ v, session, lang, onDone }: { v: KnownStandardVersion; session: string; lang: Lang; onDone: (retired: boolean) => void }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const id = `retire-reason-${v.id}-${v.version}`;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('stdpub.retireErrorReason'));
      return;
    }
    setError(null);
    const res = await api['standards.retire']({ session, id: v.id, version: v.version, reason: reason.trim() });
    if (!res.ok) {
      if (res.error.code === 'SUPERVISOR_REQUIRED') return reviewFailure(t, res.error);
      setError(reviewErrorText(t, res.error));
      return;
    }
    say(t('stdpub.retired', { title: localText(v.title, lang) || v.id, version: v.version }), 'ok');
    onDone(true);
  };
  return (
    <form className="sw-panel sw-form" onSubmit={(e) => void submit(e)} noValidate data-testid="retire-form">
      <h3 className="sw-h3" tabIndex={-1} ref={ref}>
        {t('stdpub.retireTitle', { title: localText(v.title, lang) || v.id, version: v.version })}
      </h3>
      <ErrorSummary errors={error ? [{ field: id, text: error }] : []} />
      <p>{t('stdpub.retireLead')}</p>
      <TextField id={id} label={t('stdpub.retireReason')} value={reason} maxLength={500} error={error} onChange={(e) => setReason(e.target.value)} autoComplete="off" data-testid="retire-reason" />
      <div className="sw-actions">
        <button type="submit" className="sw-btn sw-btn--warning" data-testid="retire-confirm">
          <Icon name="cross" className="sw-btn__icon" />
          <span className="sw-btn__label">{t('stdpub.retireYes')}</span>
        </button>
        <Button icon="back" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}

function VersionList({ list, session, lang, onChanged }: { list: KnownStandardVersion[]; session: string; lang: Lang; onChanged: () => void }) {
  const { t } = useTranslation();
  const [retiring, setRetiring] = useState<string | null>(null);
  const sorted = [...list].sort((a, b) => a.id.localeCompare(b.id) || b.version - a.version);
  return (
    <>
      <ul className="sw-versions" data-testid="standards-list">
        {sorted.map((v) => {
          const key = `${v.id}@${v.version}`;
          const look = STATE_LOOK[v.state];
          return (
            <li key={key} className="sw-version" data-testid="standard-version" data-id={v.id} data-version={v.version} data-state={v.state}>
              <div className="sw-version__body">
                <p className="sw-version__title">
                  <LocalText text={v.title} lang={lang} fallback={v.id} />
                  <span className="sw-version__num">{t('stdpub.version', { version: v.version })}</span>
                </p>
                <p className="sw-version__facts">
                  <span className="sw-tag" data-state={look.state}>
                    <Icon name={look.icon} className="sw-tag__icon" />
                    {t(`stdpub.state.${v.state}`)}
                  </span>
                  <span>{t('stdpub.effective', { day: dayWords(v.effectiveFrom, lang) })}</span>
                  <span>{t('stdpub.ownerIs', { owner: v.owner })}</span>
                  <span>{v.published ? t('stdpub.published') : t('stdpub.notPublished')}</span>
                </p>
                <p className="sw-hint sw-path">{v.id}</p>
              </div>
              {v.state !== 'retired' && retiring !== key ? (
                <Button icon="cross" onClick={() => setRetiring(key)} data-testid="retire">
                  {t('stdpub.retire')}
                  <VisuallyHidden>
                    {' '}
                    {t('stdpub.retireWhich', { title: localText(v.title, lang) || v.id, version: v.version })}
                  </VisuallyHidden>
                </Button>
              ) : null}
              {retiring === key ? (
                <RetireForm
                  v={v}
                  session={session}
                  lang={lang}
                  onDone={(done) => {
                    setRetiring(null);
                    if (done) onChanged();
                    // Focus goes back where it was: this version's Retire button, or the list's heading once it is retired.
                    setTimeout(() => {
                      const again = document.querySelector<HTMLElement>(`[data-testid="standard-version"][data-id="${CSS.escape(v.id)}"][data-version="${v.version}"] [data-testid="retire"]`);
                      (done || !again ? document.getElementById('versions-title') : again)?.focus();
                    }, 0);
                  }}
                />
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function changeWords(t: (k: string, o?: Record<string, unknown>) => string, c: StepChange): string {
  switch (c.change) {
    case 'added':
      return t('stdpub.change.added', { n: c.index + 1 });
    case 'removed':
      return t('stdpub.change.removed', { n: c.index + 1 });
    case 'moved':
      return t('stdpub.change.moved', { from: c.from + 1, to: c.to + 1 });
    default:
      return c.stepId === '' ? t('stdpub.change.standard') : t('stdpub.change.changed', { n: c.index + 1 });
  }
}

const CHANGE_ICON: Record<StepChange['change'], IconName> = { added: 'plus', removed: 'trash', moved: 'list', changed: 'pencil' };

function CheckResult({ check, lang, onPublish, publishing }: { check: StandardCheck; lang: Lang; onPublish: () => void; publishing: boolean }) {
  const { t } = useTranslation();
  const errors = check.problems.filter((p) => p.severity === 'error');
  const warnings = check.problems.filter((p) => p.severity === 'warning');
  const summaryRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) summaryRef.current?.focus();
  }, [check, errors.length]);
  const s = check.standard;
  return (
    <section className="sw-section" aria-labelledby="check-title" data-testid="check-result" data-ok={check.ok}>
      <h2 className="sw-h2" id="check-title">
        {t('stdpub.resultTitle', { file: check.file })}
      </h2>
      {errors.length > 0 ? (
        <div className="sw-error-summary" ref={summaryRef} tabIndex={-1} role="alert" aria-labelledby="check-errors-title" data-testid="check-errors">
          <h3 className="sw-error-summary__title" id="check-errors-title">
            <Icon name="warn" className="sw-error-summary__icon" />
            {t('stdpub.errorsTitle', { count: errors.length })}
          </h3>
          <p>{t('stdpub.errorsLead')}</p>
          <ul className="sw-error-summary__list sw-error-summary__list--plain">
            {errors.map((p, i) => (
              <li key={i} data-testid="check-error">
                {p.field && !p.message.includes(p.field) ? <strong className="sw-path">{p.field}: </strong> : null}
                <span lang="en">{p.message}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <div data-testid="check-ok">
          <Notice tone="ok" title={check.alreadyPublished ? t('stdpub.alreadyPublished') : t('stdpub.checkOk')} />
        </div>
      )}
      {warnings.length > 0 ? (
        <Notice tone="info" title={t('stdpub.warningsTitle', { count: warnings.length })}>
          <ul className="sw-problems">
            {warnings.map((p, i) => (
              <li key={i} data-testid="check-warning">
                {p.field && !p.message.includes(p.field) ? <strong className="sw-path">{p.field}: </strong> : null}
                <span lang="en">{p.message}</span>
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {s ? (
        <dl className="sw-facts" data-testid="check-standard" data-id={s.id} data-version={s.version}>
          <div>
            <dt>{t('stdpub.routine')}</dt>
            <dd>
              <LocalText text={s.title} lang={lang} fallback={s.id} />
            </dd>
          </div>
          <div>
            <dt>{t('stdpub.idVersion')}</dt>
            <dd>{t('stdpub.idVersionValue', { id: s.id, version: s.version })}</dd>
          </div>
          <div>
            <dt>{t('stdpub.owner')}</dt>
            <dd>{s.owner}</dd>
          </div>
          <div>
            <dt>{t('stdpub.effectiveFrom')}</dt>
            <dd>{dayWords(s.effectiveFrom, lang)}</dd>
          </div>
          <div>
            <dt>{t('stdpub.steps')}</dt>
            <dd>{s.steps}</dd>
          </div>
          <div>
            <dt>{t('stdpub.replaces')}</dt>
            <dd>{check.previous ? t('stdpub.replacesVersion', { version: check.previous.version, day: dayWords(check.previous.effectiveFrom, lang) }) : t('stdpub.newStandard')}</dd>
          </div>
        </dl>
      ) : null}
      {s && check.previous ? (
        <>
          <h3 className="sw-h3">{t('stdpub.changesTitle', { from: check.previous.version, to: s.version })}</h3>
          {check.changes.length === 0 ? <p>{t('stdpub.noChanges')}</p> : null}
          <ol className="sw-changes" data-testid="check-changes">
            {check.changes.map((c, i) => (
              <li key={`${c.stepId}|${c.change}|${i}`} className="sw-change" data-testid="check-change" data-change={c.change} data-step={c.stepId}>
                <p className="sw-change__head">
                  <span className="sw-tag" data-state={c.change === 'removed' ? 'late' : c.change === 'added' ? 'done' : 'due'}>
                    <Icon name={CHANGE_ICON[c.change]} className="sw-tag__icon" />
                    {t(`stdpub.changeKind.${c.change}`)}
                  </span>
                  <span>{changeWords(t, c)}</span>
                </p>
                {c.stepId !== '' ? (
                  <p className="sw-change__title">
                    <LocalText text={c.title} lang={lang} />
                  </p>
                ) : null}
                {c.change === 'changed' && c.fields.length > 0 ? (
                  <table className="sw-table sw-change__fields">
                    <caption className="sw-vh">{t('stdpub.fieldsCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('stdpub.field')}</th>
                        <th scope="col">{t('stdpub.before')}</th>
                        <th scope="col">{t('stdpub.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.fields.map((f) => (
                        <tr key={f.field}>
                          <th scope="row" className="sw-path">
                            {f.field}
                          </th>
                          <td lang="en">{f.before}</td>
                          <td lang="en">{f.after}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {check.ok && !check.alreadyPublished ? (
        <div className="sw-actions">
          <Button variant="primary" icon="check" big onClick={onPublish} aria-disabled={publishing || undefined} data-testid="publish">
            {publishing ? t('common.busy') : t('stdpub.publish', { version: s?.version ?? '' })}
          </Button>
        </div>
      ) : null}
    </section>
  );
}

function StandardsView({ session, lang, scanning }: { session: string; lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const [path, setPath] = useState('');
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
        <div className={`sw-field${err('standard-file') ? ' sw-field--error' : ''}`}>
          <label className="sw-label" htmlFor="standard-file">
            {t('stdpub.fileLabel')}
          </label>
          <p className="sw-hint" id="standard-file-hint">
            {t('stdpub.fileHint')}
          </p>
          {err('standard-file') ? (
            <p className="sw-error-message" id="standard-file-error">
              <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
              {err('standard-file')}
            </p>
          ) : null}
          {/* The native button speaks the browser's language, not the station's: a labelled button of our own instead. */}
          <div className="sw-file">
            <span className="sw-file__pick">
              <input
                type="file"
                id="standard-file"
                className="sw-file__input"
                accept=".json,application/json"
                aria-describedby={`standard-file-hint${err('standard-file') ? ' standard-file-error' : ''}`}
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
        </div>
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
            <button type="submit" className="sw-btn sw-btn--secondary" aria-disabled={busy || undefined} data-testid="check-path">
              <Icon name="check" className="sw-btn__icon" />
              <span className="sw-btn__label">{t('stdpub.checkButton')}</span>
            </button>
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
        {list && list.length > 0 ? <VersionList list={list} session={session} lang={lang} onChanged={() => void versions.refresh()} /> : null}
      </section>
    </>
  );
}

export function StandardsPublishScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const session = useStation((s) => s.supervisor?.session);
  if (!session) return <PinGate scanning={scanning} lang={lang} />;
  return <StandardsView session={session} lang={lang} scanning={scanning} />;
}

