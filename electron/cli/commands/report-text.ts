import type { ImportResult, LedgerProblem, ShareReport, StationCheck } from '../../core/ledger';
import { printable } from '../printable';

/** Human-readable output of verify and import: a short summary per station, then each problem in words. */

const n = (x: number) => x.toLocaleString('en-US');

function stationLabel(s: { station: string; name: string | null }): string {
  return printable(s.name ? `${s.name} (${s.station})` : s.station);
}

function verifiedText(s: StationCheck): string {
  const errors = s.problems.filter((p) => p.severity === 'error').length;
  const warnings = s.problems.length - errors;
  const parts: string[] = [];
  if (s.rejected) parts.push('NOT TRUSTED: nothing can be imported');
  else if (errors > 0) parts.push(s.verifiedThrough ? `verified up to event ${n(s.verifiedThrough.seq)}, not beyond` : 'nothing verified');
  else parts.push(s.verifiedThrough ? `verified up to event ${n(s.verifiedThrough.seq)}` : 'nothing published yet');
  if (errors > 0) parts.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) parts.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (s.duplicates.length > 0) parts.push(`${s.duplicates.length} identical sync cop${s.duplicates.length === 1 ? 'y' : 'ies'} ignored`);
  parts.push(verificationText(s));
  return parts.join('; ');
}

/** How a station was verified: only what is new (segments remembered from earlier imports not read again), or in full and why. */
export function verificationText(s: Pick<StationCheck, 'verification'>): string {
  const v = s.verification;
  const read = `${v.read.length} file${v.read.length === 1 ? '' : 's'} read`;
  return v.mode === 'incremental' ? `new segments only (${read})` : `verified in full${v.reason ? ` (${printable(v.reason)})` : ''}`;
}

export function problemText(p: LedgerProblem): string {
  const where = p.file ? `${printable(p.file)}${p.line > 0 ? `, line ${p.line}` : ''}` : '(shared folder)';
  return `  ${p.severity === 'error' ? 'ERROR  ' : 'warning'} ${p.code} — ${where}\n          ${printable(p.message)}\n          expected: ${printable(p.expected)}\n          found:    ${printable(p.found)}\n`;
}

/** ", 3 runs (2 completed, 1 stopped)": the runs in the verified events verify read (nothing when it read none). */
function runsText(s: StationCheck): string {
  if (!s.runs) return '';
  const { started, completed, abandoned } = s.runs;
  return `, ${n(started)} run${started === 1 ? '' : 's'} (${n(completed)} completed, ${n(abandoned)} stopped)`;
}

export function verifyText(r: ShareReport): string {
  const lines: string[] = [];
  lines.push(`Shared folder ${printable(r.share)}: ${r.stations.length} station${r.stations.length === 1 ? '' : 's'}, ${n(r.events)} events, ${r.standards.length} standard${r.standards.length === 1 ? '' : 's'}.`);
  for (const s of r.stations) {
    const ok = s.problems.every((p) => p.severity !== 'error');
    lines.push(`  ${ok ? 'OK     ' : 'PROBLEM'} ${stationLabel(s)}: ${n(s.records)} events${runsText(s)}, key ${s.keyId ?? 'none'}; ${verifiedText(s)}.`);
  }
  lines.push('');
  if (r.problems.length > 0) {
    lines.push(`Problems (${r.errors} error${r.errors === 1 ? '' : 's'}, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}):`);
    for (const p of r.problems) lines.push(problemText(p));
  }
  lines.push(r.ok
    ? `Everything verified: the logs are complete and untouched${r.warnings > 0 ? ' (see the warnings above)' : ''}.`
    : `NOT VERIFIED: ${r.errors} integrity problem${r.errors === 1 ? '' : 's'} (see above). Events after a problem cannot be trusted.`);
  return lines.join('\n') + '\n';
}

const STATUS: Record<string, string> = {
  imported: 'imported',
  up_to_date: 'up to date',
  partial: 'PARTLY imported',
  rejected: 'REJECTED',
};

export function importText(r: Omit<ImportResult, 'enrolment'>, db: string): string {
  const lines: string[] = [];
  const rep = r.report;
  lines.push(`Imported ${printable(rep.share)} into ${printable(db)} (import #${r.importId}): ${rep.stations.length} station${rep.stations.length === 1 ? '' : 's'}, ${n(r.eventsAdded)} new events, ${r.standardsAdded} new standard${r.standardsAdded === 1 ? '' : 's'}.`);
  for (const s of r.stations) {
    const check = rep.stations.find((c) => c.station === s.station);
    const what = s.status === 'rejected'
      ? 'nothing imported from this station'
      : `${n(s.added)} new event${s.added === 1 ? '' : 's'}, ledger now through event ${n(s.headSeq)}`;
    const issues = [s.errors > 0 ? `${s.errors} error${s.errors === 1 ? '' : 's'}` : '', s.warnings > 0 ? `${s.warnings} warning${s.warnings === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    lines.push(`  ${(STATUS[s.status] ?? s.status).padEnd(15)} ${stationLabel(s)}: ${what}${issues ? `; ${issues}` : ''}${check && check.duplicates.length ? `; ${check.duplicates.length} identical sync copies ignored` : ''}${check ? `; ${verificationText(check)}` : ''}.`);
  }
  lines.push('');
  if (rep.problems.length > 0) {
    lines.push(`Problems (${rep.errors} error${rep.errors === 1 ? '' : 's'}, ${rep.warnings} warning${rep.warnings === 1 ? '' : 's'}):`);
    for (const p of rep.problems) lines.push(problemText(p));
  }
  lines.push(rep.ok
    ? 'Everything verified and imported.'
    : `NOT EVERYTHING VERIFIED: ${rep.errors} integrity problem${rep.errors === 1 ? '' : 's'}. Only verified events were imported; the problems are kept in the import_problems table.`);
  return lines.join('\n') + '\n';
}

/** The --json form of a verification report: everything, without absolute file paths of the machine. */
export function reportJson(r: ShareReport) {
  return {
    ok: r.ok,
    share: r.share,
    checkedAt: r.checkedAt,
    errors: r.errors,
    warnings: r.warnings,
    events: r.events,
    bytes: r.bytes,
    standards: r.standards,
    stations: r.stations.map((s) => ({
      station: s.station,
      name: s.name,
      keyId: s.keyId,
      trusted: s.trusted,
      rejected: s.rejected,
      events: s.records,
      ...(s.runs ? { runs: s.runs } : {}),
      seals: s.seals,
      files: s.files.length,
      head: s.head,
      verifiedThrough: s.verifiedThrough,
      importable: s.importable,
      errors: s.problems.filter((p) => p.severity === 'error').length,
      warnings: s.problems.filter((p) => p.severity !== 'error').length,
      ignored: s.ignored,
      duplicates: s.duplicates,
      verification: { mode: s.verification.mode, reason: s.verification.reason, filesRead: s.verification.read.length },
    })),
    problems: r.problems,
  };
}
