import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { Journal, MemoryKeyStore } from '../journal';
import { writeJournalFixture } from '../journal/fixture';
import type { EventInput } from '../journal/record';
import { RunEvent, STANDARD_ADOPTED, withinLimits, type RunView } from '../runs';
import { StationService } from '../runs/station-service';
import { isStandardFileName, loadStandardsFromDir, type LoadedStandard } from '../standards';
import type { StandardDocument, Step } from '../standards/schema';
import { publish, shareStandardsDir, SyncService } from '../sync';
import { ManualClock } from '../time/clock';
import type { Result } from '../../contract/result';
import { reasonsForStep } from '../../contract/step-reasons';
import { between, chance, gauss, pick, seededKeyPem, seededRandom, uuidV4, type Rng } from './random';

export { seededRandom } from './random';

/**
 * A load generator and demo data: several stations working through days of the demo standards, written through the
 * real code (StationService → journal; SyncService → seal, publish to the share, pull standards), with a clock that
 * walks through working days. Deterministic for a seed (apart from event ids and signatures' randomness-free parts:
 * ids are UUIDv7s made by the journal).
 *
 * `fast: true` writes each station's history with the journal's bulk fixture writer instead (same format, chain and
 * seals; run events shaped like the real ones, one event a second) and publishes it with the real publisher: for
 * loads of millions of events.
 */
export interface SimulateOptions {
  share: string;
  /** Folder of the standards to use and publish (the demo standards: assets/standards). */
  standardsDir: string;
  stations?: number;
  days?: number;
  seed?: number;
  /** First simulated day (YYYY-MM-DD); default: `days` days before yesterday, so nothing is in the future. */
  startDate?: string;
  timeZone?: string;
  /** Where the stations' own journals are kept (default: a temporary folder, removed at the end). */
  workDir?: string;
  fast?: boolean;
  /** Fast mode: events per station (default 20 000). */
  eventsPerStation?: number;
  onProgress?: (p: { station: number; stations: number; day?: number; days?: number }) => void;
}

export interface SimulatedStation {
  stationId: string;
  name: string;
  events: number;
  runs: number;
  segments: number;
}

export interface SimulateResult {
  share: string;
  stations: SimulatedStation[];
  events: number;
  standards: string[];
  from: string;
  to: string;
}

const PEOPLE = [
  'Asha Devi', 'Ravi Kumar', 'Farida Begum', 'Suresh Patel', 'Meena Kumari', 'Imran Khan', 'Lakshmi Narayan', 'Pooja Sharma',
  'Arjun Singh', 'Kavita Joshi', 'Mohammed Rafi', 'Sunita Yadav', 'Deepak Verma', 'Anita Das', 'Gopal Rao', 'Rekha Nair',
  'Vijay Mehta', 'Salma Bano', 'Harish Gupta', 'Geeta Rani',
];
const WORKSHOPS = ['Gluing', 'Folding', 'Packing', 'Cutting', 'Printing', 'Assembly', 'Stitching', 'Finishing'];
const NOTES = ['Glue pot was nearly empty.', 'गोंद कम था।', 'New batch of cartons.', 'लाइट थोड़ी देर से जली।', 'All good today.', 'Table was wet.'];

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** How a station's people work (exported for tests). */
export interface Profile {
  /** Probability that a routine is done at all on a working day. */
  diligence: number;
  /** Probability that a routine done is started late (after the grace period). */
  lateness: number;
  deviation: number;
  undo: number;
  help: number;
  /** Spread of measurements, in sixths of the tolerance band. */
  spread: number;
  abandon: number;
}

function profileFor(rng: Rng): Profile {
  const strength = between(rng, 0, 1); // 0: struggling, 1: strong routine
  return {
    diligence: 0.75 + 0.24 * strength,
    lateness: 0.3 - 0.25 * strength,
    deviation: 0.05 - 0.04 * strength,
    undo: 0.04 - 0.025 * strength,
    help: 0.03 - 0.02 * strength,
    spread: 1.6 - 0.9 * strength,
    abandon: 0.03 - 0.025 * strength,
  };
}

function must<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`simulate: ${what}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

// ------------------------------------------------------------------ the realistic path

/** One run of a routine, as a person at the station does it (exported for tests). */
export async function runRoutine(svc: StationService, clock: ManualClock, rng: Rng, p: Profile, doc: StandardDocument, actor: string): Promise<'completed' | 'abandoned'> {
  const step = () => clock.advance(Math.round(between(rng, 12, 80) * 1000));
  const runId = must(await svc.startRun({ standardId: doc.id, actor }), `start ${doc.id}`).runId;
  // Each step's own reasons (the standard-wide list when it has none), "I need help" aside.
  const reasonsOf = (s: Step) => {
    const codes = reasonsForStep(doc, s).map((r) => r.code);
    const own = codes.filter((c) => c !== 'NEED_HELP');
    return own.length > 0 ? own : codes;
  };
  for (const s of doc.steps) {
    const reasons = reasonsOf(s);
    step();
    if (chance(rng, p.help)) {
      must(await svc.requestHelp({ runId, actor, stepId: s.id }), 'help');
      clock.advance(Math.round(between(rng, 60, 600) * 1000));
    }
    if (chance(rng, p.abandon / doc.steps.length)) {
      must(await svc.abandon({ runId, actor, reason: pick(rng, doc.reasonCodes.map((r) => r.code)) }), 'abandon');
      return 'abandoned';
    }
    if (s.kind !== 'note' && chance(rng, p.deviation)) {
      must(await svc.deviate({ runId, actor, stepId: s.id, reason: pick(rng, reasons) }), 'deviate');
      continue;
    }
    await doStep(svc, rng, p, s, runId, actor, reasons);
    if (s.kind !== 'note' && chance(rng, p.undo)) {
      // A slip of the finger, noticed at once: undo and do it again.
      step();
      await undoStep(svc, runId, actor, s.id);
      await doStep(svc, rng, p, s, runId, actor, reasons);
    }
  }
  step();
  const view: RunView = must(await svc.complete({ runId, actor }), 'complete');
  return view.status === 'completed' ? 'completed' : 'abandoned';
}

/**
 * Undoes the step until it is pending again. One undo takes back one event: a value that was not acceptable and then
 * given a reason is two events (value, reason), and undoing only the reason leaves the step waiting for a reason, where
 * the run engine refuses a new value (REASON_REQUIRED). So undo the reason and the value.
 */
async function undoStep(svc: StationService, runId: string, actor: string, stepId: string): Promise<RunView> {
  for (let i = 0; i < 3; i++) {
    const view = must(await svc.undo({ runId, actor }), 'undo');
    if ((view.steps.find((x) => x.id === stepId)?.status ?? 'pending') === 'pending') return view;
  }
  throw new Error(`simulate: undo: step ${stepId} is still recorded after undoing its value and reason`);
}

async function doStep(svc: StationService, rng: Rng, p: Profile, s: Step, runId: string, actor: string, reasons: string[]): Promise<RunView> {
  const base = { runId, actor, stepId: s.id };
  switch (s.kind) {
    case 'tick':
      return must(await svc.tick(base), 'tick');
    case 'measurement': {
      const min = s.limits.min ?? 0;
      const max = s.limits.max ?? min + 10;
      const mid = (min + max) / 2;
      const factor = 10 ** s.decimals;
      const value = Math.round((mid + gauss(rng) * ((max - min) / 6) * p.spread) * factor) / factor;
      const view = must(await svc.measure({ ...base, value }), 'measure');
      if (view.steps.find((x) => x.id === s.id)?.status === 'needs_reason') return must(await svc.giveReason({ ...base, reason: pick(rng, reasons) }), 'reason');
      return view;
    }
    case 'choice': {
      const good = s.options.filter((o) => o.acceptable);
      const bad = s.options.filter((o) => !o.acceptable);
      const option = bad.length > 0 && chance(rng, 0.04 * p.spread) ? pick(rng, bad) : pick(rng, good.length > 0 ? good : s.options);
      const view = must(await svc.choose({ ...base, option: option.value }), 'choose');
      if (view.steps.find((x) => x.id === s.id)?.status === 'needs_reason') return must(await svc.giveReason({ ...base, reason: pick(rng, reasons) }), 'reason');
      return view;
    }
    case 'note':
      if (!s.required && chance(rng, 0.8)) return must(await svc.skip(base), 'skip');
      return must(await svc.note({ ...base, text: pick(rng, NOTES) }), 'note');
  }
}

const WEEKDAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

async function simulateStation(i: number, rng: Rng, opts: Required<Pick<SimulateOptions, 'share' | 'days' | 'timeZone'>> & { start: DateTime; work: string; standards: LoadedStandard[]; standardsDir: string; onDay?: (d: number) => void }): Promise<SimulatedStation> {
  const stationId = uuidV4(rng);
  const keyStore = new MemoryKeyStore(seededKeyPem(rng));
  const name = `${WORKSHOPS[i % WORKSHOPS.length]} bench ${Math.floor(i / WORKSHOPS.length) + 1}`;
  const roster = Array.from(new Set(Array.from({ length: 3 + Math.floor(rng() * 3) }, () => pick(rng, PEOPLE)))).map(slug);
  const profile = profileFor(rng);
  const dir = path.join(opts.work, stationId);
  const clock = new ManualClock(opts.start.set({ hour: 7 }).toMillis(), opts.timeZone);
  const svc = await StationService.open({ journalDir: path.join(dir, 'journal'), stationId, clock, keyStore, standardsDirs: [opts.standardsDir], stationName: () => name });
  await svc.ensureNamed(name); // as a real station does when it opens: its name, signed (docs/journal.md)
  const sync = await SyncService.create({
    station: svc,
    identity: () => ({ ...svc.identity(), name }),
    sharePath: () => opts.share,
    localStandardsDir: path.join(dir, 'standards'),
    onStandardsPulled: async () => {
      await svc.reloadStandards([opts.standardsDir, path.join(dir, 'standards')]);
    },
    clock,
    intervalMs: 0,
  });
  let runs = 0;
  const syncOrThrow = async () => {
    const st = await sync.syncNow();
    if (st.state === 'unreachable') throw new Error(`simulate: sync failed: ${st.reason}`);
  };
  for (let d = 0; d < opts.days; d++) {
    const day = opts.start.plus({ days: d });
    opts.onDay?.(d);
    const weekday = WEEKDAY[day.weekday - 1] as (typeof WEEKDAY)[number];
    const due = opts.standards
      .filter((s) => s.doc.schedule.every === 'day' && s.doc.schedule.days.includes(weekday) && s.doc.effectiveFrom <= (day.toISODate() ?? ''))
      .sort((a, b) => a.doc.schedule.at.localeCompare(b.doc.schedule.at));
    if (due.length === 0) continue;
    clock.set(day.set({ hour: 7, minute: 30 }).toMillis());
    must(await svc.listDue(), 'due'); // the station screen: adopts the versions in force
    for (const s of due) {
      if (!chance(rng, profile.diligence)) continue; // missed today
      const [hh, mm] = s.doc.schedule.at.split(':').map(Number) as [number, number];
      const dueAt = day.set({ hour: hh, minute: mm }).toMillis();
      const grace = s.doc.schedule.graceMinutes * 60_000;
      const startAt = chance(rng, profile.lateness) ? dueAt + grace + between(rng, 5, 120) * 60_000 : dueAt + between(rng, -10, 0.7 * s.doc.schedule.graceMinutes) * 60_000;
      clock.set(Math.max(clock.now() + 60_000, Math.round(startAt)));
      const outcome = await runRoutine(svc, clock, rng, profile, s.doc, pick(rng, roster));
      runs++;
      if (outcome === 'completed') await syncOrThrow(); // as the app does after every finished run
    }
    clock.set(day.set({ hour: 18, minute: 30 }).toMillis());
    await syncOrThrow();
  }
  await sync.stop();
  await svc.close({ seal: true });
  // The shutdown seal closed the last segment: publish it too (as the next start of the app would).
  const journal = await Journal.open({ dir: path.join(dir, 'journal'), stationId, clock, keyStore });
  const files = journal.segmentFiles();
  await journal.close();
  await publish({ share: opts.share, identity: { stationId, name, publicKey: journal.publicKey, keyId: journal.keyId }, segments: files.closed });
  return { stationId, name, events: journal.head.seq, runs, segments: files.closed.length };
}

// ------------------------------------------------------------------ the fast path

function fastEvents(rng: Rng, standards: LoadedStandard[], roster: string[]): (i: number) => EventInput {
  let queue: EventInput[] = [];
  let adopted = false;
  let runNo = 0;
  const runEvents = (): EventInput[] => {
    const std = standards[runNo++ % standards.length] as LoadedStandard;
    const run = uuidV4(rng);
    const actor = pick(rng, roster);
    const base = { actor, run, standard: std.ref };
    const out: EventInput[] = [{ ...base, type: RunEvent.started }];
    for (const s of std.doc.steps) {
      const b = { ...base, step: s.id };
      if (s.kind === 'tick') out.push({ ...b, type: RunEvent.stepDone });
      else if (s.kind === 'measurement') {
        const min = s.limits.min ?? 0;
        const max = s.limits.max ?? min + 10;
        const value = Math.round(((min + max) / 2 + gauss(rng) * ((max - min) / 6)) * 10 ** s.decimals) / 10 ** s.decimals;
        const acceptable = withinLimits(s, value); // as the run engine decides it
        out.push({ ...b, type: RunEvent.stepMeasured, value, data: { unit: s.unit, limits: s.limits, acceptable } });
        if (!acceptable) out.push({ ...b, type: RunEvent.stepReasoned, reason: pick(rng, reasonsForStep(std.doc, s).map((r) => r.code)) });
      } else if (s.kind === 'choice') {
        const o = pick(rng, s.options);
        out.push({ ...b, type: RunEvent.stepChosen, value: o.value, data: { acceptable: o.acceptable } });
        if (!o.acceptable) out.push({ ...b, type: RunEvent.stepReasoned, reason: pick(rng, reasonsForStep(std.doc, s).map((r) => r.code)) });
      } else out.push({ ...b, type: RunEvent.stepSkipped });
    }
    out.push({ ...base, type: RunEvent.completed });
    return out;
  };
  return () => {
    if (!adopted) {
      adopted = true;
      queue = standards.map((s) => ({ actor: 'system', type: STANDARD_ADOPTED, standard: s.ref }));
    }
    if (queue.length === 0) queue = runEvents();
    return queue.shift() as EventInput;
  };
}

async function fastStation(i: number, rng: Rng, opts: { share: string; work: string; standards: LoadedStandard[]; events: number; endMs: number; timeZone: string }): Promise<SimulatedStation> {
  const stationId = uuidV4(rng);
  const keyStore = new MemoryKeyStore(seededKeyPem(rng));
  const name = `${WORKSHOPS[i % WORKSHOPS.length]} bench ${Math.floor(i / WORKSHOPS.length) + 1}`;
  const roster = Array.from({ length: 4 }, () => slug(pick(rng, PEOPLE)));
  const dir = path.join(opts.work, stationId, 'journal');
  await writeJournalFixture({
    dir, stationId, keyStore, events: opts.events, event: fastEvents(rng, opts.standards, roster), sealEnd: true, timeZone: opts.timeZone,
    startMs: opts.endMs - opts.events * 1000,
  });
  const journal = await Journal.open({ dir, stationId, clock: new ManualClock(opts.endMs, opts.timeZone), keyStore });
  const files = journal.segmentFiles();
  await journal.close();
  await publish({ share: opts.share, identity: { stationId, name, publicKey: journal.publicKey, keyId: journal.keyId }, segments: files.closed });
  return { stationId, name, events: journal.head.seq, runs: 0, segments: files.closed.length };
}

// ------------------------------------------------------------------ entry

/** Copy the standards (and their pictures) to <share>/standards, where stations pull them and the ledger knows them. */
export async function publishStandards(standardsDir: string, share: string): Promise<string[]> {
  const dest = shareStandardsDir(share);
  await mkdir(dest, { recursive: true });
  const copied: string[] = [];
  const copyTree = async (from: string, to: string, top: boolean): Promise<void> => {
    for (const e of await readdir(from, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) {
        await mkdir(path.join(to, e.name), { recursive: true });
        await copyTree(path.join(from, e.name), path.join(to, e.name), false);
      } else if (e.isFile() && (!top || isStandardFileName(e.name))) {
        await copyFile(path.join(from, e.name), path.join(to, e.name));
        if (top) copied.push(e.name);
      }
    }
  };
  await copyTree(standardsDir, dest, true);
  return copied;
}

export async function simulate(opts: SimulateOptions): Promise<SimulateResult> {
  const stations = opts.stations ?? 5;
  const days = opts.days ?? 14;
  const seed = opts.seed ?? 1;
  const timeZone = opts.timeZone ?? 'Asia/Kolkata';
  if (!Number.isInteger(stations) || stations < 1 || stations > 10_000) throw new RangeError('stations must be a whole number from 1 to 10000');
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new RangeError('days must be a whole number from 1 to 3660');
  const share = path.resolve(opts.share);
  await mkdir(share, { recursive: true });
  const loaded = await loadStandardsFromDir(opts.standardsDir);
  if (loaded.standards.length === 0) throw new Error(`No valid standards in ${opts.standardsDir}.`);
  const standardNames = await publishStandards(opts.standardsDir, share);

  const work = opts.workDir ? path.resolve(opts.workDir) : await mkdtemp(path.join(tmpdir(), 'steadywork-sim-'));
  const rng = seededRandom(seed);
  const yesterday = DateTime.now().setZone(timeZone).startOf('day').minus({ days: 1 });
  const start = opts.startDate ? DateTime.fromISO(opts.startDate, { zone: timeZone }).startOf('day') : yesterday.minus({ days: days - 1 });
  if (!start.isValid) throw new RangeError(`start date "${opts.startDate}" is not a date (YYYY-MM-DD)`);
  const result: SimulatedStation[] = [];
  try {
    for (let i = 0; i < stations; i++) {
      const stationRng = seededRandom(Math.floor(rng() * 2 ** 32));
      opts.onProgress?.({ station: i, stations });
      if (opts.fast) {
        const events = opts.eventsPerStation ?? 20_000;
        const endMs = opts.startDate ? start.plus({ hours: 6 }).toMillis() + events * 1000 : yesterday.plus({ hours: 18 }).toMillis();
        result.push(await fastStation(i, stationRng, { share, work, standards: loaded.standards, events, timeZone, endMs }));
      } else {
        result.push(await simulateStation(i, stationRng, {
          share, days, timeZone, start, work, standards: loaded.standards, standardsDir: opts.standardsDir,
          onDay: (d) => opts.onProgress?.({ station: i, stations, day: d, days }),
        }));
      }
    }
  } finally {
    if (!opts.workDir) await rm(work, { recursive: true, force: true });
  }
  const end = opts.fast ? yesterday : start.plus({ days: days - 1 });
  return {
    share,
    stations: result,
    events: result.reduce((n, s) => n + s.events, 0),
    standards: standardNames,
    from: (opts.fast ? yesterday : start).toISODate() ?? '',
    to: end.toISODate() ?? '',
  };
}
