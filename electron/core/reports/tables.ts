/** The export tables: one definition per table, shared by CSV, Excel and HTML so the three always agree. */
import type { Scorecard, ScoreFigures, StationScore, StationStatus } from './types';

/**
 * date: a day YYYY-MM-DD; datetime: a wall-clock time YYYY-MM-DDTHH:MM:SS (station local time unless the header says
 * UTC): Excel date cells, plain text in CSV and HTML.
 */
export type ColumnKind = 'text' | 'int' | 'num' | 'pct' | 'date' | 'datetime';
export interface Column {
  header: string;
  kind: ColumnKind;
  /** Language of the column's text, when it is not English (for HTML lang attributes). */
  lang?: string;
  /** Long text (messages, reasons): wrapped in Excel and HTML, the column kept narrow. */
  wrap?: boolean;
}
export type Cell = string | number | boolean | null;
export interface Table {
  /** File / sheet name. */
  name: string;
  title: string;
  columns: Column[];
  rows: Cell[][];
}

const FIGURE_COLUMNS: [keyof ScoreFigures, string, ColumnKind][] = [
  ['dueOccurrences', 'due routines', 'int'],
  ['completedDue', 'completed', 'int'],
  ['completedOnTime', 'completed on time', 'int'],
  ['completionRate', 'completion rate', 'pct'],
  ['onTimeRate', 'on-time rate', 'pct'],
  ['runs', 'runs', 'int'],
  ['runsCompleted', 'runs completed', 'int'],
  ['runsAbandoned', 'runs abandoned', 'int'],
  ['stepsRecorded', 'steps recorded', 'int'],
  ['deviations', 'deviations', 'int'],
  ['undos', 'undos', 'int'],
  ['helpRequests', 'help requests', 'int'],
  ['deviationsPer100Steps', 'deviations per 100 steps', 'num'],
  ['undosPer100Steps', 'undos per 100 steps', 'num'],
  ['helpPer100Steps', 'help per 100 steps', 'num'],
  ['measurements', 'measurements', 'int'],
  ['outOfLimits', 'out of limits', 'int'],
  ['outOfLimitsRate', 'out-of-limits rate', 'pct'],
  ['runsOnCurrentOwnedVersion', 'runs on current owned version', 'int'],
  ['currentOwnedRate', 'current owned version rate', 'pct'],
  ['runsWithoutDiscussion', 'runs without deviation or undo', 'int'],
  ['repeatRate', 'repeat rate', 'pct'],
  ['durationCv', 'duration CV', 'num'],
  ['durationMeanMinutes', 'mean duration (min)', 'num'],
];

const figCols = (): Column[] => FIGURE_COLUMNS.map(([, header, kind]) => ({ header, kind }));
const figCells = (f: ScoreFigures): Cell[] => FIGURE_COLUMNS.map(([k]) => f[k]);

/** The words for each status, the same on every surface. */
export const STATUS_WORDS: Record<StationStatus, string> = {
  verified: 'verified',
  partial: 'PARTIAL',
  rejected: 'REJECTED',
  awaiting_enrolment: 'AWAITING ENROLMENT',
  stale: 'STALE',
};

/** "5 stations: 3 verified, 1 partial, 1 rejected, 0 awaiting enrolment, 0 stale" — the header count. */
export function statusCountLine(card: Scorecard): string {
  const b = card.summary.stationsByStatus;
  return `${card.summary.stations} station(s): ${b.verified} verified, ${b.partial} partial, ${b.rejected} rejected, ${b.awaiting_enrolment} awaiting enrolment, ${b.stale} stale (no event for ${card.summary.staleDays} days or more)`;
}

/** What a station's figures cover, in words (the verified-period label). */
export function coverWords(s: Pick<StationScore, 'status' | 'cut' | 'verifiedFrom' | 'verifiedTo'>): string {
  if (s.status === 'awaiting_enrolment') return 'not counted (awaiting enrolment)';
  if (s.verifiedFrom === null || s.verifiedTo === null) return 'nothing verified in the period: no figures';
  if (s.cut) return `verified period only: ${s.verifiedFrom} to ${s.verifiedTo}`;
  return `${s.verifiedFrom} to ${s.verifiedTo}`;
}

const STATUS_COLUMNS: Column[] = [
  { header: 'status', kind: 'text' },
  { header: 'figures cover', kind: 'text' },
];

export function exportTables(card: Scorecard): Table[] {
  const s = card.summary;
  return [
    {
      name: 'summary',
      title: 'Summary',
      columns: [{ header: 'scope', kind: 'text' }, { header: 'site', kind: 'text' }, { header: 'stations', kind: 'int' },
        { header: 'stations verified', kind: 'int' }, { header: 'stations partial', kind: 'int' }, { header: 'stations rejected', kind: 'int' },
        { header: 'stations awaiting enrolment', kind: 'int' }, { header: 'stations stale', kind: 'int' }, ...figCols(),
        { header: 'median days to adopt a new version', kind: 'num' }, { header: 'period from', kind: 'date' }, { header: 'period to', kind: 'date' }],
      rows: [
        ['all sites', null, s.stations, s.stationsByStatus.verified, s.stationsByStatus.partial, s.stationsByStatus.rejected, s.stationsByStatus.awaiting_enrolment,
          s.stationsByStatus.stale, ...figCells(s), s.medianDaysToAdopt, card.period.from, card.period.to],
        ...card.sites.map((x): Cell[] => {
          const at = card.stations.filter((t) => t.site === x.site);
          const n = (st: StationStatus) => at.filter((t) => t.status === st).length;
          return ['site', x.site, at.length, n('verified'), n('partial'), n('rejected'), n('awaiting_enrolment'), n('stale'), ...figCells(x), null, card.period.from, card.period.to];
        }),
      ],
    },
    {
      name: 'station_status',
      title: 'Station status',
      columns: [{ header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'station name', kind: 'text' }, ...STATUS_COLUMNS,
        { header: 'last event (station local time)', kind: 'datetime' }, { header: 'problem', kind: 'text' },
        { header: 'what is missing', kind: 'text', wrap: true }, { header: 'why', kind: 'text', wrap: true }],
      rows: [...card.stations]
        .sort((a, b) => Number(a.status === 'verified') - Number(b.status === 'verified') || a.stationId.localeCompare(b.stationId))
        .map((x): Cell[] => [x.site, x.stationId, x.stationName, STATUS_WORDS[x.status], coverWords(x), x.lastEventAt, x.problemCode, x.missing, x.why]),
    },
    {
      name: 'stations',
      title: 'Stations',
      columns: [{ header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'station name', kind: 'text' }, { header: 'standard', kind: 'text' },
        ...STATUS_COLUMNS, ...figCols()],
      rows: [
        ...card.stations.map((x): Cell[] => [x.site, x.stationId, x.stationName, '(all)', STATUS_WORDS[x.status], coverWords(x), ...figCells(x)]),
        ...card.stationStandards.map((x): Cell[] => {
          const st = card.stations.find((t) => t.stationId === x.stationId);
          return [x.site, x.stationId, st?.stationName ?? null, x.standardId, st ? STATUS_WORDS[st.status] : null, st ? coverWords(st) : null, ...figCells(x)];
        }),
      ],
    },
    {
      name: 'standards',
      title: 'Standards',
      columns: [{ header: 'standard', kind: 'text' }, { header: 'title', kind: 'text' }, { header: 'latest version', kind: 'int' }, { header: 'owner role', kind: 'text' }, { header: 'owner name', kind: 'text' }, ...figCols()],
      rows: card.standards.map((x): Cell[] => [x.standardId, x.title, x.latestVersion, x.ownerRole, x.ownerName, ...figCells(x)]),
    },
    {
      name: 'hot_spots',
      title: 'Hot spots',
      columns: [{ header: 'standard', kind: 'text' }, { header: 'rank', kind: 'int' }, { header: 'step', kind: 'text' }, { header: 'step text (en)', kind: 'text' }, { header: 'step text (hi)', kind: 'text', lang: 'hi' },
        { header: 'help requests', kind: 'int' }, { header: 'undos', kind: 'int' }, { header: 'deviations', kind: 'int' }, { header: 'total', kind: 'int' }, { header: 'times recorded', kind: 'int' },
        { header: 'owner role', kind: 'text' }, { header: 'owner name', kind: 'text' }],
      rows: card.hotSpots.map((h): Cell[] => [h.standardId, h.rank, h.stepId, h.stepTextEn, h.stepTextHi, h.helpRequests, h.undos, h.deviations, h.total, h.recorded, h.ownerRole, h.ownerName]),
    },
    {
      name: 'adoptions',
      title: 'Adoptions',
      columns: [{ header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'station name', kind: 'text' }, { header: 'standard', kind: 'text' },
        { header: 'version', kind: 'int' }, { header: 'effective from', kind: 'date' }, { header: 'first run on version (UTC)', kind: 'datetime' }, { header: 'days to adopt', kind: 'num' }],
      rows: card.adoptions.map((a): Cell[] => [a.site, a.stationId, a.stationName, a.standardId, a.version, a.effectiveFrom, utcText(a.firstRunAt), a.daysToAdopt]),
    },
    {
      name: 'runs',
      title: 'Runs',
      columns: [{ header: 'run id', kind: 'text' }, { header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'station name', kind: 'text' },
        { header: 'standard', kind: 'text' }, { header: 'version', kind: 'int' }, { header: 'artisan', kind: 'text' }, { header: 'started at (station local time)', kind: 'datetime' },
        { header: 'ended at (station local time)', kind: 'datetime' }, { header: 'outcome', kind: 'text' }, { header: 'reason abandoned', kind: 'text' }, { header: 'duration (min)', kind: 'num' },
        { header: 'steps', kind: 'int' }, { header: 'deviations', kind: 'int' }, { header: 'undos', kind: 'int' }, { header: 'help requests', kind: 'int' }, { header: 'out of limits', kind: 'int' },
        { header: 'on current owned version', kind: 'text' }],
      rows: card.runs.map((r): Cell[] => [r.runId, r.site, r.stationId, r.stationName, r.standardId, r.standardVersion, r.artisan, r.startedLocal, r.endedLocal, r.outcome,
        r.abandonReason, r.durationMinutes, r.steps, r.deviations, r.undos, r.helpRequests, r.outOfLimits, r.onCurrentOwnedVersion ? 'yes' : 'no']),
    },
    {
      name: 'deviations',
      title: 'Deviations',
      columns: [{ header: 'at (station local time)', kind: 'datetime' }, { header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'station name', kind: 'text' },
        { header: 'run id', kind: 'text' }, { header: 'standard', kind: 'text' }, { header: 'version', kind: 'int' }, { header: 'step', kind: 'text' },
        { header: 'step text (en)', kind: 'text', wrap: true }, { header: 'step text (hi)', kind: 'text', lang: 'hi', wrap: true },
        { header: 'kind', kind: 'text' }, { header: 'reason', kind: 'text' }, { header: 'value', kind: 'num' }, { header: 'lower limit', kind: 'num' }, { header: 'upper limit', kind: 'num' },
        { header: 'unit', kind: 'text' }, { header: 'artisan', kind: 'text' }],
      rows: card.deviations.map((d): Cell[] => [d.atLocal, d.site, d.stationId, d.stationName, d.runId, d.standardId, d.standardVersion, d.stepId, d.stepTextEn, d.stepTextHi,
        d.kind, d.reason, d.value, d.limitMin, d.limitMax, d.unit, d.artisan]),
    },
    {
      name: 'integrity',
      title: 'Integrity',
      columns: [{ header: 'import', kind: 'int' }, { header: 'import started (UTC)', kind: 'datetime' }, { header: 'station id', kind: 'text' }, { header: 'station name', kind: 'text' },
        { header: 'station status', kind: 'text' }, { header: 'file', kind: 'text', wrap: true }, { header: 'line', kind: 'int' },
        { header: 'code', kind: 'text' }, { header: 'severity', kind: 'text' }, { header: 'expected', kind: 'text', wrap: true }, { header: 'found', kind: 'text', wrap: true },
        { header: 'message', kind: 'text', wrap: true }],
      rows: card.integrity.map((p): Cell[] => [p.importId, utcText(p.startedAt), p.stationId, p.stationName, p.stationStatus ? STATUS_WORDS[p.stationStatus] : null, p.file, p.line,
        p.code, p.severity, p.expected, p.found, p.message]),
    },
  ];
}

/** An ISO instant as UTC wall-clock text YYYY-MM-DDTHH:MM:SS (the 'datetime' kind), or null. */
function utcText(iso: string | null): string | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms).toISOString().slice(0, 19);
}
