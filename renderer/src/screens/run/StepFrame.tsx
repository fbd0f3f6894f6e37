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
import { StepPicture } from './StepPicture';
import { spokenText, useReadAloud } from './readAloud';

/** The frame of a step: routine title, "Step 3 of 8" and the step text as the <h1>, picture, actions. */
export function StepFrame({
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
  const text = localized(step.text, lang);
  const stepHelp = !lookingBack && run.openHelp.some((h) => h.stepId === step.id);
  return (
    <div className="sw-run" data-step-id={step.id} data-step-kind={step.kind}>
      <RoutineCaption doc={doc} lang={lang} />
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

export function Tools({
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

/** The routine's title above the heading of every run screen, in the language it is really in. */
export function RoutineCaption({ doc, lang }: { doc: StandardDocument; lang: Lang }) {
  const title = localized(doc.title, lang);
  return (
    <p className="sw-caption" lang={title.lang}>
      {title.text}
    </p>
  );
}
