import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { computeScorecard, writeReport, type ReportFormat } from '../electron/core/reports';
import { benchDir } from './fixtures';
import { benchLedger } from './import-verified';
import { emit, nowMs, progress } from './report';

/**
 * report.csv / report.xlsx / report.html: `steadywork report` (computeScorecard + writeReport, the whole ledger's
 * period) on the ledger imported from the import.verified share (1M events, 50 stations; made once per process, or
 * BENCH_REPORT_DB). One line per format: the best of BENCH_REPORT_REPEAT (default 2) runs in ms, with the peak
 * resident memory of the process during that format's runs, the output size, and the scorecard alone (`scorecardMs`).
 */
export async function benchReport(formats: ReportFormat[] = ['csv', 'xlsx', 'html']): Promise<void> {
  const repeat = Math.max(1, Number(process.env.BENCH_REPORT_REPEAT ?? 2));
  const ledger = await benchLedger();
  const db = ledger.db;
  let events = ledger.events;
  const out = await benchDir('report');
  try {
    // The scorecard alone (what the Procurement screen shows), for reference.
    let scorecardMs = Infinity;
    let runs = 0;
    let deviations = 0;
    for (let k = 0; k < repeat; k++) {
      const t = nowMs();
      const card = await computeScorecard(db);
      scorecardMs = Math.min(scorecardMs, nowMs() - t);
      runs = card.runs.length;
      deviations = card.deviations.length;
      if (!Number.isFinite(events)) events = card.summary.events; // a given ledger: the events of its whole period
      if (card.summary.events === 0) throw new Error('the scorecard saw no events');
    }
    progress(`report: scorecard ${Math.round(scorecardMs)} ms (${runs} runs, ${deviations} deviation rows)`);
    for (const format of formats) {
      let best = Infinity;
      let peak = 0;
      let bytes = 0;
      for (let k = 0; k < repeat; k++) {
        const target = join(out, format === 'csv' ? `csv-${k}` : `scorecard-${k}.${format}`);
        const sampler = setInterval(() => {
          peak = Math.max(peak, process.memoryUsage.rss());
        }, 20);
        const t = nowMs();
        const { files } = await writeReport(db, { format, out: target });
        const ms = nowMs() - t;
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage.rss());
        best = Math.min(best, ms);
        bytes = 0;
        for (const f of files) bytes += (await stat(f)).size;
        progress(`report: ${format} in ${(ms / 1000).toFixed(2)} s (${files.length} file${files.length === 1 ? '' : 's'}, ${(bytes / 1e6).toFixed(1)} MB)`);
        await rm(target, { recursive: true, force: true });
      }
      emit({
        name: `report.${format}`, value: best, unit: 'ms', events, runs, deviations, outputBytes: bytes,
        peakRssMB: Math.round(peak / 1e6), scorecardMs: Math.round(scorecardMs), repeat, target: 'under 30 s at 1M events',
      });
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}
