/**
 * Help requests not answered or closed yet, at the top of the supervisor's Review screen, oldest first, with how long
 * each has waited: "I am on my way" (help.seen), "Mark answered" (help.answer), "Close" with a note (help.close).
 * A request outlives its run. Looked at again every 20 s.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { Notice } from '../../components/Notice';
import type { OpenHelpRequest } from '../../contract';
import type { Lang } from '../../i18n';
import { useStation } from '../../store';
import { useCommand, useQuery } from '../../useChannel';
import { reviewFailure } from './errors';
import { HelpItem, type HelpAction } from './HelpItem';

export const HELP_POLL_MS = 20_000;

/** The oldest requests first; beyond this many, "Show all" (so the history stays within reach). */
const FIRST_SHOWN = 5;

export function HelpRequests({ session, lang }: { session: string; lang: Lang }) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  const openTimeline = useStation((s) => s.openTimeline);
  const command = useCommand();
  const [answering, setAnswering] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const open = useQuery(`help.open:${session}`, () => api['help.open']({ session }), { pollMs: HELP_POLL_MS });
  const requests = open.data;
  // A failed look keeps the last list shown, with a notice; the next look clears it.
  const failed = open.error !== null && open.error.code !== 'SUPERVISOR_REQUIRED';

  const act = async (r: OpenHelpRequest, a: HelpAction): Promise<boolean> => {
    const ref = { session, eventId: r.eventId, runId: r.runId, stationId: r.stationId };
    const res = await command.run(() => {
      setAnswering(r.eventId);
      if (a.kind === 'seen') return api['help.seen'](ref);
      if (a.kind === 'closed') return api['help.close']({ ...ref, note: a.note });
      return api['help.answer'](ref);
    });
    if (!res) return false;
    const settled = !res.ok && (res.error.code === 'HELP_ALREADY_ANSWERED' || res.error.code === 'HELP_ALREADY_CLOSED');
    if (!res.ok && !settled) {
      reviewFailure(t, res.error);
      return false;
    }
    const who = r.actorName ?? r.actor;
    if (a.kind === 'seen' && !settled) {
      say(t('help.seenSaid', { name: who }), 'ok');
      void open.refresh();
      return true;
    }
    // Answered or closed (here, or by someone else meanwhile): no longer open.
    open.setData((list) => (list ?? []).filter((x) => x.eventId !== r.eventId));
    say(t(a.kind === 'closed' ? 'help.closed' : 'help.answered', { name: who }), 'ok');
    // The item is gone: focus goes to the section heading, never to the top of the page.
    headingRef.current?.focus();
    return true;
  };

  const list = requests ?? [];
  const shown = all ? list : list.slice(0, FIRST_SHOWN);
  return (
    <section className="sw-section sw-section--first" aria-labelledby="help-title" data-testid="help-requests" data-count={requests ? list.length : undefined}>
      <h2 className="sw-h2" id="help-title" tabIndex={-1} ref={headingRef}>
        {requests && list.length > 0 ? t('help.titleCount', { count: list.length }) : t('help.title')}
      </h2>
      {failed ? <Notice tone="warn" title={t('help.loadFailed')} /> : null}
      {requests && list.length === 0 ? (
        <p className="sw-help-none" data-testid="help-none">
          <Icon name="check" className="sw-inline-icon" />
          {t('help.none')}
        </p>
      ) : null}
      {list.length > 0 ? (
        <ul className="sw-helplist">
          {shown.map((r) => (
            <HelpItem key={r.eventId} r={r} lang={lang} busy={command.busy && answering === r.eventId} onAct={act} onOpen={openTimeline} />
          ))}
        </ul>
      ) : null}
      {shown.length < list.length ? (
        <div className="sw-actions">
          <Button icon="list" onClick={() => setAll(true)} data-testid="help-show-all">
            {t('help.showAll', { count: list.length })}
          </Button>
        </div>
      ) : null}
    </section>
  );
}
