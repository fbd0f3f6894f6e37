/** The countersign form (one run from its timeline, or a whole filtered set from the history) and what it did, in words. */

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Notice } from '../../components/Notice';
import { RadioGroup } from '../../components/RadioGroup';
import type { SignMeaning, SignResult } from '../../contract';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { count } from '../../format';
import { useCommand } from '../../useChannel';
import { describedBy, Field } from '../../components/Field';
import { SignRuns } from './SignRuns';

/**
 * Countersign: choose what the signature means (reviewed / approved / rejected), a reason (needed for a
 * rejection), then a confirmation that lists the runs it will sign and those it skips (a preview of the same call),
 * then sign. `count` is how many runs it is about; `onSign` does the call (preview: nothing is written).
 */
export function SignForm({
  count: n,
  lang,
  onSign,
  onClose,
  testId,
}: {
  count: number;
  lang: Lang;
  onSign: (meaning: SignMeaning, reason: string | undefined, preview: boolean) => Promise<SignResult | null>;
  onClose: (result: SignResult | null) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const name = useStation((s) => s.station?.settings.supervisorName ?? t('review.defaultSupervisor'));
  const [meaning, setMeaning] = useState<SignMeaning | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  /** The preview shown in the confirmation (null: still choosing). */
  const [plan, setPlan] = useState<SignResult | null>(null);
  const confirming = plan !== null;
  const command = useCommand();
  const busy = command.busy;
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [confirming]);

  const check = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Array<{ field: string; text: string }> = [];
    if (!meaning) errs.push({ field: 'sign-meaning-field', text: t('review.signErrorMeaning') });
    if (meaning === 'rejected' && !reason.trim()) errs.push({ field: 'sign-reason', text: t('review.signErrorReason') });
    setErrors(errs);
    if (errs.length > 0 || !meaning) return;
    void command.run(async () => ({ res: await onSign(meaning, reason.trim() || undefined, true) })).then((done) => {
      if (done?.res) setPlan(done.res);
    });
  };
  const confirm = async () => {
    if (!meaning || !plan || plan.signed === 0) return;
    const done = await command.run(async () => ({ res: await onSign(meaning, reason.trim() || undefined, false) }));
    if (!done) return;
    if (done.res) onClose(done.res);
    else setPlan(null);
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.text ?? null;
  const signing = plan?.signed ?? n;
  const runs = t('review.runsCount', { count: signing, n: count(lang, signing) });
  return (
    <div className="sw-panel sw-sign" data-testid={testId} role="group" aria-labelledby={`${testId}-title`}>
      <h3 className="sw-h3" tabIndex={-1} ref={headingRef} id={`${testId}-title`}>
        {confirming && meaning
          ? plan.signed > 0
            ? t('review.signConfirmTitle', { runs, meaning: t(`review.meaning.${meaning}`) })
            : t('review.signNothing')
          : t('review.signTitle', { runs })}
      </h3>
      {!confirming ? (
        <form className="sw-form" onSubmit={check} noValidate>
          <ErrorSummary errors={errors} />
          <RadioGroup<SignMeaning>
            legend={t('review.signMeaning')}
            name="sign-meaning"
            value={meaning}
            onChange={setMeaning}
            error={err('sign-meaning-field')}
            options={(['reviewed', 'approved', 'rejected'] as const).map((m) => ({ value: m, label: t(`review.meaning.${m}`), hint: t(`review.meaningHint.${m}`) }))}
          />
          <Field id="sign-reason" label={meaning === 'rejected' ? t('review.signReason') : t('review.signReasonOptional')} hint={t('review.signReasonHint')} error={err('sign-reason')}>
            <textarea
              id="sign-reason"
              className="sw-textarea"
              maxLength={500}
              value={reason}
              aria-invalid={err('sign-reason') ? true : undefined}
              aria-describedby={describedBy('sign-reason', true, !!err('sign-reason'))}
              onChange={(e) => setReason(e.target.value)}
              data-testid="sign-reason"
            />
          </Field>
          <div className="sw-actions">
            <Button type="submit" variant="primary" icon="check" aria-disabled={busy || undefined} data-testid="sign-continue">
              {busy ? t('common.busy') : t('review.signContinue')}
            </Button>
            <Button icon="back" onClick={() => onClose(null)} data-testid="sign-cancel">
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <SignRuns plan={plan} lang={lang} />
          {plan.signed > 0 ? (
            <>
              <p>{t('review.signAs', { name })}</p>
              {reason.trim() ? <p>{t('review.signReasonShown', { reason: reason.trim() })}</p> : null}
              <p className="sw-hint">{t('review.signNoEdit')}</p>
            </>
          ) : null}
          <div className="sw-actions">
            {plan.signed > 0 ? (
              <Button variant={meaning === 'rejected' ? 'warning' : 'primary'} icon="check" onClick={() => void confirm()} aria-disabled={busy || undefined} data-testid="sign-confirm">
                {busy ? t('common.busy') : t('review.signYes', { runs })}
              </Button>
            ) : null}
            <Button icon="back" onClick={() => setPlan(null)} data-testid="sign-change">
              {t('review.signChange')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

/** What a countersignature call did, in words. */
export function SignDone({ result, lang }: { result: SignResult; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <div data-testid="sign-result" data-signed={result.signed} data-skipped={result.skipped.length}>
      <Notice tone="ok" title={t('review.signedCount', { count: result.signed, n: count(lang, result.signed) })}>
        {result.skipped.length > 0 ? <SignRuns plan={{ ...result, runs: [] }} lang={lang} /> : null}
      </Notice>
    </div>
  );
}
