import type { SupplierComparison, SupplierMeasures } from '../../core/reports/suppliers';

/** Suppliers side by side, as text: the four measures per supplier, then per station (docs/scorecard.md). */
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)} %`);
const per100 = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const cv = (v: number | null) => (v === null ? '—' : v.toFixed(2));

const COLUMNS: Array<[string, (m: SupplierMeasures) => string]> = [
  ['due', (m) => String(m.dueOccurrences)],
  ['on time', (m) => pct(m.onTimeRate)],
  ['completed', (m) => pct(m.completionRate)],
  ['deviations/100', (m) => per100(m.deviationsPer100Steps)],
  ['help/100', (m) => per100(m.helpPer100Steps)],
  ['current owned', (m) => pct(m.currentOwnedRate)],
  ['repeat', (m) => pct(m.repeatRate)],
  ['duration CV', (m) => cv(m.durationCv)],
];

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function suppliersText(c: SupplierComparison, ledger: string): string {
  const lines = [`Suppliers side by side, ${ledger}, ${c.period.from} to ${c.period.to} (${c.period.timeZone}):`, ''];
  lines.push(...table(['supplier', 'stations', ...COLUMNS.map(([h]) => h)], c.suppliers.map((s) => [s.supplier, String(s.stations), ...COLUMNS.map(([, f]) => f(s))])));
  lines.push('', 'Per station:', '');
  lines.push(...table(['supplier', 'station', ...COLUMNS.map(([h]) => h)], c.stations.map((s) => [s.supplier, s.stationName ?? s.stationId, ...COLUMNS.map(([, f]) => f(s))])));
  lines.push('', 'on time / completed: of due occurrences; deviations, help: per 100 steps; current owned: runs on the owned version in force; repeat: runs without deviation or undo. docs/scorecard.md');
  return `${lines.join('\n')}\n`;
}
