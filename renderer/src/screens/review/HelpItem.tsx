/**
 * One open help request: who asked, where, on which step, how long they have waited, whether a supervisor has seen
 * it, whether its run is already finished; "I am on my way" (help.seen), "Mark answered" (help.answer) and "Close"
 * with a note (help.close).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { describedBy, Field } from '../../components/Field';
import { Icon } from '../../components/Icon';
import { LocalText, localText } from '../../components/LocalText';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { OpenHelpRequest } from '../../contract';
import { clockWords, dayWords, durationWords, stationWords, type T } from '../../format';
import type { Lang } from '../../i18n';

export type HelpAction = { kind: 'seen' | 'answered' } | { kind: 'closed'; note: string };

/** How long someone has waited, in words: "40 s", "1 h 4 min", "2 days 3 h". */
export function waitedWords(t: T, seconds: number): string {
  const days = Math.floor(seconds / 86_400);
  if (days >= 1) return t('help.waitedDays', { count: days, h: Math.floor((seconds % 86_400) / 3600) });
  return durationWords(t, seconds);
}

export function HelpItem(props: { r: OpenHelpRequest; lang: Lang; busy: boolean; onAct: (r: OpenHelpRequest, a: HelpAction) => Promise<boolean>; onOpen: (runId: string) => void }) {
  const { r, lang, busy, onAct, onOpen } = props;
  const { t } = useTranslation();
  const who = r.actorName ?? r.actor;
  const forWhom = (
    <VisuallyHidden>
      {' '}
      {t('help.forWhom', { name: who, title: localText(r.title, lang) })}
    </VisuallyHidden>
  );
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (closing) noteRef.current?.focus();
  }, [closing]);
  const noteId = `help-note-${r.eventId}`;
  const close = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!note.trim()) {
      setNoteError(t('help.closeNoteMissing'));
      noteRef.current?.focus();
      return;
    }
    if (await onAct(r, { kind: 'closed', note: note.trim() })) setClosing(false);
  };
  return (
    <li className="sw-helpitem" data-testid="help-request" data-event={r.eventId} data-run={r.runId} data-state={r.state} data-run-finished={r.runFinished}>
      <div className="sw-helpitem__body">
        <p className="sw-helpitem__title">
          <Icon name="help" className="sw-helpitem__icon" />
          <span>{t('help.asks', { name: who, station: stationWords(r.stationName, r.stationId) })}</span>
        </p>
        <p className="sw-helpitem__fact">
          <span className="sw-helpitem__label">{t('help.routine')}:</span> <LocalText text={r.title} lang={lang} fallback={r.standardId} />
        </p>
        <p className="sw-helpitem__fact">
          <span className="sw-helpitem__label">{t('help.step')}:</span> {r.stepTitle ? <LocalText text={r.stepTitle} lang={lang} /> : t('help.noStep')}
        </p>
        <p className="sw-helpitem__fact" data-testid="help-waited">
          <Icon name="clock" className="sw-inline-icon" />
          {t('help.waited', { duration: waitedWords(t, r.waitedS), time: clockWords(r.since), day: dayWords(r.since, lang) })}
        </p>
        {r.seen ? (
          <p className="sw-helpitem__fact" data-testid="help-seen-by">
            <Icon name="check" className="sw-inline-icon" />
            {t('help.seenBy', { by: r.seen.by, time: clockWords(r.seen.at), day: dayWords(r.seen.at, lang) })}
          </p>
        ) : null}
        {r.runFinished ? <p className="sw-helpitem__fact sw-hint" data-testid="help-run-finished">{t('help.runFinished')}</p> : null}
      </div>
      {closing ? (
        <form className="sw-form sw-helpitem__close" onSubmit={(e) => void close(e)} noValidate>
          <Field id={noteId} label={t('help.closeNote')} hint={t('help.closeNoteHint')} error={noteError}>
            <textarea
              id={noteId}
              ref={noteRef}
              className="sw-textarea"
              maxLength={500}
              value={note}
              aria-invalid={noteError ? true : undefined}
              aria-describedby={describedBy(noteId, true, !!noteError)}
              onChange={(e) => setNote(e.target.value)}
              data-testid="help-close-note"
            />
          </Field>
          <div className="sw-actions sw-actions--tight">
            <Button type="submit" variant="warning" icon="check" aria-disabled={busy || undefined} data-testid="help-close-confirm">
              {t('help.closeConfirm')}
              {forWhom}
            </Button>
            <Button icon="back" onClick={() => setClosing(false)} data-testid="help-close-cancel">
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <div className="sw-actions sw-actions--tight">
          {r.state === 'open' ? (
            <Button icon="help" onClick={() => void onAct(r, { kind: 'seen' })} aria-disabled={busy || undefined} data-testid="help-seen">
              {t('help.onMyWay')}
              {forWhom}
            </Button>
          ) : null}
          <Button variant="primary" icon="check" onClick={() => void onAct(r, { kind: 'answered' })} aria-disabled={busy || undefined} data-testid="help-answer">
            {t('help.markAnswered')}
            {forWhom}
          </Button>
          <Button icon="cross" onClick={() => setClosing(true)} data-testid="help-close">
            {t('help.close')}
            {forWhom}
          </Button>
          <Button icon="list" onClick={() => onOpen(r.runId)} data-testid="help-open-run">
            {t('help.openRun')}
            {forWhom}
          </Button>
        </div>
      )}
    </li>
  );
}
