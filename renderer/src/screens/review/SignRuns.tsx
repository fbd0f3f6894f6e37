/** The runs a countersignature signs and the runs it skips, with why (the confirmation and the result). */
import { useTranslation } from 'react-i18next';
import { LocalText } from '../../components/LocalText';
import type { SignResult, SignRun } from '../../contract';
import { count, stationWords, whenWords } from '../../format';
import type { Lang } from '../../i18n';

/** Rows shown at most in each list; the rest are counted ("and 40 more"). */
const SHOWN = 50;

function RunLine({ run, lang, children }: { run: SignRun; lang: Lang; children?: React.ReactNode }) {
  return (
    <li className="sw-signruns__run" data-testid="sign-run" data-run={run.runId}>
      <span className="sw-signruns__title">
        <LocalText text={run.title} lang={lang} fallback={run.standardId} />
      </span>
      {' · '}
      {stationWords(run.stationName, run.stationId)}
      {' · '}
      {run.actorName ?? run.actor}
      {' · '}
      {whenWords(run.startedAt, lang)}
      {children}
    </li>
  );
}

export function SignRuns({ plan, lang }: { plan: SignResult; lang: Lang }) {
  const { t } = useTranslation();
  const more = (n: number) => (n > SHOWN ? <li className="sw-hint">{t('review.signMore', { count: n - SHOWN, n: count(lang, n - SHOWN) })}</li> : null);
  return (
    <div className="sw-signruns">
      {plan.runs.length > 0 ? (
        <>
          <h4 className="sw-h4" id="sign-runs-title">
            {plan.preview ? t('review.signWillSign', { count: plan.signed, n: count(lang, plan.signed) }) : t('review.signedCount', { count: plan.signed, n: count(lang, plan.signed) })}
          </h4>
          <ul className="sw-signruns__list" aria-labelledby="sign-runs-title" data-testid="sign-runs">
            {plan.runs.slice(0, SHOWN).map((r) => (
              <RunLine key={r.runId} run={r} lang={lang} />
            ))}
            {more(plan.runs.length)}
          </ul>
        </>
      ) : null}
      {plan.skipped.length > 0 ? (
        <>
          <h4 className="sw-h4" id="sign-skipped-title">
            {t('review.signSkipped', { count: plan.skipped.length, n: count(lang, plan.skipped.length) })}
          </h4>
          <ul className="sw-signruns__list" aria-labelledby="sign-skipped-title" data-testid="sign-skipped">
            {plan.skipped.slice(0, SHOWN).map((r) => (
              <RunLine key={r.runId} run={r} lang={lang}>
                {' — '}
                <strong data-testid="sign-skip-why" data-why={r.why}>
                  {t(`review.signWhy.${r.why}`)}
                </strong>
              </RunLine>
            ))}
            {more(plan.skipped.length)}
          </ul>
        </>
      ) : null}
    </div>
  );
}
