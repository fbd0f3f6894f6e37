import { readFileSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { FileKeyStore } from '../electron/core/journal';
import { StationService } from '../electron/core/runs/station-service';
import { systemClock } from '../electron/core/time/clock';
import { benchDir, tickStandard, writeStandards } from './fixtures';
import { emit, nowMs, percentile, progress } from './report';

/**
 * journal.append: one recorded tick through the service (validate → fold → append → fdatasync),
 * against a bare write + fdatasync of the same bytes on the same disk, interleaved in blocks so both see the same disk state.
 */
export async function benchJournalAppend(samples = Number(process.env.BENCH_APPEND_SAMPLES ?? 2000)): Promise<void> {
  const root = await benchDir('append');
  const doc = tickStandard(40);
  await writeStandards(join(root, 'standards'), [doc]);
  const svc = await StationService.open({
    journalDir: join(root, 'journal'),
    stationId: 'bench-station',
    clock: systemClock('UTC'),
    keyStore: new FileKeyStore(join(root, 'keys', 'station.key')),
    standardsDirs: [join(root, 'standards')],
  });
  const bare = await open(join(root, 'bare.jsonl'), 'a');
  const serviceMs: number[] = [];
  const bareMs: number[] = [];
  let runId = '';
  let nextStep = doc.steps.length;
  const actor = 'bench-artisan';
  // Alternate one tick and one bare write so both see the same disk and machine load.
  const block = 1;
  progress(`journal.append: ${samples} ticks through the service and ${samples} bare write+fdatasync, alternating`);
  while (serviceMs.length < samples) {
    for (let i = 0; i < block && serviceMs.length < samples; i++) {
      if (nextStep >= doc.steps.length) {
        if (runId) await svc.complete({ runId, actor });
        const started = await svc.startRun({ standardId: doc.id, actor });
        if (!started.ok) throw new Error(started.error.message);
        runId = started.value.runId;
        nextStep = 0;
      }
      const t0 = nowMs();
      const result = await svc.tick({ runId, actor, stepId: `step-${nextStep + 1}` });
      serviceMs.push(nowMs() - t0);
      if (!result.ok) throw new Error(result.error.message);
      nextStep += 1;
    }
    // The same bytes as a tick line: take the size of the line just written.
    const lineBytes = Buffer.alloc(lineSize(svc), 0x78);
    lineBytes[lineBytes.length - 1] = 0x0a;
    for (let i = 0; i < block && bareMs.length < serviceMs.length; i++) {
      const t0 = nowMs();
      await bare.write(lineBytes);
      await bare.datasync();
      bareMs.push(nowMs() - t0);
    }
  }
  await bare.close();
  await svc.close();
  for (const p of [50, 99]) {
    const value = percentile(serviceMs, p);
    const baseline = percentile(bareMs, p);
    emit({ name: `journal.append.p${p}`, value, unit: 'ms', baseline, ratio: value / baseline, samples, target: p === 50 ? 'ratio <= 1.5' : undefined });
  }
  await rm(root, { recursive: true, force: true });
}

/** Size of a tick line as written, measured from the active segment (a tick is the last thing appended). */
let measuredLineSize = 0;
function lineSize(svc: StationService): number {
  if (measuredLineSize === 0) {
    const lines = readFileSync(svc.journalSegments().active, 'utf8').trimEnd().split('\n');
    measuredLineSize = Buffer.byteLength(lines[lines.length - 1] ?? '', 'utf8') + 1;
  }
  return measuredLineSize;
}
