import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StandardDocument } from '../electron/core/standards/schema';
import type { StationHarness } from '../electron/harness/station-harness';

/**
 * A standard of many tick steps, so a benchmark can tick again and again within one run. `as`: another id, title and
 * step text (e.g. real sentences in both languages for the speech benchmark).
 */
export function tickStandard(
  steps = 40,
  as: { id: string; title: { en: string; hi: string }; text: (i: number) => { en: string; hi?: string } } = {
    id: 'bench-ticks', title: { en: 'Benchmark ticks', hi: 'बेंचमार्क' }, text: (i) => ({ en: `Do thing ${i + 1}.` }),
  },
): StandardDocument {
  return StandardDocument.parse({
    format: 1,
    id: as.id,
    version: 1,
    title: as.title,
    owner: { role: 'Engineering', name: 'Bench' },
    effectiveFrom: '2020-01-01',
    schedule: { every: 'day', at: '08:00', graceMinutes: 30, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
    reasonCodes: [{ code: 'NO_MATERIAL', label: { en: 'No material' } }],
    steps: Array.from({ length: steps }, (_, i) => ({ id: `step-${i + 1}`, kind: 'tick', text: as.text(i) })),
  });
}

/** A fresh folder under the benchmark root (default: the OS temp folder, override with BENCH_DIR to test another disk). */
export async function benchDir(prefix: string): Promise<string> {
  const root = process.env.BENCH_DIR ?? tmpdir();
  await mkdir(root, { recursive: true });
  return mkdtemp(join(root, `sw-bench-${prefix}-`));
}

export async function writeStandards(dir: string, docs: StandardDocument[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const doc of docs) await writeFile(join(dir, `${doc.id}.json`), JSON.stringify(doc, null, 2));
}

/** Calls a channel of a browser harness (to set a benchmark up, never to replace what it measures). */
export async function channel(h: StationHarness, name: string, args: unknown): Promise<unknown> {
  const res = await fetch(`${h.origin}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.value;
}

/** The benchmark supervisor's PIN: first-day set-up takes 6 to 12 digits. */
export const BENCH_PIN = '24680246';

/**
 * First-day set-up through the channels (as e2e/fixtures.ts does), keeping the demo roster, on a station that is
 * still new. Answers the station's roster.
 */
export async function setUpStation(h: StationHarness): Promise<Array<{ id: string }>> {
  const info = (await channel(h, 'station.info', {})) as { pinSet: boolean; roster: Array<{ id: string }> };
  if (!info.pinSet) {
    const opened = (await channel(h, 'setup.start', { stationName: 'Bench', supervisorName: 'Bench', pin: BENCH_PIN })) as { session: string };
    for (const a of info.roster) await channel(h, 'roster.save', { session: opened.session, artisan: a });
    await channel(h, 'setup.finish', { session: opened.session });
    await channel(h, 'supervisor.lock', { session: opened.session });
  }
  return info.roster;
}
