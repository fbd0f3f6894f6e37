import { benchHistoryQuery } from './history-query';
import { benchHistoryScroll } from './history-scroll';
import { benchImportPg } from './import-pg';
import { benchImportVerified } from './import-verified';
import { benchJournalAppend } from './journal-append';
import { benchJournalOpen } from './journal-open';
import { benchRefreshNoop, benchRefreshOneSegment } from './refresh';
import { benchReport } from './report-formats';
import { benchReportSuppliers } from './report-suppliers';
import { progress } from './report';
import { benchSpeechFirstAudio } from './speech';
import { benchRendererBundle, benchUiTick } from './ui';

/** npm run bench [name…]: runs the named benchmarks (default all), one JSON line per figure on stdout. */
const BENCHES: Record<string, () => Promise<void>> = {
  'journal.append': () => benchJournalAppend(),
  'journal.open': () => benchJournalOpen(),
  'renderer.bundle': async () => benchRendererBundle(),
  'ui.tick': () => benchUiTick(),
  /** speech.first-audio: pressing Read aloud → the first audible sample of the shipped voice, in Chromium. */
  'speech.first-audio': () => benchSpeechFirstAudio(),
  /** import.verified and verify.only run on the same simulated share (made once). */
  'import.verified': () => benchImportVerified({ import: true }),
  'verify.only': () => benchImportVerified({ verify: true }),
  /** import.pg: the same share into PostgreSQL (importShareToPg) vs psql \\copy of the same rows as CSV (docs/ledger-pg.md). */
  'import.pg': () => benchImportPg(),
  /** report.csv, report.xlsx, report.html: `steadywork report` on the ledger imported from that share (1M events). */
  report: () => benchReport(),
  /** refresh.noop, refresh.one-segment: the supervisor's refresh with nothing new / one new segment, on the same share (docs/ledger.md §3b). */
  'refresh.noop': () => benchRefreshNoop(),
  'refresh.one-segment': () => benchRefreshOneSegment(),
  /** report.suppliers: suppliers side by side, 10 suppliers × 100k events, on DuckDB and on PostgreSQL. */
  'report.suppliers': () => benchReportSuppliers(),
  /** history.query: the supervisor's history over ~1M events / 100k runs (also prints the refresh time). */
  'history.query': () => benchHistoryQuery(),
  /** history.scroll: frames dropped while scrolling the history of ~100k runs in Chromium (harness, real core). */
  'history.scroll': () => benchHistoryScroll(),
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES[w]);
  if (unknown.length) {
    process.stderr.write(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  for (const [name, run] of Object.entries(BENCHES)) {
    if (wanted.length && !wanted.includes(name)) continue;
    progress(`running ${name}`);
    await run();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
