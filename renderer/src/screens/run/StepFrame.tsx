import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import type { IconName } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { ScreenHeading } from '../../components/ScreenHeading';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { RunView, StandardDocument, Step } from '../../contract';
import { type Lang, localized } from '../../i18n';
import { useStation } from '../../store';
import { ActionBar } from './ActionBar';
import { StepPicture } from './StepPicture';
import { runCommandSettled, stepParts, stepReading, useReadAloud } from './readAloud';

/**
 * The frame of a step: routine title, "Step 3 of 8" and the step text as the <h1>, picture and answer, and beside
 * them the action bar (primary action, Undo / Read aloud / I need help, the last result); `more` (I cannot do this
 * step, All steps) follows the step. Focus order: the step, the action bar, then `more`.
 */
export function StepFrame({
  run,
  doc,
  index,
  lang,
  focusKey,
  scanning,
  children,
  primary,
  tools,
  more,
  reach,
  lookingBack,
}: {
  run: RunView;
  doc: StandardDocument;
  index: number;
  lang: Lang;
  focusKey: string;
  scanning: boolean;
  children: React.ReactNode;
  /** The step's primary action (Done, Save the reason, Save note), in the action bar. */
  primary?: React.ReactNode;
  /** Undo / Read aloud / I need help, in the action bar. */
  tools?: React.ReactNode;
  /** Less used actions, after the step. */
  more?: React.ReactNode;
  /** What the step's answer needs in reach beside it, between the step and the action bar: the number pad. */
  reach?: React.ReactNode;
  /** Looking back at a finished step: no "help is on the way, go on" there. */
  lookingBack?: boolean;
}) {
  const { t } = useTranslation();
  const step = doc.steps[index] as Step;
  const text = localized(step.text, lang);
  const stepHelp = !lookingBack && run.openHelp.some((h) => h.stepId === step.id);
  const bar = primary !== undefined || tools !== undefined;
  return (
    <RunLayout bar={bar ? <ActionBar primary={primary} tools={tools} /> : null} reach={reach} more={more} focusKey={focusKey} stepId={step.id} stepKind={step.kind}>
      <RoutineCaption doc={doc} lang={lang} />
      <ScreenHeading focusKey={focusKey} className="sw-step-heading" noFocus={scanning}>
        {/* Seen: "Step 1 of 10"; heard: "Step 1 of 10." as one text, so the heading's name is "Step 1 of 10. Take…" (no space before the stop). */}
        <span className="sw-step-count">
          <span aria-hidden="true" data-testid="step-count">
            {t('run.stepOf', { n: index + 1, total: run.total })}
          </span>
          <VisuallyHidden>{`${t('run.stepOf', { n: index + 1, total: run.total })}.`}</VisuallyHidden>
        </span>
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
    </RunLayout>
  );
}

/**
 * A control that gets focus is scrolled fully into view: the browser leaves one that is partly on screen where it is
 * (at 200% text a note's text area can start on screen and end below it). `nearest` keeps the scroll small.
 */
function keepInView(el: Element) {
  const r = el.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight) el.scrollIntoView({ block: 'nearest' });
}

/**
 * The run screens' layout: the step (or summary) and, beside it, what the answer needs in reach (the number pad) and
 * the action bar; `more` below the step.
 * When the status bar is too tall to stay on top (large text on a small screen, StatusBar.tsx), a new step scrolls
 * it away, so the step and its action bar have the whole screen (after the heading has taken focus: child effects
 * run first). The status bar is still there above, by scrolling up or Shift+Tab.
 */
export function RunLayout({
  children,
  bar,
  reach,
  more,
  focusKey,
  stepId,
  stepKind,
}: {
  children: React.ReactNode;
  bar: React.ReactNode;
  /** Beside the step, in reach like the bar (the number pad); focus comes to it after the step, before the bar. */
  reach?: React.ReactNode;
  more?: React.ReactNode;
  focusKey: string;
  stepId?: string;
  stepKind?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (document.documentElement.dataset.barStatic === 'true') ref.current?.scrollIntoView({ block: 'start' });
  }, [focusKey]);
  return (
    <div ref={ref} className={`sw-run${bar ? ' sw-run--bar' : ''}${reach ? ' sw-run--reach' : ''}`} data-step-id={stepId} data-step-kind={stepKind} onFocus={(e) => keepInView(e.target)}>
      <div className="sw-run__step">{children}</div>
      {reach ? <div className="sw-run__reach">{reach}</div> : null}
      {bar}
      {more ? <div className="sw-run__more">{more}</div> : null}
    </div>
  );
}

/** Undo / Read aloud / I need help: the row that is on every step, in the action bar. */
export function Tools({ run, step, index, lang, scanning }: { run: RunView; step: Step; index: number; lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const runCommand = useStation((s) => s.runCommand);
  const read = useReadAloud(lang);
  const doc = useStation((s) => s.standard);
  const stepHelp = run.openHelp.some((h) => h.stepId === step.id);
  const undo = () =>
    void runCommand(
      (ids) => api['runs.undo'](ids),
      (v) => ({ text: t('run.stepUndone', { n: (v.currentIndex ?? index) + 1 }), tone: 'info', sound: 'undone' }),
    );
  // "I need help" goes away once asked: focus goes on to the step's primary action, where the next action is
  // (while switch scanning, the scanner owns focus).
  const help = async () => {
    const sent = await runCommand(
      (ids) => api['runs.help']({ ...ids, stepId: step.id }),
      () => ({ text: t('run.helpOnWay'), tone: 'help' }),
    );
    if (sent && !scanning) focusPrimary();
  };
  const tool = (icon: IconName, label: string, onClick: () => void, opts: { disabled?: boolean; variant?: 'secondary' | 'help'; testId?: string } = {}) => (
    <li>
      <Button icon={icon} variant={opts.variant ?? 'secondary'} onClick={onClick} disabled={opts.disabled} data-testid={opts.testId}>
        {label}
      </Button>
    </li>
  );
  // Read the step shown when reading starts: pressed while Done is being recorded, that is the next step (and moving
  // on to it keeps this reading, see RunScreen).
  const readStep = async () => {
    await runCommandSettled();
    const now = useStation.getState().run;
    const shown = now === run ? index : now?.currentIndex;
    if (!doc || !now || shown === null || shown === undefined) return;
    await read(stepParts(t, doc, now.standard.hash, shown, lang), false, stepReading(doc.steps[shown]?.id ?? null, lang));
  };
  return (
    <ul className="sw-tools" aria-label={t('run.more')}>
      {tool('undo', t('run.undo'), undo, { disabled: !run.canUndo, testId: 'undo' })}
      {tool('speaker', t('run.readAloud'), () => void readStep(), { testId: 'read-aloud' })}
      {stepHelp ? null : tool('help', t('run.help'), () => void help(), { variant: 'help', testId: 'help' })}
    </ul>
  );
}

/** The primary action in the action bar, else the screen's heading. */
function focusPrimary() {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLElement>('.sw-actionbar__primary button') ?? document.querySelector<HTMLElement>('main h1');
    el?.focus();
  });
}

/** I cannot do this step, All steps: after the step. */
export function MoreActions({ onCannot, onOverview }: { onCannot?: () => void; onOverview: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="sw-actions">
      {onCannot ? (
        <Button icon="cross" onClick={onCannot} data-testid="cannot">
          {t('run.cannot')}
        </Button>
      ) : null}
      <Button icon="list" onClick={onOverview} data-testid="all-steps">
        {t('run.allSteps')}
      </Button>
    </div>
  );
}

/** The routine's title above the heading of every run screen, in the language it is really in. */
export function RoutineCaption({ doc, lang }: { doc: StandardDocument; lang: Lang }) {
  const title = localized(doc.title, lang);
  return (
    <p className="sw-caption" lang={title.lang}>
      {title.text}
    </p>
  );
}
