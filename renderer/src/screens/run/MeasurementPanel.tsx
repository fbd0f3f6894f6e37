import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { NumberPad } from '../../components/NumberPad';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { Step } from '../../contract';
import { applyPadKey, formatNumber, limitsInWords, type PadKey, padKeyFromKeyboard, parseEntry, unitWords } from '../../format';
import type { Lang } from '../../i18n';
import { isTextEntry } from '../../scan/useSwitchScan';
import { useStation } from '../../store';
import { MEASURE_FORM, SkipButton } from './StepButtons';

/**
 * A measurement step: the limits and the entry field in the step, the number pad in reach beside it (issue 10, item 4:
 * the whole pad stays on screen with Done). `frame` puts them in the step's frame (RunScreen: StepFrame's children and
 * its `reach`), so the entry and the pad share one state.
 */
export function MeasurementPanel({
  step,
  lang,
  n,
  onSkip,
  frame,
}: {
  step: Extract<Step, { kind: 'measurement' }>;
  lang: Lang;
  n: number;
  onSkip?: () => void;
  frame: (panel: React.ReactNode, reach: React.ReactNode) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  const [entry, setEntry] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const allowMinus = step.limits.min === undefined || step.limits.min < 0;
  const opts = { decimals: step.decimals, allowMinus };
  const unit = unitWords(t, step.unit);
  const press = (k: PadKey) => {
    setEntry((cur) => applyPadKey(cur, k, opts));
    setError(null);
  };

  // Typing digits works anywhere on this screen (not only in the field), like a calculator.
  const onPadKey = useEffectEvent(press);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || isTextEntry(e.target as Element | null)) return;
      const k = padKeyFromKeyboard(e.key);
      if (!k || k === 'clear') return;
      e.preventDefault();
      onPadKey(k);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = parseEntry(entry, step.decimals);
    if (!parsed.ok) {
      const text =
        parsed.error === 'empty'
          ? t('measure.errorEmpty')
          : parsed.error === 'whole'
            ? t('measure.errorWhole')
            : parsed.error === 'decimals'
              ? t('measure.errorDecimals', { count: step.decimals })
              : t('measure.errorInvalid');
      setError(text);
      return;
    }
    void runCommand(
      (ids) => api['runs.measure']({ ...ids, stepId: step.id, value: parsed.value }),
      (v) => {
        const rec = v.steps.find((s) => s.id === step.id);
        return rec?.acceptable === false
          ? { text: t('measure.outside', { value: formatNumber(parsed.value, step.decimals, lang), unit }), tone: 'warn', quiet: true }
          : { text: t('run.stepDone', { n }), tone: 'ok' };
      },
    );
  };
  const limits = limitsInWords(t, step.limits, step.unit, step.decimals, lang);
  return frame(
    <form className="sw-form sw-measure" id={MEASURE_FORM} onSubmit={submit} noValidate>
      <p className="sw-limits" id="measure-limits">
        <strong>{t('measure.limitsTitle')}:</strong> {limits}
      </p>
      <div className={`sw-field${error ? ' sw-field--error' : ''}`}>
        <label className="sw-label sw-label--l" htmlFor="measure-input">
          {t('measure.label', { unit })}
        </label>
        <p className="sw-hint" id="measure-hint">
          {t('measure.typeHint')}
        </p>
        {error ? (
          <p className="sw-error-message" id="measure-error" role="alert">
            <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
            {error}
          </p>
        ) : null}
        <div className="sw-entry">
          <input
            ref={inputRef}
            id="measure-input"
            className="sw-input sw-entry__input"
            type="text"
            inputMode={step.decimals > 0 || allowMinus ? 'decimal' : 'numeric'}
            autoComplete="off"
            spellCheck={false}
            value={entry}
            aria-describedby={`measure-limits measure-hint${error ? ' measure-error' : ''}`}
            aria-invalid={error ? true : undefined}
            onChange={(e) => {
              setEntry(e.target.value.slice(0, 14));
              setError(null);
            }}
          />
          <span className="sw-entry__unit">{step.unit}</span>
        </div>
      </div>
      {onSkip ? (
        <div className="sw-measure__done">
          <SkipButton onSkip={onSkip} />
        </div>
      ) : null}
    </form>,
    <>
      {/* The number as typed, above the keys (the field may be scrolled away at large text); the field is what a
          screen reader reads, so this copy is hidden from it. */}
      <p className="sw-pad__echo" aria-hidden="true" data-testid="pad-echo">
        <span className="sw-pad__echo-value">{entry === '' ? '\u00a0' : entry}</span> <span className="sw-pad__echo-unit">{step.unit}</span>
      </p>
      <NumberPad onKey={press} allowPoint={step.decimals > 0} allowMinus={allowMinus} firstScan />
    </>,
  );
}
