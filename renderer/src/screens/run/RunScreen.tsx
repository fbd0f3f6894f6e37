import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Notice } from '../../components/Notice';
import type { Step } from '../../contract';
import { formatNumber, limitsInWords, unitWords } from '../../format';
import type { Lang } from '../../i18n';
import { prepareVoice, stopReading } from '../../voice/speak';
import { useStation } from '../../store';
import { MeasurementPanel } from './MeasurementPanel';
import { Overview, ViewStep } from './Overview';
import { ReasonForm, SaveReasonButton } from './ReasonForm';
import { MoreActions, StepFrame, Tools } from './StepFrame';
import { ChoicePanel, NotePanel, PrimaryAction, spokenNoteLimit, TickPanel } from './StepPanels';
import { type KeptNote, SpokenNote, toBase64 } from '../../voice/SpokenNote';
import { SummaryView } from './Summary';
import { stepParts, stepReading, useReadAloud } from './readAloud';
import { valueText } from './words';

type Mode = { kind: 'step' } | { kind: 'cannot' } | { kind: 'overview' } | { kind: 'view'; index: number };

/** Run: one step at a time. */
export function RunScreen({ lang, scanning, readAloud }: { lang: Lang; scanning: boolean; readAloud: boolean }) {
  const { t } = useTranslation();
  const run = useStation((s) => s.run);
  const doc = useStation((s) => s.standard);
  const runCommand = useStation((s) => s.runCommand);
  const [mode, setModeState] = useState<Mode>({ kind: 'step' });
  // A spoken note kept on "I cannot do this step", sent with the reason (issue 13); a new step starts without one.
  const [cannotNote, setCannotNote] = useState<KeptNote | null>(null);
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
    setCannotNote(null);
  }

  // Read each new step aloud when the artisan (or the station) wants it: only when the step (or the language) changes,
  // after the result of what was just done ("Step 1 done."). Moving on stops the reading at once.
  const readStep = useEffectEvent(() => {
    if (!readAloud || !run || !doc || run.currentIndex === null) return;
    const message = useStation.getState().message;
    const before = message && message.tone !== 'error' ? message.text : undefined;
    void read(stepParts(t, doc, run.standard.hash, run.currentIndex, lang, before), true);
  });
  useEffect(() => {
    // A press of Read aloud made while Done was being recorded reads this new step: it is kept (see Tools).
    stopReading(stepReading(currentId, lang));
    readStep();
  }, [currentId, readAloud, lang]);
  useEffect(() => () => stopReading(), []);
  // For an artisan who has steps read, the shipped voice is made ready in the background as the run opens.
  useEffect(() => {
    if (readAloud) prepareVoice();
  }, [readAloud]);

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
  const deviate = (reason: string) => {
    const audio = cannotNote ? { audio: { data: toBase64(cannotNote.bytes), type: cannotNote.type, durationMs: cannotNote.durationMs } } : {};
    void runCommand((ids) => api['runs.deviate']({ ...ids, stepId: step.id, reason, ...audio }), () => ({ text: t('reason.deviated', { n }), tone: 'info' }));
  };
  const giveReason = (reason: string) =>
    void runCommand((ids) => api['runs.reason']({ ...ids, stepId: step.id, reason }), () => ({ text: t('run.reasonSaved', { n }), tone: 'ok' }));
  const tools = <Tools run={run} step={step} index={index} lang={lang} scanning={scanning} />;
  const more = (showCannot: boolean) => <MoreActions onCannot={showCannot ? () => setMode({ kind: 'cannot' }) : undefined} onOverview={() => setMode({ kind: 'overview' })} />;
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
      <StepFrame run={run} doc={doc} index={index} lang={lang} focusKey={focusKey} scanning={scanning} primary={<SaveReasonButton />} tools={tools} more={more(false)}>
        <ReasonForm
          doc={doc}
          step={step}
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
      <StepFrame run={run} doc={doc} index={index} lang={lang} focusKey={focusKey} scanning={scanning} primary={<SaveReasonButton />} tools={tools}>
        <ReasonForm doc={doc} step={step} lang={lang} legend={t('reason.cannotLegend')} errorNone={t('reason.errorCannot')} onSave={deviate} onCancel={() => setMode({ kind: 'step' })}>
          <SpokenNote id="cannot-spoken" maxSeconds={spokenNoteLimit(doc)} kept={cannotNote} onKeep={setCannotNote} />
        </ReasonForm>
      </StepFrame>
    );
  }

  const frame = (panel: React.ReactNode, reach?: React.ReactNode) => (
    <StepFrame
      run={run}
      doc={doc}
      index={index}
      lang={lang}
      focusKey={focusKey}
      scanning={scanning}
      primary={step.kind === 'choice' ? undefined : <PrimaryAction key={step.id} step={step} n={n} />}
      tools={tools}
      more={more(true)}
      reach={reach}
    >
      {panel}
    </StepFrame>
  );
  if (step.kind === 'measurement') return <MeasurementPanel key={step.id} step={step} lang={lang} n={n} onSkip={skip} frame={frame} />;
  return frame(
    <>
      {step.kind === 'tick' ? <TickPanel key={step.id} onSkip={skip} /> : null}
      {step.kind === 'choice' ? <ChoicePanel key={step.id} step={step} lang={lang} n={n} onSkip={skip} /> : null}
      {step.kind === 'note' ? <NotePanel key={step.id} step={step} n={n} /> : null}
    </>,
  );
}
