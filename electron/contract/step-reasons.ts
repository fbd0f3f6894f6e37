/** Zod-free, so the screens can use it without bundling the schema. */
import type { StandardDocument } from './standard-document';

/** The reasons offered for a step: its own list (in its order) when it has one, otherwise every reason of the standard. */
export function reasonsForStep(doc: Pick<StandardDocument, 'reasonCodes'>, step: { reasons?: readonly string[] | undefined } | undefined): StandardDocument['reasonCodes'] {
  if (!step?.reasons) return doc.reasonCodes;
  const byCode = new Map(doc.reasonCodes.map((r) => [r.code, r] as const));
  return step.reasons.flatMap((code) => {
    const r = byCode.get(code);
    return r ? [r] : [];
  });
}
