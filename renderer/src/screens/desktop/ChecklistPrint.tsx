/**
 * The printable checklist of a standard version (issue 15, item 4): the paper fallback when a station is down.
 * Steps in order with their limits or options, a box per step, a line for the value and space for initials; the
 * reason codes to write when a step cannot be done; who filled it in and the supervisor's check. Print CSS
 * (styles/print.css) lays it out on A4 in large type; on screen it is the same page, with Print and Back.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { LocalText, localText } from '../../components/LocalText';
import { PrintButtons } from '../../components/PrintButtons';
import type { StandardDocument, Step } from '../../contract';
import { dayWords, limitsInWords } from '../../format';
import type { Lang } from '../../i18n';

type T = ReturnType<typeof useTranslation>['t'];

function whatToCheck(t: T, step: Step, lang: Lang): string {
  if (step.kind === 'measurement') return limitsInWords(t, step.limits, step.unit, step.decimals, lang);
  if (step.kind === 'choice') return step.options.map((o) => `${localText(o.label, lang)}${o.acceptable ? '' : ` (${t('desktop.paper.notAcceptable')})`}`).join(' / ');
  if (step.kind === 'note') return t('desktop.paper.note');
  return '';
}

export function ChecklistPrint({ hash, lang, onBack }: { hash: string; lang: Lang; onBack: () => void }) {
  const { t } = useTranslation();
  const [doc, setDoc] = useState<StandardDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    let live = true;
    void api['standards.get']({ hash }).then((res) => {
      if (!live) return;
      if (res.ok) setDoc(res.value);
      else setError(res.error.message);
    });
    return () => {
      live = false;
    };
  }, [hash]);
  useEffect(() => {
    if (doc) heading.current?.focus();
  }, [doc]);
  if (error) return <p role="alert">{error}</p>;
  if (!doc) return <p role="status">{t('desktop.loading')}</p>;
  const title = localText(doc.title, lang) || doc.id;
  return (
    <article className="sw-printable sw-checklist" data-testid="checklist-print" data-id={doc.id} data-version={doc.version}>
      <div className="sw-actions sw-noprint">
        <Button icon="back" onClick={onBack} data-testid="checklist-back">
          {t('common.back')}
        </Button>
      </div>
      <PrintButtons name={`${t('desktop.paper.checklist')} ${doc.id} v${doc.version}`} testId="print-checklist" />
      <h2 className="sw-printable__title" tabIndex={-1} ref={heading}>
        {title}
      </h2>
      <p className="sw-printable__facts">
        {t('desktop.paper.facts', { version: doc.version, day: dayWords(doc.effectiveFrom, lang), role: doc.owner.role, name: doc.owner.name })}
        <span className="sw-path" lang="en">
          {' '}
          · {doc.id}
        </span>
      </p>
      <p className="sw-checklist__paper">{t('desktop.paper.paperLead')}</p>
      <dl className="sw-checklist__fill">
        {(['date', 'station', 'person', 'start', 'end'] as const).map((k) => (
          <div key={k}>
            <dt>{t(`desktop.paper.fill.${k}`)}</dt>
            <dd aria-hidden="true" />
          </div>
        ))}
      </dl>
      <table className="sw-checklist__steps">
        <thead>
          <tr>
            <th scope="col">{t('desktop.paper.col.number')}</th>
            <th scope="col">{t('desktop.paper.col.step')}</th>
            <th scope="col">{t('desktop.paper.col.done')}</th>
            <th scope="col">{t('desktop.paper.col.value')}</th>
            <th scope="col">{t('desktop.paper.col.initials')}</th>
          </tr>
        </thead>
        <tbody>
          {doc.steps.map((s, i) => {
            const check = whatToCheck(t, s, lang);
            return (
              <tr key={s.id} data-testid="checklist-step">
                <td className="sw-checklist__num">{i + 1}</td>
                <td>
                  <LocalText text={s.text} lang={lang} />
                  {check ? <span className="sw-checklist__limits">{check}</span> : null}
                  {!s.required ? <span className="sw-checklist__limits">{t('desktop.paper.optional')}</span> : null}
                </td>
                <td>
                  <span className="sw-checklist__box" role="img" aria-label={t('desktop.paper.box')} />
                </td>
                <td className="sw-checklist__write" />
                <td className="sw-checklist__write" />
              </tr>
            );
          })}
        </tbody>
      </table>
      <section className="sw-checklist__reasons" aria-labelledby="checklist-reasons">
        <h3 className="sw-h3" id="checklist-reasons">
          {t('desktop.paper.reasonsTitle')}
        </h3>
        <p>{t('desktop.paper.reasonsLead')}</p>
        <ul>
          {doc.reasonCodes.map((r) => (
            <li key={r.code}>
              <strong lang="en">{r.code}</strong> — <LocalText text={r.label} lang={lang} />
            </li>
          ))}
        </ul>
      </section>
      <dl className="sw-checklist__fill sw-checklist__sign">
        {(['supervisor', 'signature', 'entered'] as const).map((k) => (
          <div key={k}>
            <dt>{t(`desktop.paper.sign.${k}`)}</dt>
            <dd aria-hidden="true" />
          </div>
        ))}
      </dl>
    </article>
  );
}
