import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Picture, RunStepView, RunView, StandardDocument, Step } from '../contract';
import { api } from '../api';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { RadioGroup } from '../components/RadioGroup';
import { ScreenHeading } from '../components/ScreenHeading';
import { VisuallyHidden } from '../components/VisuallyHidden';
import { Icon, type IconName } from '../components/Icon';
import { NumberPad } from '../components/NumberPad';
import { applyPadKey, formatNumber, limitsInWords, type PadKey, padKeyFromKeyboard, parseEntry, type T, unitWords } from '../format';
import { localized, type Lang } from '../i18n';
import { isTextEntry } from '../scan/useSwitchScan';
import { speak, stopSpeaking } from '../speech';
import { useQuery } from '../useChannel';
import { useStation } from '../store';
import { reasonLabel, summarize, valueText } from './runParts';

type Mode = { kind: 'step' } | { kind: 'cannot' } | { kind: 'overview' } | { kind: 'view'; index: number };

const pictureCache = new Map<string, Picture>();

function usePicture(hash: string, stepId: string | undefined): Picture {
  const key = `${hash}:${stepId ?? ''}`;
  const cached = pictureCache.get(key);
  const loaded = useQuery<Picture>(stepId && cached === undefined ? `standards.picture:${key}` : null, async () => {
    // A picture that cannot be read is shown as none, and not asked for again.
    const res = await api['standards.picture']({ hash, stepId: stepId ?? '' });
    const value = res.ok ? res.value : null;
    pictureCache.set(key, value);
    return { ok: true, value };
  });
  if (!stepId) return null;
  return cached !== undefined ? cached : loaded.data;
}

function StepPicture({ hash, step, lang }: { hash: string; step: Step; lang: Lang }) {
  const picture = usePicture(hash, step.media?.picture ? step.id : undefined);
  if (!picture) return null;
  const alt = localized(picture.alt ?? step.media?.pictureAlt, lang);
  return (
    <figure className="sw-step-picture">
      <img src={picture.dataUrl} alt={alt.text} lang={alt.lang} />
    </figure>
  );
}

/** What to read aloud for a step: its text, and for a measurement its limits. */
function spokenText(t: T, step: Step, lang: Lang): string {
  const text = localized(step.text, lang).text;
  if (step.kind === 'measurement') return `${text} ${limitsInWords(t, step.limits, step.unit, step.decimals, lang)}`;
  if (step.kind === 'choice') return `${text} ${step.options.map((o) => localized(o.label, lang).text).join('. ')}.`;
  return text;
}

let speechWarned = false;

function useReadAloud(lang: Lang) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  return async (text: string, quietWhenUnavailable = false) => {
    const outcome = await speak(text, lang);
    if (outcome === 'unavailable' || outcome === 'no-voice' || outcome === 'error') {
      if (quietWhenUnavailable && speechWarned) return;
      speechWarned = true;
      say(outcome === 'no-voice' ? t('speech.noVoice') : t('speech.unavailable'), 'warn');
    }
  };
}

/** The frame of a step: routine title, "Step 3 of 8" and the step text as the <h1>, picture, actions. */
function StepFrame({
  run,
  doc,
  index,
  lang,
  focusKey,
  scanning,
  children,
  tools,
  lookingBack,
}: {
  run: RunView;
  doc: StandardDocument;
  index: number;
  lang: Lang;
  focusKey: string;
  scanning: boolean;
  children: React.ReactNode;
  tools?: React.ReactNode;
  /** Looking back at a finished step: no "help is on the way, go on" there. */
  lookingBack?: boolean;
}) {
  const { t } = useTranslation();
  const step = doc.steps[index] as Step;
  const title = localized(doc.title, lang);
  const text = localized(step.text, lang);
  const stepHelp = !lookingBack && run.openHelp.some((h) => h.stepId === step.id);
  return (
    <div className="sw-run" data-step-id={step.id} data-step-kind={step.kind}>
      <p className="sw-caption" lang={title.lang}>
        {title.text}
      </p>
      <ScreenHeading focusKey={focusKey} className="sw-step-heading" noFocus={scanning}>
        <span className="sw-step-count" data-testid="step-count">
          {t('run.stepOf', { n: index + 1, total: run.total })}
        </span>
        <VisuallyHidden>. </VisuallyHidden>
        <span className="sw-step-text" lang={text.lang}>
          {text.text}
        </span>
      </ScreenHeading>
      <div className="sw-step-body">
        <StepPicture hash={doc ? run.standard.hash : ''} step={step} lang={lang} />
        <div className="sw-step-action">
          {stepHelp ? (
            <Notice tone="help" title={t('run.helpOnWay')} className="sw-help-notice">
              <p>{t('run.helpContinue')}</p>
            </Notice>
          ) : null}
          {children}
        </div>
      </div>
      {tools}
    </div>
  );
}

function Tools({
  run,
  step,
  index,
  lang,
  showCannot,
  onCannot,
  onOverview,
}: {
  run: RunView;
  step: Step;
  index: number;
  lang: Lang;
  showCannot: boolean;
  onCannot: () => void;
  onOverview: () => void;
}) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  const read = useReadAloud(lang);
  const stepHelp = run.openHelp.some((h) => h.stepId === step.id);
  const undo = () =>
    void runCommand(
      (ids) => api['runs.undo'](ids),
      (v) => ({ text: t('run.stepUndone', { n: (v.currentIndex ?? index) + 1 }), tone: 'info' }),
    );
  const help = () =>
    void runCommand(
      (ids) => api['runs.help']({ ...ids, stepId: step.id }),
      () => ({ text: t('run.helpOnWay'), tone: 'help' }),
    );
  const tool = (icon: IconName, label: string, onClick: () => void, opts: { disabled?: boolean; variant?: 'secondary' | 'help'; testId?: string } = {}) => (
    <li>
      <Button icon={icon} variant={opts.variant ?? 'secondary'} onClick={onClick} disabled={opts.disabled} data-testid={opts.testId}>
        {label}
      </Button>
    </li>
  );
  return (
    <ul className="sw-tools" aria-label={t('run.more')}>
      {tool('undo', t('run.undo'), undo, { disabled: !run.canUndo, testId: 'undo' })}
      {tool('speaker', t('run.readAloud'), () => void read(spokenText(t, step, lang)), { testId: 'read-aloud' })}
      {stepHelp ? null : tool('help', t('run.help'), help, { variant: 'help', testId: 'help' })}
      {showCannot ? tool('cross', t('run.cannot'), onCannot, { testId: 'cannot' }) : null}
      {tool('list', t('run.allSteps'), onOverview, { testId: 'all-steps' })}
    </ul>
  );
}

/** Reasons from the standard as large radios; nothing to type. */
function ReasonForm({
  doc,
  lang,
  legend,
  intro,
  onSave,
  onCancel,
}: {
  doc: StandardDocument;
  lang: Lang;
  legend: string;
  intro?: React.ReactNode;
  onSave: (code: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const saveId = useId().replace(/:/g, '');
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!choice) {
      setError(t('reason.errorNone'));
      document.getElementById('reason-field')?.focus();
      return;
    }
    onSave(choice);
  };
  return (
    <form className="sw-form" onSubmit={submit} noValidate>
      {intro}
      <RadioGroup
        legend={legend}
        legendClass="sw-legend sw-legend--l"
        name="reason"
        value={choice}
        onChange={(v) => {
          setChoice(v);
          setError(null);
        }}
        error={error}
        scanNextId={`save-${saveId}`}
        options={doc.reasonCodes.map((r) => {
          const label = localized(r.label, lang);
          return { value: r.code, label: label.text, lang: label.lang };
        })}
      />
      <div className="sw-actions">
        <button type="submit" id={`save-${saveId}`} className="sw-btn sw-btn--primary sw-btn--done" data-testid="save-reason">
          <Icon name="check" className="sw-btn__icon" />
          <span className="sw-btn__label">{t('reason.save')}</span>
        </button>
        {onCancel ? (
          <Button icon="back" onClick={onCancel}>
            {t('reason.backToStep')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function DoneButton({ onClick, label, type = 'button', testId = 'done' }: { onClick?: () => void; label?: string; type?: 'button' | 'submit'; testId?: string }) {
  const { t } = useTranslation();
  return (
    <button type={type} className="sw-btn sw-btn--primary sw-btn--done" onClick={onClick} data-scan-first="" data-testid={testId}>
      <Icon name="check" className="sw-btn__icon" />
      <span className="sw-btn__label">{label ?? t('run.done')}</span>
    </button>
  );
}

function SkipButton({ onSkip, scanFirst }: { onSkip: () => void; scanFirst?: boolean }) {
  const { t } = useTranslation();
  return (
    <Button icon="skip" onClick={onSkip} data-testid="skip" {...(scanFirst ? { 'data-scan-first': '' } : {})}>
      {t('note.skip')}
    </Button>
  );
}

function MeasurementPanel({ step, lang, n, onSkip }: { step: Extract<Step, { kind: 'measurement' }>; lang: Lang; n: number; onSkip?: () => void }) {
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
  return (
    <form className="sw-form sw-measure" onSubmit={submit} noValidate>
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
      <div className="sw-measure__row">
        <NumberPad onKey={press} allowPoint={step.decimals > 0} allowMinus={allowMinus} firstScan />
        <div className="sw-measure__done">
          <button type="submit" className="sw-btn sw-btn--primary sw-btn--done" data-testid="done">
            <Icon name="check" className="sw-btn__icon" />
            <span className="sw-btn__label">{t('run.done')}</span>
          </button>
          {onSkip ? <SkipButton onSkip={onSkip} /> : null}
        </div>
      </div>
    </form>
  );
}

function ChoicePanel({ step, lang, n, onSkip }: { step: Extract<Step, { kind: 'choice' }>; lang: Lang; n: number; onSkip?: () => void }) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  const choose = (value: string, label: string) =>
    void runCommand(
      (ids) => api['runs.choose']({ ...ids, stepId: step.id, option: value }),
      (v) => {
        const rec = v.steps.find((s) => s.id === step.id);
        return rec?.acceptable === false ? { text: t('reason.chosenNotRight', { value: label }), tone: 'warn', quiet: true } : { text: t('run.stepDone', { n }), tone: 'ok' };
      },
    );
  return (
    <fieldset className="sw-fieldset sw-choices">
      <legend className="sw-legend sw-legend--l">{t('run.choiceLegend')}</legend>
      <ul className="sw-choices__list">
        {step.options.map((o, i) => {
          const label = localized(o.label, lang);
          return (
            <li key={o.value}>
              <button
                type="button"
                className="sw-btn sw-btn--choice"
                onClick={() => choose(o.value, label.text)}
                lang={label.lang}
                data-testid={`option-${o.value}`}
                {...(i === 0 ? { 'data-scan-first': '' } : {})}
              >
                <span className="sw-btn__label">{label.text}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {onSkip ? <SkipButton onSkip={onSkip} /> : null}
    </fieldset>
  );
}

function NotePanel({ step, n }: { step: Extract<Step, { kind: 'note' }>; n: number }) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const skip = () => void runCommand((ids) => api['runs.skip']({ ...ids, stepId: step.id }), () => ({ text: t('run.stepSkipped', { n }), tone: 'ok' }));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) {
      if (!step.required) return skip();
      setError(t('run.mustDo'));
      return;
    }
    void runCommand((ids) => api['runs.note']({ ...ids, stepId: step.id, text: value }), () => ({ text: t('note.noted', { n }), tone: 'ok' }));
  };
  return (
    <form className="sw-form" onSubmit={submit} noValidate>
      <div className={`sw-field${error ? ' sw-field--error' : ''}`}>
        <label className="sw-label sw-label--l" htmlFor="note-input">
          {t('note.label')}
        </label>
        {!step.required ? (
          <p className="sw-hint" id="note-hint">
            {t('note.hint')}
          </p>
        ) : null}
        {error ? (
          <p className="sw-error-message" id="note-error" role="alert">
            <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
            {error}
          </p>
        ) : null}
        <textarea
          id="note-input"
          className="sw-textarea"
          rows={3}
          maxLength={2000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={[!step.required ? 'note-hint' : '', error ? 'note-error' : ''].filter(Boolean).join(' ') || undefined}
        />
      </div>
      <div className="sw-actions">
        <DoneButton type="submit" label={t('note.save')} testId="save-note" />
        {!step.required ? <SkipButton onSkip={skip} /> : null}
      </div>
    </form>
  );
}

function TickPanel({ step, n, onSkip }: { step: Step; n: number; onSkip?: () => void }) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  return (
    <div className="sw-actions">
      <DoneButton onClick={() => void runCommand((ids) => api['runs.tick']({ ...ids, stepId: step.id }), () => ({ text: t('run.stepDone', { n }), tone: 'ok' }))} />
      {onSkip ? <SkipButton onSkip={onSkip} /> : null}
    </div>
  );
}

type TagState = RunStepView['status'] | 'current' | 'outside' | 'not_right';
const STEP_ICON: Record<TagState, IconName> = {
  outside: 'warn',
  not_right: 'warn',
  pending: 'dash',
  current: 'play',
  done: 'check',
  needs_reason: 'warn',
  deviated: 'cross',
  skipped: 'skip',
};

/** The state of a recorded step; a value that was not acceptable (and got a reason) says so, not "Done". */
function tagState(step: Step, rec: RunStepView | undefined): TagState {
  if (rec?.status === 'done' && rec.acceptable === false) return step.kind === 'measurement' ? 'outside' : 'not_right';
  return rec?.status ?? 'pending';
}

function StepTag({ status }: { status: TagState }) {
  const { t } = useTranslation();
  return (
    <span className="sw-tag" data-state={status}>
      <Icon name={STEP_ICON[status]} className="sw-tag__icon" />
      {t(`overview.state.${status}`)}
    </span>
  );
}

function Overview({ run, doc, lang, onBack, onView, scanning }: { run: RunView; doc: StandardDocument; lang: Lang; onBack: () => void; onView: (i: number) => void; scanning: boolean }) {
  const { t } = useTranslation();
  const title = localized(doc.title, lang);
  const back = run.currentIndex === null ? t('overview.backToSummary') : t('overview.backTo', { n: run.currentIndex + 1 });
  return (
    <div className="sw-run">
      <p className="sw-caption" lang={title.lang}>
        {title.text}
      </p>
      <ScreenHeading focusKey="overview" noFocus={scanning}>
        {t('overview.title')}
      </ScreenHeading>
      <div className="sw-actions">
        <Button variant="primary" icon="back" onClick={onBack} data-scan-first="" data-testid="back-to-step">
          {back}
        </Button>
      </div>
      <ol className="sw-steplist" aria-label={t('overview.listLabel')}>
        {doc.steps.map((step, i) => {
          const rec = run.steps[i];
          const status = i === run.currentIndex ? 'current' : tagState(step, rec);
          const text = localized(step.text, lang);
          const value = valueText(t, step, rec, lang);
          const resolved = rec && rec.status !== 'pending' && i !== run.currentIndex;
          return (
            <li key={step.id} className="sw-steplist__item" data-state={status}>
              <span className="sw-steplist__num" aria-hidden="true">
                {i + 1}
              </span>
              <div className="sw-steplist__body">
                <p className="sw-steplist__text">
                  <VisuallyHidden>{t('run.stepOf', { n: i + 1, total: run.total })}: </VisuallyHidden>
                  <span lang={text.lang}>{text.text}</span>
                </p>
                <p className="sw-steplist__state">
                  <StepTag status={status} />
                  {value ? <span className="sw-steplist__value">{value}</span> : null}
                  {rec?.reason ? <span className="sw-steplist__value">{reasonLabel(doc, rec.reason, lang)}</span> : null}
                </p>
              </div>
              {resolved ? (
                <Button icon="list" onClick={() => onView(i)} className="sw-steplist__look">
                  {t('overview.look', { n: i + 1 })}
                </Button>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function ViewStep({ run, doc, lang, index, onBack, onOverview, scanning }: { run: RunView; doc: StandardDocument; lang: Lang; index: number; onBack: () => void; onOverview: () => void; scanning: boolean }) {
  const { t } = useTranslation();
  const step = doc.steps[index] as Step;
  const rec = run.steps[index];
  const value = valueText(t, step, rec, lang);
  const back = run.currentIndex === null ? t('overview.backToSummary') : t('overview.backTo', { n: run.currentIndex + 1 });
  return (
    <StepFrame run={run} doc={doc} index={index} lang={lang} focusKey={`view-${index}`} scanning={scanning} lookingBack>
      <Notice tone="info" title={<StepTag status={tagState(step, rec)} />}>
        {value ? <p>{step.kind === 'note' ? t('run.yourNote', { value }) : step.kind === 'measurement' ? t('run.yourNumber', { value }) : t('run.yourAnswer', { value })}</p> : null}
        {rec?.reason ? <p>{reasonLabel(doc, rec.reason, lang)}</p> : null}
        <p>{t('overview.changeHint')}</p>
      </Notice>
      <div className="sw-actions">
        <Button variant="primary" icon="back" onClick={onBack} data-scan-first="">
          {back}
        </Button>
        <Button icon="list" onClick={onOverview}>
          {t('run.allSteps')}
        </Button>
      </div>
    </StepFrame>
  );
}

function SummaryView({ run, doc, lang, onOverview, scanning }: { run: RunView; doc: StandardDocument; lang: Lang; onOverview: () => void; scanning: boolean }) {
  const { t } = useTranslation();
  const finishRun = useStation((s) => s.finishRun);
  const runCommand = useStation((s) => s.runCommand);
  const s = summarize(t, doc, run.steps, lang);
  const title = localized(doc.title, lang);
  const problems = s.deviated.length + s.outside.length + s.notRight.length + (run.counts.helpRequests > 0 ? 1 : 0);
  return (
    <div className="sw-run">
      <p className="sw-caption" lang={title.lang}>
        {title.text}
      </p>
      <ScreenHeading focusKey="summary" noFocus={scanning}>
        {t('summary.title')}
      </ScreenHeading>
      <p className="sw-lead">{t('summary.lead')}</p>
      <ul className="sw-summary">
        <li>
          <Icon name="check" className="sw-summary__icon" />
          {t('summary.stepsDone', { count: s.done })}
        </li>
        {s.skipped > 0 ? (
          <li>
            <Icon name="skip" className="sw-summary__icon" />
            {t('summary.skipped', { count: s.skipped })}
          </li>
        ) : null}
      </ul>
      <h2 className="sw-h2">{t('summary.problems')}</h2>
      {problems === 0 ? (
        <p>{t('summary.noProblems')}</p>
      ) : (
        <ul className="sw-summary" data-testid="summary-problems">
          {s.outside.map((o) => (
            <li key={`o${o.n}`} data-tone="warn">
              <Icon name="warn" className="sw-summary__icon" />
              {t('summary.outside', o)}
            </li>
          ))}
          {s.notRight.map((o) => (
            <li key={`c${o.n}`} data-tone="warn">
              <Icon name="warn" className="sw-summary__icon" />
              {t('summary.notRight', o)}
            </li>
          ))}
          {s.deviated.map((d) => (
            <li key={`d${d.n}`} data-tone="warn">
              <Icon name="cross" className="sw-summary__icon" />
              {t('summary.deviated', d)}
            </li>
          ))}
          {run.counts.helpRequests > 0 ? (
            <li data-tone="help">
              <Icon name="help" className="sw-summary__icon" />
              {t('summary.helpCount', { count: run.counts.helpRequests })}
            </li>
          ) : null}
        </ul>
      )}
      {s.notes.length > 0 ? (
        <>
          <h2 className="sw-h2">{t('summary.notes')}</h2>
          <ul className="sw-summary">
            {s.notes.map((note) => (
              <li key={note.n}>
                <Icon name="pencil" className="sw-summary__icon" />
                {t('summary.noteItem', note)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="sw-actions">
        <DoneButton onClick={() => void finishRun()} label={t('summary.finish')} testId="finish" />
      </div>
      <ul className="sw-tools" aria-label={t('run.more')}>
        <li>
          <Button icon="undo" disabled={!run.canUndo} data-testid="undo" onClick={() => void runCommand((ids) => api['runs.undo'](ids), (v) => ({ text: t('run.stepUndone', { n: (v.currentIndex ?? 0) + 1 }), tone: 'info' }))}>
            {t('run.undo')}
          </Button>
        </li>
        <li>
          <Button icon="list" onClick={onOverview} data-testid="all-steps">
            {t('run.allSteps')}
          </Button>
        </li>
      </ul>
    </div>
  );
}

/** Run: one step at a time. */
export function RunScreen({ lang, scanning, readAloud }: { lang: Lang; scanning: boolean; readAloud: boolean }) {
  const { t } = useTranslation();
  const run = useStation((s) => s.run);
  const doc = useStation((s) => s.standard);
  const runCommand = useStation((s) => s.runCommand);
  const [mode, setModeState] = useState<Mode>({ kind: 'step' });
  const clearMessages = useStation((s) => s.clearMessages);
  const setMode = (next: Mode) => {
    clearMessages();
    setModeState(next);
  };
  const read = useReadAloud(lang);
  const currentId = run?.currentStepId ?? null;
  const currentStatus = run && run.currentIndex !== null ? run.steps[run.currentIndex]?.status : undefined;

  // A new step: back to the step itself (adjusted while rendering, so the old mode is never shown with it).
  const [modeStep, setModeStep] = useState(currentId);
  if (modeStep !== currentId) {
    setModeStep(currentId);
    setModeState({ kind: 'step' });
  }

  // Read each new step aloud when the artisan (or the station) wants it: only when the step (or the language) changes.
  const readStep = useEffectEvent((): boolean => {
    if (!readAloud || !run || !doc || run.currentIndex === null) return false;
    const step = doc.steps[run.currentIndex];
    if (step) void read(spokenText(t, step, lang), true);
    return true;
  });
  useEffect(() => {
    if (!readStep()) return;
    return () => stopSpeaking();
  }, [currentId, readAloud, lang]);

  if (!run || !doc) return null;
  if (mode.kind === 'overview') return <Overview run={run} doc={doc} lang={lang} scanning={scanning} onBack={() => setMode({ kind: 'step' })} onView={(index) => setMode({ kind: 'view', index })} />;
  if (mode.kind === 'view')
    return <ViewStep run={run} doc={doc} lang={lang} index={mode.index} scanning={scanning} onBack={() => setMode({ kind: 'step' })} onOverview={() => setMode({ kind: 'overview' })} />;
  if (run.currentIndex === null) return <SummaryView run={run} doc={doc} lang={lang} scanning={scanning} onOverview={() => setMode({ kind: 'overview' })} />;

  const index = run.currentIndex;
  const step = doc.steps[index] as Step;
  const rec = run.steps[index];
  const n = index + 1;
  const skip = step.required
    ? undefined
    : () => void runCommand((ids) => api['runs.skip']({ ...ids, stepId: step.id }), () => ({ text: t('run.stepSkipped', { n }), tone: 'ok' }));
  const deviate = (reason: string) =>
    void runCommand((ids) => api['runs.deviate']({ ...ids, stepId: step.id, reason }), () => ({ text: t('reason.deviated', { n }), tone: 'info' }));
  const giveReason = (reason: string) =>
    void runCommand((ids) => api['runs.reason']({ ...ids, stepId: step.id, reason }), () => ({ text: t('run.reasonSaved', { n }), tone: 'ok' }));
  const tools = (showCannot: boolean) => (
    <Tools run={run} step={step} index={index} lang={lang} showCannot={showCannot} onCannot={() => setMode({ kind: 'cannot' })} onOverview={() => setMode({ kind: 'overview' })} />
  );
  const focusKey = `${step.id}:${currentStatus ?? ''}:${mode.kind}`;

  if (rec?.status === 'needs_reason') {
    const value = valueText(t, step, rec, lang);
    const intro =
      step.kind === 'measurement' ? (
        <Notice tone="warn" title={t('measure.outside', { value: formatNumber(Number(rec.value), step.decimals, lang), unit: unitWords(t, step.unit) })}>
          <p>
            {t('measure.limitsTitle')}: {limitsInWords(t, step.limits, step.unit, step.decimals, lang)}
          </p>
          <p>{t('reason.undoHint')}</p>
        </Notice>
      ) : (
        <Notice tone="warn" title={t('reason.chosenNotRight', { value })}>
          <p>{t('reason.undoHintChoice')}</p>
        </Notice>
      );
    return (
      <StepFrame run={run} doc={doc} index={index} lang={lang} focusKey={focusKey} scanning={scanning} tools={tools(false)}>
        <ReasonForm
          doc={doc}
          lang={lang}
          intro={intro}
          legend={step.kind === 'measurement' ? t('reason.outsideLegend') : t('reason.notAcceptableLegend')}
          onSave={giveReason}
        />
      </StepFrame>
    );
  }

  if (mode.kind === 'cannot') {
    return (
      <StepFrame run={run} doc={doc} index={index} lang={lang} focusKey={focusKey} scanning={scanning}>
        <ReasonForm doc={doc} lang={lang} legend={t('reason.cannotLegend')} onSave={deviate} onCancel={() => setMode({ kind: 'step' })} />
      </StepFrame>
    );
  }

  return (
    <StepFrame run={run} doc={doc} index={index} lang={lang} focusKey={focusKey} scanning={scanning} tools={tools(true)}>
      {step.kind === 'tick' ? <TickPanel key={step.id} step={step} n={n} onSkip={skip} /> : null}
      {step.kind === 'measurement' ? <MeasurementPanel key={step.id} step={step} lang={lang} n={n} onSkip={skip} /> : null}
      {step.kind === 'choice' ? <ChoicePanel key={step.id} step={step} lang={lang} n={n} onSkip={skip} /> : null}
      {step.kind === 'note' ? <NotePanel key={step.id} step={step} n={n} /> : null}
    </StepFrame>
  );
}
