/** The result of checking a standard file (standards.check): validation, owner, version, effective day, the step changes, Publish. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon, type IconName } from '../../components/Icon';
import { LocalText, localText } from '../../components/LocalText';
import { Notice } from '../../components/Notice';
import type { StandardCheck, StepChange } from '../../contract';
import { dayWords } from '../../format';
import type { Lang } from '../../i18n';
import { fieldValueWords, fieldWords } from './fieldWords';

/** A value as written in the file is in the file's language (Hindi for a `.hi` field); words we give are in the reader's. */
function valueLang(field: string, value: string): string | undefined {
  if (value === '' || value === 'true' || value === 'false' || field === 'kind') return undefined;
  return field.endsWith('.hi') ? 'hi' : 'en';
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

export function CheckResult({ check, lang, onPublish, publishing }: { check: StandardCheck; lang: Lang; onPublish: () => void; publishing: boolean }) {
  const { t } = useTranslation();
  const errors = check.problems.filter((p) => p.severity === 'error');
  const warnings = check.problems.filter((p) => p.severity === 'warning');
  const summaryRef = useRef<HTMLDivElement>(null);
  // Publishing can never be undone: it asks once more, and says so (issue 10, item 9).
  // Kept per result: a new check starts without the question.
  const [confirmFor, setConfirmFor] = useState<StandardCheck | null>(null);
  const confirming = confirmFor === check;
  const setConfirming = (on: boolean) => setConfirmFor(on ? check : null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
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
                        <tr key={f.field} data-field={f.field}>
                          <th scope="row">
                            {fieldWords(t, f.field)}
                            <span className="sw-hint sw-path sw-change__code">{t('stdpub.fieldCode', { field: f.field })}</span>
                          </th>
                          <td lang={valueLang(f.field, f.before)}>{fieldValueWords(t, f.field, f.before)}</td>
                          <td lang={valueLang(f.field, f.after)}>{fieldValueWords(t, f.field, f.after)}</td>
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
      {check.ok && !check.alreadyPublished && !confirming ? (
        <div className="sw-actions">
          <Button variant="primary" icon="check" big onClick={() => setConfirming(true)} data-testid="publish">
            {t('stdpub.publish', { version: s?.version ?? '' })}
          </Button>
        </div>
      ) : null}
      {check.ok && !check.alreadyPublished && confirming ? (
        <div className="sw-panel" data-testid="publish-confirm-panel">
          <h3 className="sw-h3" tabIndex={-1} ref={confirmRef}>
            {t('stdpub.confirmTitle', { title: s ? localText(s.title, lang) || s.id : '', version: s?.version ?? '' })}
          </h3>
          <Notice tone="warn" title={t('stdpub.confirmForever')}>
            <p>{t('stdpub.confirmFix')}</p>
          </Notice>
          <div className="sw-actions">
            <Button variant="primary" icon="check" big onClick={onPublish} aria-disabled={publishing || undefined} data-testid="publish-confirm">
              {publishing ? t('common.busy') : t('stdpub.confirmYes', { version: s?.version ?? '' })}
            </Button>
            <Button icon="back" onClick={() => setConfirming(false)} data-testid="publish-cancel">
              {t('common.cancel')}
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
