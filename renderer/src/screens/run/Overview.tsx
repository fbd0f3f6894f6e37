/** All steps: the list with each step's state, and a done step looked at on its own. */
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { Icon, type IconName } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import { ScreenHeading } from '../../components/ScreenHeading';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { RunStepView, RunView, StandardDocument, Step } from '../../contract';
import { type Lang, localized } from '../../i18n';
import { StepFrame } from './StepFrame';
import { reasonLabel, valueText } from './words';
import { RoutineCaption } from './StepFrame';

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

export function Overview({ run, doc, lang, onBack, onView, scanning }: { run: RunView; doc: StandardDocument; lang: Lang; onBack: () => void; onView: (i: number) => void; scanning: boolean }) {
  const { t } = useTranslation();
  const back = run.currentIndex === null ? t('overview.backToSummary') : t('overview.backTo', { n: run.currentIndex + 1 });
  return (
    <div className="sw-run">
      <RoutineCaption doc={doc} lang={lang} />
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

export function ViewStep({ run, doc, lang, index, onBack, onOverview, scanning }: { run: RunView; doc: StandardDocument; lang: Lang; index: number; onBack: () => void; onOverview: () => void; scanning: boolean }) {
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
