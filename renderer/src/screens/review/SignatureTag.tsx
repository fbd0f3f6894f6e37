import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../components/Icon';
import type { Countersignature, SignMeaning } from '../../contract';
import type { Lang } from '../../i18n';
import type { Tone } from '../../store';
import { dayWords, whenWords } from '../../format';

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
