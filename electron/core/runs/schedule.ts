import { DateTime } from 'luxon';
import type { DueItem, DueStatus } from '../../contract/runs';
import type { Schedule, StandardDocument, StandardRef, Weekday } from '../standards/schema';
import type { Projection, RunState } from './state';

/**
 * Which routines are due now. The order is the order of the "Today" screen: the one to do now first.
 * (DueItem and DueStatus are the contract's: the renderer shows them.)
 */
export type { DueItem, DueStatus } from '../../contract/runs';

const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const ORDER: Record<DueStatus, number> = { in_progress: 0, late: 1, due: 2, upcoming: 3, done: 4, not_scheduled: 5 };

interface Period {
  /** Start of the period in which one completion is expected (a day or an ISO week). */
  start: DateTime;
  end: DateTime;
  /** When it is due within the period; null when the schedule has no occurrence in it. */
  dueAt: DateTime | null;
}

/** The schedule period that contains `nowMs`, in the station's time zone. */
export function periodAt(schedule: Schedule, nowMs: number, timeZone: string): Period {
  const now = DateTime.fromMillis(nowMs, { zone: timeZone });
  const [hour, minute] = schedule.at.split(':').map(Number) as [number, number];
  if (schedule.every === 'day') {
    const start = now.startOf('day');
    const today = WEEKDAYS[now.weekday - 1] as Weekday;
    return { start, end: start.plus({ days: 1 }), dueAt: schedule.days.includes(today) ? start.set({ hour, minute }) : null };
  }
  const start = now.startOf('week'); // ISO week: Monday
  const first = Math.min(...schedule.days.map((d) => WEEKDAYS.indexOf(d)));
  return { start, end: start.plus({ weeks: 1 }), dueAt: start.plus({ days: first }).set({ hour, minute }) };
}

/** One item per standard: `current` holds the version in force today for each standard id. */
export function dueList(current: readonly StandardDocumentWithRef[], projection: Projection, nowMs: number, timeZone: string): DueItem[] {
  const runsByStandard = new Map<string, RunState[]>();
  for (const run of Object.values(projection.runs)) {
    const list = runsByStandard.get(run.standard.id) ?? [];
    list.push(run);
    runsByStandard.set(run.standard.id, list);
  }
  const items = current.map(({ doc, ref }): DueItem => {
    const period = periodAt(doc.schedule, nowMs, timeZone);
    const lateAt = period.dueAt?.plus({ minutes: doc.schedule.graceMinutes });
    const when = period.dueAt && lateAt ? { dueAt: iso(period.dueAt), lateAt: iso(lateAt) } : {};
    const runs = runsByStandard.get(doc.id) ?? [];
    const open = runs.filter((r) => r.status === 'in_progress').sort((a, b) => b.startedMs - a.startedMs)[0];
    const base = { standard: ref, title: doc.title, ...when };
    if (open) return { ...base, status: 'in_progress', runId: open.runId };
    const done = (projection.completions[doc.id] ?? []).find((c) => c.startedMs >= period.start.toMillis() && c.startedMs < period.end.toMillis());
    if (done) return { ...base, status: 'done', runId: done.runId, onTime: lateAt ? done.finishedMs <= lateAt.toMillis() : true };
    if (!period.dueAt || !lateAt) return { ...base, status: 'not_scheduled' };
    const status: DueStatus = nowMs > lateAt.toMillis() ? 'late' : nowMs >= period.dueAt.toMillis() ? 'due' : 'upcoming';
    return { ...base, status };
  });
  return items.sort((a, b) => ORDER[a.status] - ORDER[b.status] || (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || a.standard.id.localeCompare(b.standard.id));
}

export interface StandardDocumentWithRef {
  doc: StandardDocument;
  ref: StandardRef;
}

function iso(dt: DateTime): string {
  return dt.toISO({ includeOffset: true }) ?? dt.toString();
}
