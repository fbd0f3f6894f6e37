/**
 * Shared parts of the supervisor's review screens (issue 5): the contract types they use, the supervisor
 * navigation, words for dates, durations and signatures, error handling of the review channels, and the
 * countersign form (used for one run from its timeline and for a whole filtered set from the history).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../contract';
import { Button, ErrorSummary, Notice, RadioGroup, VisuallyHidden } from '../components/common';
import { Icon, type IconName } from '../components/Icon';
import { localized, type Lang } from '../i18n';
import { errorText, supervisorFailure, useStation, type Screen, type Tone } from '../store';

export type {
  Countersignature,
  HistoryCounts,
  HistoryFacets,
  HistoryFilter,
  HistoryPage,
  HistoryRow,
  HistorySort,
  KnownStandardVersion,
  OpenHelpRequest,
  ReviewStatus,
  RunOutcome,
  RunTimeline,
  SignMeaning,
  StandardCheck,
  StandardSource,
  StepChange,
  TimelineEvent,
  TrendPeriod,
  TrendRow,
  ImportProblem,
} from '../../../electron/contract';
import type { Countersignature, SignMeaning } from '../../../electron/contract';

export type T = (key: string, opts?: Record<string, unknown>) => string;
export type Text = { en: string; hi?: string | undefined };

/** The most runs one countersignature call may cover (MAX_SIGN_RUNS of the contract). */
export const MAX_SIGN = 2000;

const locale = (lang: Lang) => (lang === 'hi' ? 'hi-IN' : 'en-GB');

export function numberFormat(lang: Lang, opts: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  return new Intl.NumberFormat(locale(lang), { numberingSystem: 'latn', ...opts });
}

export function count(lang: Lang, n: number): string {
  return numberFormat(lang).format(n);
}

/** A standard's text in the screen's language, with the lang it is really in (English when Hindi is missing). */
export function LocalText({ text, lang, fallback }: { text: Text | null | undefined; lang: Lang; fallback?: string }) {
  if (!text) return <>{fallback ?? ''}</>;
  const l = localized(text, lang);
  return l.lang === lang ? <>{l.text}</> : <span lang={l.lang}>{l.text}</span>;
}

export function localText(text: Text | null | undefined, lang: Lang): string {
  return text ? localized(text, lang).text : '';
}

/**
 * Times with an offset (+05:30) are shown as the recording station's clock showed them; a UTC time (…Z) is shown
 * in this computer's time zone (it is an instant, such as "last refreshed", not a station's clock reading).
 */
function wallClock(iso: string): string {
  if (!/[zZ]$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "27 November 2026" for a day (YYYY-MM-DD or an ISO time; the station's own date, no time-zone change). */
export function dayWords(iso: string, lang: Lang, month: 'long' | 'short' = 'long'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(wallClock(iso));
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(locale(lang), { day: 'numeric', month, year: 'numeric', timeZone: 'UTC', numberingSystem: 'latn' }).format(d);
}

/** "08:05" (or "08:05:12" with seconds) as the recording station's clock showed it. */
export function clockWords(iso: string, seconds = false): string {
  const m = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(wallClock(iso));
  if (!m) return '';
  return seconds && m[3] ? `${m[1]}:${m[2]}:${m[3]}` : `${m[1]}:${m[2]}`;
}

/** "27 Nov 2026, 08:05". */
export function whenWords(iso: string, lang: Lang): string {
  return `${dayWords(iso, lang, 'short')}, ${clockWords(iso)}`;
}

/** A duration in words: "12 min 5 s", "1 h 4 min", "40 s". */
export function durationWords(t: T, seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return t('review.noFigure');
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const min = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return t('review.durationHours', { h, min });
  if (min > 0) return t('review.durationMinutes', { min, sec });
  return t('review.durationSeconds', { sec });
}

export function shortId(id: string, n = 8): string {
  return id.length > n ? id.slice(0, n) : id;
}

export function stationWords(name: string | null | undefined, id: string): string {
  return name ? name : shortId(id);
}

/** Error words for the review channels: a known code in plain words, else the general "nothing was saved". */
export function reviewErrorText(t: T, error: ErrorInfo): string {
  const key = `review.errors.${error.code}`;
  const text = t(key);
  return text === key ? errorText(error) : text;
}

/** The words for a failed load shown in place; none when the session ended (the PIN is shown instead). */
export function loadErrorText(t: T, error: ErrorInfo | null): string | null {
  return error && error.code !== 'SUPERVISOR_REQUIRED' ? reviewErrorText(t, error) : null;
}

/** Handles a failed review call: a locked session goes back to the PIN; anything else is said in the alert region. */
export function reviewFailure(t: T, error: ErrorInfo): void {
  if (error.code === 'SUPERVISOR_REQUIRED') return supervisorFailure(error);
  useStation.setState({ alert: { id: Date.now(), text: reviewErrorText(t, error), tone: 'error' }, message: null });
}

export const MEANING_LOOK: Record<SignMeaning, { icon: IconName; tone: Tone }> = {
  reviewed: { icon: 'check', tone: 'info' },
  approved: { icon: 'check', tone: 'ok' },
  rejected: { icon: 'cross', tone: 'error' },
};

/** A countersignature as a tag: icon + word + tint, then who and when in words. */
export function SignatureTag({ sig, lang, compact }: { sig: Countersignature | null; lang: Lang; compact?: boolean }) {
  const { t } = useTranslation();
  if (!sig) {
    return (
      <span className="sw-tag" data-tone="none" data-testid="signature" data-meaning="none">
        <Icon name="dash" className="sw-tag__icon" />
        {t('review.notReviewed')}
      </span>
    );
  }
  const look = MEANING_LOOK[sig.meaning];
  return (
    <span className="sw-sig" data-testid="signature" data-meaning={sig.meaning}>
      <span className="sw-tag" data-tone={look.tone}>
        <Icon name={look.icon} className="sw-tag__icon" />
        {t(`review.meaning.${sig.meaning}`)}
      </span>
      <span className="sw-sig__who">
        {compact ? t('review.signedByShort', { by: sig.by, when: dayWords(sig.at, lang, 'short') }) : t('review.signedBy', { by: sig.by, when: whenWords(sig.at, lang) })}
      </span>
      {sig.reason && !compact ? <span className="sw-sig__reason">{t('review.signReasonShown', { reason: sig.reason })}</span> : null}
    </span>
  );
}

/** The supervisor's own navigation: Review, Trends, Standards, Settings, and Lock. */
export function SupervisorNav({ current }: { current: Screen }) {
  const { t } = useTranslation();
  const go = useStation((s) => s.go);
  const lock = useStation((s) => s.lock);
  const items: Array<{ screen: Screen; icon: IconName; label: string; testId: string }> = [
    { screen: 'review', icon: 'list', label: t('review.navHome'), testId: 'nav-review' },
    { screen: 'trends', icon: 'flag', label: t('review.navTrends'), testId: 'nav-trends' },
    { screen: 'standards', icon: 'pencil', label: t('review.navStandards'), testId: 'nav-standards' },
    { screen: 'settings', icon: 'gear', label: t('review.navSettings'), testId: 'nav-settings' },
  ];
  return (
    <nav className="sw-subnav" aria-label={t('review.navLabel')}>
      <ul className="sw-subnav__list">
        {items.map((i) => (
          <li key={i.screen}>
            <button
              type="button"
              className="sw-btn sw-btn--secondary sw-subnav__btn"
              aria-current={current === i.screen || (current === 'timeline' && i.screen === 'review') ? 'page' : undefined}
              onClick={() => go(i.screen)}
              data-testid={i.testId}
            >
              <Icon name={i.icon} className="sw-btn__icon" />
              <span className="sw-btn__label">{i.label}</span>
            </button>
          </li>
        ))}
        <li>
          <Button icon="lock" onClick={() => void lock()} data-testid="review-lock">
            {t('review.lock')}
          </Button>
        </li>
      </ul>
    </nav>
  );
}

export type SignResult = { signed: number; alreadySigned: number };

/**
 * Countersign: choose what the signature means (reviewed / approved / rejected), a reason (needed for a
 * rejection), then confirm. `count` is how many runs it is about; `sign` does the call.
 */
export function SignForm({
  count: n,
  lang,
  onSign,
  onClose,
  testId,
}: {
  count: number;
  lang: Lang;
  onSign: (meaning: SignMeaning, reason: string | undefined) => Promise<SignResult | null>;
  onClose: (result: SignResult | null) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const name = useStation((s) => s.station?.settings.supervisorName ?? t('review.defaultSupervisor'));
  const [meaning, setMeaning] = useState<SignMeaning | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Array<{ field: string; text: string }>>([]);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [confirming]);

  const check = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Array<{ field: string; text: string }> = [];
    if (!meaning) errs.push({ field: 'sign-meaning-field', text: t('review.signErrorMeaning') });
    if (meaning === 'rejected' && !reason.trim()) errs.push({ field: 'sign-reason', text: t('review.signErrorReason') });
    setErrors(errs);
    if (errs.length === 0) setConfirming(true);
  };
  const confirm = async () => {
    if (!meaning || busy) return;
    setBusy(true);
    try {
      const res = await onSign(meaning, reason.trim() || undefined);
      if (res) onClose(res);
      else setConfirming(false);
    } finally {
      setBusy(false);
    }
  };
  const err = (f: string) => errors.find((x) => x.field === f)?.text ?? null;
  const runs = t('review.runsCount', { count: n, n: count(lang, n) });
  return (
    <div className="sw-panel sw-sign" data-testid={testId} role="group" aria-labelledby={`${testId}-title`}>
      <h3 className="sw-h3" tabIndex={-1} ref={headingRef} id={`${testId}-title`}>
        {confirming && meaning ? t('review.signConfirmTitle', { runs, meaning: t(`review.meaning.${meaning}`) }) : t('review.signTitle', { runs })}
      </h3>
      {!confirming ? (
        <form className="sw-form" onSubmit={check} noValidate>
          <ErrorSummary errors={errors} />
          <RadioGroup<SignMeaning>
            legend={t('review.signMeaning')}
            name="sign-meaning"
            value={meaning}
            onChange={setMeaning}
            error={err('sign-meaning-field')}
            options={(['reviewed', 'approved', 'rejected'] as const).map((m) => ({ value: m, label: t(`review.meaning.${m}`), hint: t(`review.meaningHint.${m}`) }))}
          />
          <div className={`sw-field${err('sign-reason') ? ' sw-field--error' : ''}`}>
            <label className="sw-label" htmlFor="sign-reason">
              {meaning === 'rejected' ? t('review.signReason') : t('review.signReasonOptional')}
            </label>
            <p className="sw-hint" id="sign-reason-hint">
              {t('review.signReasonHint')}
            </p>
            {err('sign-reason') ? (
              <p className="sw-error-message" id="sign-reason-error">
                <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
                {err('sign-reason')}
              </p>
            ) : null}
            <textarea
              id="sign-reason"
              className="sw-textarea"
              maxLength={500}
              value={reason}
              aria-invalid={err('sign-reason') ? true : undefined}
              aria-describedby={`sign-reason-hint${err('sign-reason') ? ' sign-reason-error' : ''}`}
              onChange={(e) => setReason(e.target.value)}
              data-testid="sign-reason"
            />
          </div>
          <div className="sw-actions">
            <button type="submit" className="sw-btn sw-btn--primary" data-testid="sign-continue">
              <Icon name="check" className="sw-btn__icon" />
              <span className="sw-btn__label">{t('review.signContinue')}</span>
            </button>
            <Button icon="back" onClick={() => onClose(null)} data-testid="sign-cancel">
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          <p>{t('review.signAs', { name })}</p>
          {reason.trim() ? <p>{t('review.signReasonShown', { reason: reason.trim() })}</p> : null}
          <p className="sw-hint">{t('review.signNoEdit')}</p>
          <div className="sw-actions">
            <Button variant={meaning === 'rejected' ? 'warning' : 'primary'} icon="check" onClick={() => void confirm()} aria-disabled={busy || undefined} data-testid="sign-confirm">
              {busy ? t('common.busy') : t('review.signYes', { runs })}
            </Button>
            <Button icon="back" onClick={() => setConfirming(false)} data-testid="sign-change">
              {t('review.signChange')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

/** What a countersignature call did, in words. */
export function SignDone({ result, lang }: { result: SignResult; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <div data-testid="sign-result" data-signed={result.signed} data-already={result.alreadySigned}>
      <Notice tone="ok" title={t('review.signedCount', { count: result.signed, n: count(lang, result.signed) })}>
        {result.alreadySigned > 0 ? <p>{t('review.alreadySigned', { count: result.alreadySigned, n: count(lang, result.alreadySigned) })}</p> : null}
      </Notice>
    </div>
  );
}
