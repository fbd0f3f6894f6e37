/**
 * Suppliers side by side (issue 12 item 2): the scorecard of each supplier of one ledger (DuckDB or PostgreSQL) over
 * the same days, its four measures (docs/scorecard.md §1–4) per supplier, then per station. Each supplier's figures are
 * its own scorecard (scorecardWith with `supplier`), so they mean exactly what the scorecard means.
 */
import { checkDate, ReportInputError, scorecardWith, type ScorecardEngine } from './compute';
import type { ScoreFigures, ScorecardOptions, StationScore } from './types';

/** The four measures: routine strength, decision clarity, ownership, ability to repeat. */
export type SupplierMeasures = Pick<ScoreFigures,
  'dueOccurrences' | 'completionRate' | 'onTimeRate' | 'runs' | 'stepsRecorded' | 'deviationsPer100Steps' | 'undosPer100Steps' | 'helpPer100Steps' |
  'outOfLimitsRate' | 'currentOwnedRate' | 'repeatRate' | 'durationCv'>;

export interface SupplierComparison {
  period: { from: string; to: string; timeZone: string; days: number };
  suppliers: Array<SupplierMeasures & { supplier: string; stations: number; events: number }>;
  stations: Array<SupplierMeasures & { supplier: string; stationId: string; stationName: string | null }>;
}

function measures(f: ScoreFigures): SupplierMeasures {
  return {
    dueOccurrences: f.dueOccurrences, completionRate: f.completionRate, onTimeRate: f.onTimeRate, runs: f.runs, stepsRecorded: f.stepsRecorded,
    deviationsPer100Steps: f.deviationsPer100Steps, undosPer100Steps: f.undosPer100Steps, helpPer100Steps: f.helpPer100Steps,
    outOfLimitsRate: f.outOfLimitsRate, currentOwnedRate: f.currentOwnedRate, repeatRate: f.repeatRate, durationCv: f.durationCv,
  };
}

/** The ledger's suppliers, in order. */
export async function listSuppliers(engine: ScorecardEngine): Promise<string[]> {
  return (await engine.all(engine.sql.suppliers)).map((r) => String(r.supplier));
}

/** Compare the ledger's suppliers (or only `suppliers`) over one period (default: every day with events of any of them). */
export async function compareSuppliers(engine: ScorecardEngine, opts: ScorecardOptions & { suppliers?: string[] } = {}): Promise<SupplierComparison> {
  const all = await listSuppliers(engine);
  const wanted = opts.suppliers ?? all;
  const unknown = wanted.filter((s) => !all.includes(s));
  if (unknown.length > 0) {
    throw new ReportInputError(`The ledger has no supplier ${unknown.map((s) => `"${s}"`).join(', ')}; it has ${all.length > 0 ? all.map((s) => `"${s}"`).join(', ') : 'none yet'}.`);
  }
  checkDate(opts.from, 'from');
  checkDate(opts.to, 'to');
  let { from, to } = opts;
  if (!from || !to) {
    const q = engine.sql;
    const [b] = await engine.all(q.period(q.localTimeExpr(opts.timeZone)));
    from ??= b?.f === null || b?.f === undefined ? undefined : String(b.f);
    to ??= b?.t === null || b?.t === undefined ? undefined : String(b.t);
  }
  const out: SupplierComparison = { period: { from: from ?? '', to: to ?? '', timeZone: opts.timeZone ?? 'station local time', days: 0 }, suppliers: [], stations: [] };
  for (const supplier of wanted) {
    const card = await scorecardWith(engine, { ...opts, ...(from ? { from } : {}), ...(to ? { to } : {}), supplier });
    out.period = card.period;
    out.suppliers.push({ supplier, stations: card.summary.stations, events: card.summary.events, ...measures(card.summary) });
    for (const s of card.stations as StationScore[]) out.stations.push({ supplier, stationId: s.stationId, stationName: s.stationName, ...measures(s) });
  }
  return out;
}
