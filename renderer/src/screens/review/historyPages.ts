/** How the history list is fetched: pages of PAGE rows, and the filter as the contract reads it. */
import type { HistoryFilter } from '../../contract';

/** Rows per review.history call (the contract allows up to 500). */
export const PAGE = 200;

/** How long the list must rest before the rows in view are fetched. */
export const FETCH_DELAY_MS = 80;

/** The pages (of PAGE rows) that rows first..last fall in. */
export function pagesFor(first: number, last: number, total: number, page = PAGE): number[] {
  if (total <= 0 || last < first) return [];
  const a = Math.max(0, Math.floor(first / page));
  const b = Math.min(Math.floor((total - 1) / page), Math.floor(Math.max(first, last) / page));
  const out: number[] = [];
  for (let p = a; p <= b; p++) out.push(p);
  return out;
}

/** A filter without empty parts (what the contract calls "does not filter"). */
export function cleanFilter(f: HistoryFilter): HistoryFilter {
  const out: HistoryFilter = {};
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.stations?.length) out.stations = f.stations;
  if (f.standards?.length) out.standards = f.standards;
  if (f.artisans?.length) out.artisans = f.artisans;
  if (f.outcomes?.length) out.outcomes = f.outcomes;
  if (f.outcomes && f.outcomes.length > 1 && f.outcomeMatch === 'any') out.outcomeMatch = 'any';
  return out;
}
