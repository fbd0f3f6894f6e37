import type { T } from '../../format';

/** The period of the scorecard and the export: local days YYYY-MM-DD, inclusive; '' = from the first / to the last day with records. */
export type Period = { from: string; to: string };

export type PeriodErrors = { from?: string; to?: string };

export const NO_PERIOD: Period = { from: '', to: '' };

/** A real calendar day written YYYY-MM-DD (what a date field gives). */
function isRealDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** What is wrong with a period, field by field, GOV.UK style: a date that is not real, or an end before the start. */
export function periodErrors(t: T, p: Period, unreadable: { from: boolean; to: boolean }): PeriodErrors {
  const errors: PeriodErrors = {};
  if (unreadable.from || (p.from !== '' && !isRealDay(p.from))) errors.from = t('procurement.periodFromInvalid');
  if (unreadable.to || (p.to !== '' && !isRealDay(p.to))) errors.to = t('procurement.periodToInvalid');
  if (!errors.from && !errors.to && p.from && p.to && p.from > p.to) errors.to = t('procurement.periodOrder');
  return errors;
}

/** The period as channel arguments (only the days given). */
export function periodArgs(p: Period): { from?: string; to?: string } {
  return { ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}) };
}
