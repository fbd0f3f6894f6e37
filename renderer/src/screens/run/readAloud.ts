import { useTranslation } from 'react-i18next';
import type { Step } from '../../contract';
import { limitsInWords, type T } from '../../format';
import { type Lang, localized } from '../../i18n';
import { speak } from '../../speech';
import { useStation } from '../../store';

/** What to read aloud for a step: its text, and for a measurement its limits. */
export function spokenText(t: T, step: Step, lang: Lang): string {
  const text = localized(step.text, lang).text;
  if (step.kind === 'measurement') return `${text} ${limitsInWords(t, step.limits, step.unit, step.decimals, lang)}`;
  if (step.kind === 'choice') return `${text} ${step.options.map((o) => localized(o.label, lang).text).join('. ')}.`;
  return text;
}

let speechWarned = false;

export function useReadAloud(lang: Lang) {
  const { t } = useTranslation();
  const say = useStation((s) => s.say);
  return async (text: string, quietWhenUnavailable = false) => {
    const outcome = await speak(text, lang);
    if (outcome === 'unavailable' || outcome === 'no-voice' || outcome === 'error') {
      if (quietWhenUnavailable && speechWarned) return;
      speechWarned = true;
      say(outcome === 'no-voice' ? t('speech.noVoice') : t('speech.unavailable'), 'warn');
    }
  };
}
