/** A run's timeline (every event, in order, with its step and who did it) as the review shows it. */
import type { Countersignature, HistoryRow, ImportProblem, RunTimeline, TimelineEvent } from '../../contract';
import { attachmentRefOf } from '../journal/attachments';
import { RunEvent } from '../runs/events';
import type { StandardDocument } from '../standards';

type Step = StandardDocument['steps'][number];

/** `rows`: the run's events from the review database, in order; `std`: its standard version as imported. */
export function buildTimeline(
  run: HistoryRow,
  std: { doc: unknown; ownerRole: string | null; ownerName: string | null } | null,
  rows: Array<Record<string, unknown>>,
  roster: Array<{ id: string; name: string }>,
  problems: ImportProblem[],
): RunTimeline {
  const doc = (std?.doc ?? null) as StandardDocument | null;
  const steps = new Map<string, Step>((doc?.steps ?? []).map((s) => [s.id, s]));
  const names = new Map(roster.map((a) => [a.id, a.name]));
      const undoneBy = new Map<string, string>();
  for (const r of rows) if (r.type === RunEvent.stepUndone && r.supersedes) undoneBy.set(String(r.supersedes), String(r.id));
  const events: TimelineEvent[] = rows.map((r) => {
    const data = parseJson(r.data) as Record<string, unknown> | null;
    const step = r.step_id ? steps.get(String(r.step_id)) : undefined;
    const value = parseJson(r.value);
    const limits = (data?.limits as { min?: number; max?: number } | undefined) ?? (step?.kind === 'measurement' ? step.limits : undefined);
    const signer = typeof data?.signer === 'string' ? data.signer : null;
    return {
      seq: Number(r.seq),
      eventId: String(r.id),
      stationId: String(r.station_id),
      at: String(r.at_text),
      actor: String(r.actor),
      actorName: names.get(String(r.actor)) ?? signer,
      type: String(r.type),
      stepId: r.step_id === null || r.step_id === undefined ? null : String(r.step_id),
      stepTitle: step ? { ...step.text } : null,
      value: typeof value === 'number' || typeof value === 'string' ? value : null,
      unit: typeof data?.unit === 'string' ? data.unit : step?.kind === 'measurement' ? step.unit : null,
      limits: limits && r.type === RunEvent.stepMeasured ? { ...(limits.min !== undefined ? { min: limits.min } : {}), ...(limits.max !== undefined ? { max: limits.max } : {}) } : null,
      acceptable: typeof data?.acceptable === 'boolean' ? data.acceptable : null,
      reason: r.reason === null || r.reason === undefined ? null : String(r.reason),
      supersedes: r.supersedes === null || r.supersedes === undefined ? null : String(r.supersedes),
      supersededBy: undoneBy.get(String(r.id)) ?? null,
      file: String(r.file),
      line: Number(r.line),
      audio: attachmentRefOf(data),
    };
  });
  const signatures: Countersignature[] = events
    .filter((e) => e.type === RunEvent.countersigned)
    .flatMap((e): Countersignature[] => {
      const d = parseJson(rows.find((r) => r.id === e.eventId)?.data) as { meaning?: unknown; signer?: unknown } | null;
      const meaning = d?.meaning;
      if (meaning !== 'reviewed' && meaning !== 'approved' && meaning !== 'rejected') return [];
      return [{ meaning, by: typeof d?.signer === 'string' ? d.signer : 'Supervisor', station: e.stationId, eventId: e.eventId, at: e.at, ...(e.reason ? { reason: e.reason } : {}) }];
    });
  return {
    run,
    standard: {
      id: run.standardId,
      version: run.standardVersion,
      hash: run.standardHash,
      title: run.title,
      owner: std?.ownerName ? (std.ownerRole ? `${std.ownerName} (${std.ownerRole})` : std.ownerName) : std?.ownerRole ?? null,
    },
    events,
    signatures,
    integrity: { status: problems.some((p) => p.severity === 'error') ? 'problems' : 'verified', problems },
  };
}

function parseJson(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  try {
    return JSON.parse(String(v));
  } catch {
    return null;
  }
}
