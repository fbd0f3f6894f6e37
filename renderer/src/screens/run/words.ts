/** Pure helpers of the Run screen: what a recorded step says, in words. */
import type { RunStepView, StandardDocument, Step } from '../../contract';
import { formatNumber, unitWords, type T } from '../../format';
import { localized, type Lang } from '../../i18n';

export function reasonLabel(doc: StandardDocument, code: string | undefined, lang: Lang): string {
  if (!code) return '';
  const found = doc.reasonCodes.find((r) => r.code === code);
  return found ? localized(found.label, lang).text : code;
}

/** The recorded value of a step in words: "500 grams", "Sharp and closed", the note text; '' for ticks. */
export function valueText(t: T, step: Step, rec: RunStepView | undefined, lang: Lang): string {
  if (!rec || rec.value === undefined) return '';
  if (step.kind === 'measurement' && typeof rec.value === 'number') return `${formatNumber(rec.value, step.decimals, lang)} ${unitWords(t, step.unit)}`;
  if (step.kind === 'choice') {
    const option = step.options.find((o) => o.value === rec.value);
    return option ? localized(option.label, lang).text : String(rec.value);
  }
  return String(rec.value);
}

export type Summary = {
  done: number;
  skipped: number;
  deviated: Array<{ n: number; reason: string }>;
  outside: Array<{ n: number; value: string; unit: string; reason: string }>;
  notRight: Array<{ n: number; value: string; reason: string }>;
  notes: Array<{ n: number; text: string }>;
};

export function summarize(t: T, doc: StandardDocument, steps: readonly RunStepView[], lang: Lang): Summary {
  const out: Summary = { done: 0, skipped: 0, deviated: [], outside: [], notRight: [], notes: [] };
  steps.forEach((rec, i) => {
    const step = doc.steps[i];
    if (!step) return;
    const n = i + 1;
    if (rec.status === 'skipped') out.skipped++;
    else if (rec.status === 'deviated') out.deviated.push({ n, reason: reasonLabel(doc, rec.reason, lang) });
    else out.done++;
    if (rec.acceptable === false && step.kind === 'measurement' && typeof rec.value === 'number') {
      out.outside.push({ n, value: formatNumber(rec.value, step.decimals, lang), unit: unitWords(t, step.unit), reason: reasonLabel(doc, rec.reason, lang) });
    } else if (rec.acceptable === false && step.kind === 'choice') {
      out.notRight.push({ n, value: valueText(t, step, rec, lang), reason: reasonLabel(doc, rec.reason, lang) });
    }
    if (step.kind === 'note' && rec.status === 'done' && typeof rec.value === 'string' && rec.value.trim()) out.notes.push({ n, text: rec.value });
  });
  return out;
}
