/**
 * Help requests in the supervisor's review (issue 10, item 6; docs/review.md "Help requests"): open → seen →
 * answered, or closed with a note. A request stays open until a supervisor answers or closes it, whatever its run
 * became. This station's requests come from the live run state (fresh, but finished runs leave it after a day) and
 * the review database (every station, every run), merged by event id; the live state wins for its own requests.
 */
import type { OpenHelpRequest } from '../../contract';
import { fail, ok, type Result } from '../../contract/result';
import type { StationService } from '../runs/station-service';
import type { StandardDocument } from '../standards/schema';
import type { Row } from './rows';
import type { ReviewStore } from './store';

export interface HelpDeps {
  station: StationService;
  store: ReviewStore;
  stationName: string;
  names: Map<string, string>;
  docByHash: (hash: string) => Promise<StandardDocument | null>;
  /** The station's clock: how long each request has waited. */
  nowMs: number;
}

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Requests neither answered nor closed, oldest first. */
export async function openHelp(d: HelpDeps): Promise<OpenHelpRequest[]> {
  const stationId = d.station.stationId;
  const live = d.station.helpRequests();
  const liveIds = new Set(live.map((h) => h.eventId));
  // A supervisor at another station may have answered or closed one of ours (its line reached us through the share).
  const settledElsewhere = await d.store.settled(live.filter((h) => !h.settled).map((h) => h.eventId));
  const out: OpenHelpRequest[] = [];
  for (const h of live) {
    if (h.settled || settledElsewhere.has(h.eventId)) continue;
    const doc = d.station.loadedStandardByHash(h.standard.hash)?.doc ?? null;
    out.push(request(d, doc, {
      eventId: h.eventId, stationId, stationName: d.stationName, runId: h.runId, standardId: h.standard.id, title: doc ? { ...doc.title } : { en: h.standard.id },
      stepId: h.stepId, actor: h.actor, since: h.at, seen: h.seen, runFinished: h.runFinished,
    }));
  }
  for (const r of await d.store.openHelp()) {
    if (liveIds.has(String(r.event_id))) continue;
    out.push(request(d, await d.docByHash(String(r.standard_hash ?? '')), fromRow(r)));
  }
  return out.sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
}

type Base = Omit<OpenHelpRequest, 'stepTitle' | 'actorName' | 'state' | 'waitedS'>;

function fromRow(r: Row): Base {
  const seenAt = text(r.seen_at);
  return {
    eventId: String(r.event_id), stationId: String(r.station_id), stationName: text(r.station_name), runId: String(r.run_id),
    standardId: String(r.standard_id ?? ''), title: r.title_en ? { en: String(r.title_en), ...(r.title_hi ? { hi: String(r.title_hi) } : {}) } : { en: String(r.standard_id ?? '') },
    stepId: text(r.step_id), actor: String(r.actor), since: String(r.at_text),
    seen: seenAt ? { at: seenAt, by: text(r.seen_by) ?? 'Supervisor' } : null, runFinished: r.status !== 'in_progress',
  };
}

function request(d: HelpDeps, doc: StandardDocument | null, b: Base): OpenHelpRequest {
  const step = b.stepId ? doc?.steps.find((s) => s.id === b.stepId) : undefined;
  const waitedS = Math.max(0, Math.round((d.nowMs - Date.parse(b.since)) / 1000));
  return { ...b, stepTitle: step ? { ...step.text } : null, actorName: d.names.get(b.actor) ?? null, state: b.seen ? 'seen' : 'open', waitedS };
}

/**
 * Record that a supervisor saw, answered or closed a request: a line on this station's journal. The request must be
 * open: in the live state for this station's runs still there, else in the review database.
 */
export async function recordHelp(
  d: Pick<HelpDeps, 'station' | 'store'>,
  args: { kind: 'seen' | 'answered' | 'closed'; eventId: string; runId: string; stationId: string; signer: string; note?: string | undefined },
): Promise<Result<null>> {
  const eventId = args.eventId.toLowerCase();
  const runId = args.runId.toLowerCase();
  if (args.kind === 'closed' && !args.note?.trim()) return fail('NOTE_REQUIRED', 'Closing a help request needs a note. Say why it is closed.');
  const live = args.stationId === d.station.stationId ? d.station.helpRequests().find((h) => h.eventId === eventId) : undefined;
  if (!live || live.runId !== runId) {
    const found = await d.store.helpRequest(eventId, args.stationId);
    if (!found || found.runId !== runId) return fail('HELP_NOT_FOUND', 'This help request is not in the history. Bring the history up to date and try again.');
    if (found.settled) return fail('HELP_ALREADY_ANSWERED', 'This help request was already answered or closed.');
  }
  const done = await d.station.recordHelp({
    kind: args.kind, requestId: eventId, runId, requestStation: args.stationId, signer: args.signer, ...(args.note?.trim() ? { note: args.note.trim() } : {}),
  });
  return done.ok ? ok(null) : done;
}
