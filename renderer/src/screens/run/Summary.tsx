import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { ScreenHeading } from '../../components/ScreenHeading';
import type { RunView, StandardDocument } from '../../contract';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { DoneButton } from './StepButtons';
import { summarize } from './words';
import { ActionBar } from './ActionBar';
import { RoutineCaption, RunLayout } from './StepFrame';

export function SummaryView({ run, doc, lang, onOverview, scanning }: { run: RunView; doc: StandardDocument; lang: Lang; onOverview: () => void; scanning: boolean }) {
  const { t } = useTranslation();
  const finishRun = useStation((s) => s.finishRun);
  const runCommand = useStation((s) => s.runCommand);
  const s = summarize(t, doc, run.steps, lang);
  const problems = s.deviated.length + s.outside.length + s.notRight.length + (run.counts.helpRequests > 0 ? 1 : 0);
  const undo = () => void runCommand((ids) => api['runs.undo'](ids), (v) => ({ text: t('run.stepUndone', { n: (v.currentIndex ?? 0) + 1 }), tone: 'info', sound: 'undone' }));
  const bar = (
    <ActionBar
      primary={<DoneButton onClick={() => void finishRun()} label={t('summary.finish')} testId="finish" />}
      tools={
        <ul className="sw-tools" aria-label={t('run.more')}>
          <li>
            <Button icon="undo" disabled={!run.canUndo} data-testid="undo" onClick={undo}>
              {t('run.undo')}
            </Button>
          </li>
        </ul>
      }
    />
  );
  const more = (
    <div className="sw-actions">
      <Button icon="list" onClick={onOverview} data-testid="all-steps">
        {t('run.allSteps')}
      </Button>
    </div>
  );
  return (
    <RunLayout bar={bar} more={more} focusKey="summary">
      <RoutineCaption doc={doc} lang={lang} />
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
    </RunLayout>
  );
}
