/** The export tables: one definition per table, shared by CSV, Excel and HTML so the three always agree. */
import type { Scorecard, ScoreFigures } from './types';

export type ColumnKind = 'text' | 'int' | 'num' | 'pct' | 'date';
export interface Column {
  header: string;
  kind: ColumnKind;
  /** Language of the column's text, when it is not English (for HTML lang attributes). */
  lang?: string;
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

export function exportTables(card: Scorecard): Table[] {
  const s = card.summary;
  return [
    {
      name: 'summary',
      title: 'Summary',
      columns: [{ header: 'scope', kind: 'text' }, { header: 'site', kind: 'text' }, { header: 'stations', kind: 'int' }, ...figCols(),
        { header: 'median days to adopt a new version', kind: 'num' }, { header: 'period from', kind: 'date' }, { header: 'period to', kind: 'date' }],
      rows: [
        ['all sites', null, s.stations, ...figCells(s), s.medianDaysToAdopt, card.period.from, card.period.to],
        ...card.sites.map((x): Cell[] => ['site', x.site, x.stations, ...figCells(x), null, card.period.from, card.period.to]),
      ],
    },
    {
      name: 'stations',
      title: 'Stations',
      columns: [{ header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'station name', kind: 'text' }, { header: 'standard', kind: 'text' }, ...figCols()],
      rows: [
        ...card.stations.map((x): Cell[] => [x.site, x.stationId, x.stationName, '(all)', ...figCells(x)]),
        ...card.stationStandards.map((x): Cell[] => [x.site, x.stationId, card.stations.find((t) => t.stationId === x.stationId)?.stationName ?? null, x.standardId, ...figCells(x)]),
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
      columns: [{ header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'standard', kind: 'text' }, { header: 'version', kind: 'int' }, { header: 'effective from', kind: 'date' },
        { header: 'first run on version', kind: 'date' }, { header: 'days to adopt', kind: 'num' }],
      rows: card.adoptions.map((a): Cell[] => [a.site, a.stationId, a.standardId, a.version, a.effectiveFrom, a.firstRunAt, a.daysToAdopt]),
    },
    {
      name: 'runs',
      title: 'Runs',
      columns: [{ header: 'run id', kind: 'text' }, { header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'standard', kind: 'text' }, { header: 'version', kind: 'int' },
        { header: 'artisan', kind: 'text' }, { header: 'started at', kind: 'date' }, { header: 'ended at', kind: 'date' }, { header: 'outcome', kind: 'text' }, { header: 'duration (min)', kind: 'num' },
        { header: 'steps', kind: 'int' }, { header: 'deviations', kind: 'int' }, { header: 'undos', kind: 'int' }, { header: 'help requests', kind: 'int' }, { header: 'out of limits', kind: 'int' },
        { header: 'on current owned version', kind: 'text' }],
      rows: card.runs.map((r): Cell[] => [r.runId, r.site, r.stationId, r.standardId, r.standardVersion, r.artisan, r.startedAt, r.endedAt, r.outcome, r.durationMinutes,
        r.steps, r.deviations, r.undos, r.helpRequests, r.outOfLimits, r.onCurrentOwnedVersion ? 'yes' : 'no']),
    },
    {
      name: 'deviations',
      title: 'Deviations',
      columns: [{ header: 'at', kind: 'date' }, { header: 'site', kind: 'text' }, { header: 'station id', kind: 'text' }, { header: 'run id', kind: 'text' }, { header: 'standard', kind: 'text' },
        { header: 'version', kind: 'int' }, { header: 'step', kind: 'text' }, { header: 'step text (en)', kind: 'text' }, { header: 'step text (hi)', kind: 'text', lang: 'hi' },
        { header: 'kind', kind: 'text' }, { header: 'reason', kind: 'text' }, { header: 'artisan', kind: 'text' }],
      rows: card.deviations.map((d): Cell[] => [d.at, d.site, d.stationId, d.runId, d.standardId, d.standardVersion, d.stepId, d.stepTextEn, d.stepTextHi, d.kind, d.reason, d.artisan]),
    },
    {
      name: 'integrity',
      title: 'Integrity',
      columns: [{ header: 'import', kind: 'int' }, { header: 'import started', kind: 'date' }, { header: 'station id', kind: 'text' }, { header: 'file', kind: 'text' }, { header: 'line', kind: 'int' },
        { header: 'code', kind: 'text' }, { header: 'severity', kind: 'text' }, { header: 'expected', kind: 'text' }, { header: 'found', kind: 'text' }, { header: 'message', kind: 'text' }],
      rows: card.integrity.map((p): Cell[] => [p.importId, p.startedAt, p.stationId, p.file, p.line, p.code, p.severity, p.expected, p.found, p.message]),
    },
  ];
}
