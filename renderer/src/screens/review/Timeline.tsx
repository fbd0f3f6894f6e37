/**
 * One run's timeline (review.timeline): every event in order — time, who, what happened in words, the step,
 * value with unit, limits, reason, undo and what it superseded — the exact standard (id, version, content hash),
 * the integrity of its records, and its countersignatures; "Countersign this run" from here.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { LocalText } from '../../components/LocalText';
import { Notice } from '../../components/Notice';
import { ScreenHeading } from '../../components/ScreenHeading';
import { VisuallyHidden } from '../../components/VisuallyHidden';
import type { ImportProblem, StandardDocument, TimelineEvent } from '../../contract';
import { clockWords, dayWords, durationWords, formatNumber, limitsInWords, shortId, stationWords, type T, unitWords, whenWords } from '../../format';
import { localized, type Lang } from '../../i18n';
import { errorText, useStation } from '../../store';
import { noteRecordingPlayed, playEncoded } from '../../voice/audio';
import { useQuery } from '../../useChannel';
import { PinGate } from '../settings/PinGate';
import type { SignResult } from '../../contract';
import { SignDone, SignForm } from './SignForm';
import { SignatureTag } from './SignatureTag';
import { SupervisorNav } from './SupervisorNav';
import { TimesIn } from './TimesIn';
import { PrintButtons } from '../../components/PrintButtons';
import { loadErrorText, reviewFailure } from './errors';

/** Words for an event type: timeline.type.<type with _ for .>; an unknown type is shown as recorded (English). */
function typeWords(t: T, type: string): { text: string; known: boolean } {
  const key = `timeline.type.${type.replace(/\./g, '_')}`;
  const text = t(key);
  return text === key ? { text: type, known: false } : { text, known: true };
}

function decimalsOf(...values: Array<number | undefined | null>): number {
  let d = 0;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const s = String(v);
    const i = s.indexOf('.');
    if (i >= 0) d = Math.max(d, s.length - i - 1);
  }
  return Math.min(d, 6);
}

/** A recorded value in words: a number with its unit, a choice by its label in the reader's language (the code only when the standard is not known). */
function valueWords(t: T, e: TimelineEvent, lang: Lang, doc: StandardDocument | undefined): { text: string; lang?: string } | null {
  if (e.value === null || e.value === undefined || typeof e.value === 'boolean') return null;
  if (typeof e.value === 'number') {
    const text = formatNumber(e.value, decimalsOf(e.value, e.limits?.min, e.limits?.max), lang);
    return { text: e.unit ? `${text} ${unitWords(t, e.unit)}` : text };
  }
  const step = doc?.steps.find((s) => s.id === e.stepId);
  if (step?.kind === 'choice') {
    const option = step.options.find((o) => o.value === e.value);
    if (option) {
      const label = localized(option.label, lang);
      return { text: label.text, ...(label.lang !== lang ? { lang: label.lang } : {}) };
    }
  }
  return { text: String(e.value) };
}

/** Everyone who worked on the run (started, recorded a step, finished or stopped it), in the order they first did; supervisors' answers and signatures aside. */
export function runPeople(events: readonly TimelineEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (!(e.type.startsWith('run.') || e.type.startsWith('step.'))) continue;
    const who = e.actorName ?? e.actor;
    if (!out.includes(who)) out.push(who);
  }
  return out;
}

function ProblemLine({ p }: { p: ImportProblem }) {
  const { t } = useTranslation();
  return (
    <li className="sw-problem" data-testid="timeline-problem" data-code={p.code}>
      <p className="sw-problem__where">{p.line > 0 ? t('timeline.problemWhere', { file: p.file, line: p.line }) : p.file}</p>
      <p className="sw-problem__message" lang="en">
        {p.message}
      </p>
    </li>
  );
}

/** Play a spoken note of the run (issue 13): the verified bytes, through the app's one audio graph. */
function SpokenNotePlayer({ session, e, audio }: { session: string; e: TimelineEvent; audio: NonNullable<TimelineEvent['audio']> }) {
  const { t } = useTranslation();
  const [playing, setPlaying] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const seconds = Math.max(1, Math.round(audio.durationMs / 1000));
  const length = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const play = async () => {
    setFailed(null);
    setPlaying(true);
    const res = await api['review.attachment']({ session, stationId: e.stationId, hash: audio.hash });
    if (!res.ok) {
      setPlaying(false);
      setFailed(errorText(res.error));
      return;
    }
    const bin = atob(res.value.data);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    noteRecordingPlayed(audio.hash);
    const played = await playEncoded(bytes.buffer, { stopped: false });
    setPlaying(false);
    if (!played) setFailed(t('spoken.error.failed'));
  };
  return (
    <div>
      <dt>{t('timeline.spokenNote')}</dt>
      <dd>
        {failed ? (
          <p className="sw-error-message" role="alert">
            <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
            {t('timeline.noteFailed', { why: failed })}
          </p>
        ) : null}
        <Button icon="play" onClick={() => void play()} disabled={playing} data-testid="timeline-play-note">
          {playing ? t('timeline.playingNote') : t('timeline.playNote', { length })}
        </Button>
      </dd>
    </div>
  );
}

function EventItem({ e, all, lang, doc, reasonLabel, session }: { e: TimelineEvent; all: Map<string, TimelineEvent>; lang: Lang; doc: StandardDocument | undefined; reasonLabel: (code: string) => { text: string; lang?: string }; session: string }) {
  const { t } = useTranslation();
  const type = typeWords(t, e.type);
  const value = valueWords(t, e, lang, doc);
  const limits = e.limits && (e.limits.min !== undefined || e.limits.max !== undefined) ? limitsInWords(t, e.limits, e.unit ?? '', decimalsOf(e.limits.min, e.limits.max, typeof e.value === 'number' ? e.value : null), lang) : null;
  const supersedes = e.supersedes ? all.get(e.supersedes) : undefined;
  const undoneBy = e.supersededBy ? all.get(e.supersededBy) : undefined;
  const reason = e.reason ? reasonLabel(e.reason) : null;
  return (
    <li className="sw-event" data-testid="timeline-event" data-type={e.type} data-seq={e.seq} data-superseded={e.supersededBy ? 'true' : 'false'}>
      <p className="sw-event__head">
        <span className="sw-event__time">{clockWords(e.at, true)}</span>
        <span className="sw-event__type" lang={type.known ? undefined : 'en'}>
          {type.text}
        </span>
        {e.acceptable === false ? (
          <span className="sw-tag" data-state="late">
            <Icon name="warn" className="sw-tag__icon" />
            {e.limits ? t('timeline.outOfLimits') : t('timeline.notAcceptable')}
          </span>
        ) : null}
        {e.supersededBy ? (
          <span className="sw-tag" data-state="upcoming">
            <Icon name="undo" className="sw-tag__icon" />
            {t('timeline.undoneLater')}
          </span>
        ) : null}
      </p>
      <dl className="sw-facts sw-facts--event">
        <div>
          <dt>{t('timeline.who')}</dt>
          <dd>{e.actorName ?? e.actor}</dd>
        </div>
        {e.stepTitle || e.stepId ? (
          <div>
            <dt>{t('timeline.step')}</dt>
            <dd>
              <LocalText text={e.stepTitle} lang={lang} fallback={e.stepId ?? ''} />
            </dd>
          </div>
        ) : null}
        {value !== null ? (
          <div>
            <dt>{t('timeline.value')}</dt>
            <dd data-testid="event-value" lang={value.lang}>
              {value.text}
            </dd>
          </div>
        ) : null}
        {limits ? (
          <div>
            <dt>{t('timeline.limits')}</dt>
            <dd>{limits}</dd>
          </div>
        ) : null}
        {reason ? (
          <div>
            <dt>{t('timeline.reason')}</dt>
            <dd lang={reason.lang}>{reason.text}</dd>
          </div>
        ) : null}
        {e.audio ? <SpokenNotePlayer session={session} e={e} audio={e.audio} /> : null}
        {e.supersedes ? (
          <div>
            <dt>{e.type.startsWith('help.') ? t('timeline.answers') : t('timeline.undoes')}</dt>
            <dd>
              {supersedes
                ? t('timeline.supersedesWhat', { type: typeWords(t, supersedes.type).text, time: clockWords(supersedes.at, true) })
                : t('timeline.supersedesId', { id: shortId(e.supersedes) })}
            </dd>
          </div>
        ) : null}
        {e.supersededBy ? (
          <div>
            <dt>{t('timeline.undoneBy')}</dt>
            <dd>{undoneBy ? t('timeline.undoneAt', { time: clockWords(undoneBy.at, true), who: undoneBy.actorName ?? undoneBy.actor }) : shortId(e.supersededBy)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="sw-event__where">
        {t('timeline.where')}: <span className="sw-path">{t('timeline.fileLine', { file: e.file, line: e.line, seq: e.seq })}</span>
      </p>
    </li>
  );
}

function TimelineView({ session, runId, lang, scanning }: { session: string; runId: string; lang: Lang; scanning: boolean }) {
  const { t } = useTranslation();
  const go = useStation((s) => s.go);
  const say = useStation((s) => s.say);
  const [signing, setSigning] = useState(false);
  const [signed, setSigned] = useState<SignResult | null>(null);
  const timeline = useQuery(`review.timeline:${session}:${runId}`, () => api['review.timeline']({ session, runId }));
  const data = timeline.data;
  const error = loadErrorText(t, timeline.error);
  // The standard itself gives the reasons in words (best effort: the codes are shown otherwise).
  const standardHash = data?.standard.hash ?? null;
  const doc = useQuery(standardHash && `standards.get:${standardHash}`, () => api['standards.get']({ hash: standardHash ?? '' })).data;

  const reasonLabel = (code: string) => {
    const r = doc?.reasonCodes.find((x) => x.code === code);
    if (!r) return { text: code, lang: 'en' };
    return lang === 'hi' && r.label.hi ? { text: r.label.hi } : { text: r.label.en, ...(lang === 'hi' ? { lang: 'en' } : {}) };
  };

  const sign = async (meaning: 'reviewed' | 'approved' | 'rejected', reason: string | undefined, preview: boolean) => {
    const res = await api['review.sign']({ session, target: { runIds: [runId] }, meaning, preview, ...(reason ? { reason } : {}) });
    if (!res.ok) {
      reviewFailure(t, res.error);
      return null;
    }
    return res.value;
  };

  const back = (
    <Button icon="back" onClick={() => go('review')} data-testid="timeline-back">
      {t('timeline.back')}
    </Button>
  );
  if (error) {
    return (
      <>
        <ScreenHeading focusKey={`timeline-error-${runId}`} noFocus={scanning}>
          {t('timeline.title')}
        </ScreenHeading>
        <SupervisorNav current="timeline" />
        <Notice tone="warn" title={error} />
        <div className="sw-actions">{back}</div>
      </>
    );
  }
  if (!data) {
    return (
      <>
        <ScreenHeading focusKey={`timeline-loading-${runId}`} noFocus={scanning}>
          {t('timeline.title')}
        </ScreenHeading>
        <p className="sw-lead" role="status">
          {t('review.loading')}
        </p>
      </>
    );
  }
  const run = data.run;
  const hash = data.standard.hash;
  const all = new Map(data.events.map((e) => [e.eventId, e]));
  // In the order they happened (a countersignature or a help answer can come from another station's journal).
  const events = data.events
    .map((e, i) => ({ e, i, at: Date.parse(e.at) }))
    .sort((a, b) => (Number.isFinite(a.at) && Number.isFinite(b.at) && a.at !== b.at ? a.at - b.at : a.i - b.i))
    .map((x) => x.e);
  const worked = runPeople(events);
  const people = worked.length > 0 ? worked : run.actors.map((a) => a.name ?? a.id);
  const integrityTone = data.integrity.status === 'verified' ? 'ok' : data.integrity.status === 'problems' ? 'warn' : 'info';
  return (
    <div data-testid="timeline" data-run={run.runId}>
      <ScreenHeading focusKey={`timeline-${runId}`} noFocus={scanning}>
        <span className="sw-caption">{t('timeline.title')}</span>
        <span className="sw-h1-main">
          <LocalText text={data.standard.title} lang={lang} fallback={data.standard.id} />
        </span>
      </ScreenHeading>
      <SupervisorNav current="timeline" />
      <div className="sw-actions">{back}</div>
      <PrintButtons name={`${t('desktop.timelineName')} ${run.runId.slice(0, 8)}`} testId="print-timeline" />
      <TimesIn run={run} />

      <dl className="sw-facts" data-testid="timeline-facts">
        <div>
          <dt>{t('timeline.started')}</dt>
          <dd>{whenWords(run.startedAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('timeline.finished')}</dt>
          <dd>{run.finishedAt ? whenWords(run.finishedAt, lang) : t('review.notFinished')}</dd>
        </div>
        <div>
          <dt>{t('review.colDuration')}</dt>
          <dd>{durationWords(t, run.durationS)}</dd>
        </div>
        <div>
          <dt>{t('timeline.result')}</dt>
          <dd>
            {t(`review.status.${run.status}`)}
            {run.onTime === true ? `, ${t('review.onTime')}` : run.onTime === false ? `, ${t('review.late')}` : ''}
          </dd>
        </div>
        {run.abandonReason ? (
          <div>
            <dt>{t('timeline.stopReason')}</dt>
            <dd data-testid="timeline-stop-reason">{run.abandonReasonText ? <LocalText text={run.abandonReasonText} lang={lang} /> : reasonLabel(run.abandonReason).text}</dd>
          </div>
        ) : null}
        <div>
          <dt>{people.length > 1 ? t('timeline.people') : t('timeline.person')}</dt>
          <dd data-testid="timeline-people">{people.join(', ')}</dd>
        </div>
        <div>
          <dt>{t('review.station')}</dt>
          <dd>{stationWords(run.stationName, run.stationId)}</dd>
        </div>
        <div>
          <dt>{t('timeline.standard')}</dt>
          <dd data-testid="timeline-standard" data-hash={hash}>
            {t('timeline.standardVersion', { id: data.standard.id, version: data.standard.version })}
          </dd>
        </div>
        <div>
          <dt>{t('timeline.hash')}</dt>
          <dd className="sw-path" title={hash}>
            <span aria-hidden="true">{hash.slice(0, 12)}…</span>
            <VisuallyHidden>{hash}</VisuallyHidden>
          </dd>
        </div>
        <div>
          <dt>{t('timeline.owner')}</dt>
          <dd>{data.standard.owner ?? t('timeline.noOwner')}</dd>
        </div>
      </dl>

      <section className="sw-section" aria-labelledby="integrity-title" data-testid="timeline-integrity" data-status={data.integrity.status}>
        <h2 className="sw-h2" id="integrity-title">
          {t('timeline.integrityTitle')}
        </h2>
        <Notice tone={integrityTone} title={t(`timeline.integrity.${data.integrity.status}`)} />
        {data.integrity.problems.length > 0 ? (
          <ul className="sw-problem-list">
            {data.integrity.problems.map((p, i) => (
              <ProblemLine key={`${p.file}|${p.line}|${p.code}|${i}`} p={p} />
            ))}
          </ul>
        ) : null}
      </section>

      <section className="sw-section" aria-labelledby="signatures-title" data-testid="timeline-signatures" data-count={data.signatures.length}>
        <h2 className="sw-h2" id="signatures-title">
          {t('timeline.signaturesTitle')}
        </h2>
        {data.signatures.length === 0 ? <p>{t('timeline.noSignatures')}</p> : null}
        {data.signatures.length > 0 ? (
          <ul className="sw-siglist">
            {data.signatures.map((s) => (
              <li key={s.eventId}>
                <SignatureTag sig={s} lang={lang} />
              </li>
            ))}
          </ul>
        ) : null}
        {signed ? <SignDone result={signed} lang={lang} /> : null}
        {signing ? (
          <SignForm
            count={1}
            lang={lang}
            testId="sign-run-form"
            onSign={sign}
            onClose={(result) => {
              setSigning(false);
              if (result) {
                setSigned(result);
                say(t('review.signedCount', { count: result.signed, n: result.signed }), 'ok', { quiet: true });
                void timeline.refresh();
              }
            }}
          />
        ) : (
          <div className="sw-actions">
            <Button variant="primary" icon="pencil" onClick={() => setSigning(true)} data-testid="sign-run">
              {t('timeline.signRun')}
            </Button>
          </div>
        )}
      </section>

      <section className="sw-section" aria-labelledby="events-title">
        <h2 className="sw-h2" id="events-title">
          {t('timeline.eventsTitle', { count: data.events.length })}
        </h2>
        <p className="sw-hint">{t('timeline.eventsLead', { day: dayWords(run.startedAt, lang) })}</p>
        <ol className="sw-timeline" data-testid="timeline-events">
          {events.map((e) => (
            <EventItem key={e.eventId} e={e} all={all} lang={lang} doc={doc ?? undefined} reasonLabel={reasonLabel} session={session} />
          ))}
        </ol>
      </section>
      <div className="sw-actions">{back}</div>
    </div>
  );
}

export function TimelineScreen({ scanning, lang }: { scanning: boolean; lang: Lang }) {
  const session = useStation((s) => s.supervisor?.session);
  const runId = useStation((s) => s.reviewRunId);
  const go = useStation((s) => s.go);
  useEffect(() => {
    if (session && !runId) go('review');
  }, [session, runId, go]);
  if (!session) return <PinGate scanning={scanning} lang={lang} />;
  if (!runId) return null;
  return <TimelineView key={runId} session={session} runId={runId} lang={lang} scanning={scanning} />;
}
