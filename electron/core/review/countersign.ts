/**
 * Which runs a countersignature signs (issue 10, item 7; docs/review.md "Countersignatures"): only finished runs
 * (completed or abandoned); a run already approved is not signed again (an approval is final); a run whose latest
 * countersignature already has this meaning is left as it is. Pure: the service writes the lines.
 */
import type { HistoryRow, SignMeaning, SignResult, SignRun, SignSkipReason } from '../../contract';

export function skipReason(run: HistoryRow, meaning: SignMeaning): SignSkipReason | null {
  if (run.status === 'in_progress') return 'in_progress';
  if (run.signature?.meaning === 'approved') return 'already_approved';
  if (run.signature?.meaning === meaning) return 'already_signed';
  return null;
}

function signRun(r: HistoryRow): SignRun {
  return {
    runId: r.runId, stationId: r.stationId, stationName: r.stationName, standardId: r.standardId, title: r.title,
    actor: r.actor, actorName: r.actorName, startedAt: r.startedAt,
  };
}

/** The runs to sign and the runs skipped, with why, in the order given. */
export function planSignature(runs: readonly HistoryRow[], meaning: SignMeaning, preview: boolean): SignResult {
  const plan: SignResult = { preview, signed: 0, runs: [], skipped: [] };
  for (const r of runs) {
    const why = skipReason(r, meaning);
    if (why) plan.skipped.push({ ...signRun(r), why });
    else plan.runs.push(signRun(r));
  }
  plan.signed = plan.runs.length;
  return plan;
}
