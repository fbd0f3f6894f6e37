import { DateTime } from 'luxon';
import { v7 as uuidv7 } from 'uuid';
import { Journal, type StationKeyStore } from '../journal';
import type { SupervisorAction } from '../audit/supervisor-action';
import type { EventInput, JournalRecord } from '../journal/record';
import {
  apply,
  decide,
  dueList,
  emptyProjection,
  runView,
  RunEvent,
  STANDARD_ADOPTED,
  STATION_NAMED,
  type DueItem,
  type Projection,
  type RunCommand,
  type RunView,
} from '.';
import { loadStandardsFromDir, StandardRegistry, type LoadedStandard, type StandardFileError } from '../standards';
import type { StandardDocument, StandardRef } from '../standards/schema';
import type { Clock } from '../time/clock';
import { fail, ok, type Result } from '../../contract/result';
import type {
  AbandonArgs, ChooseArgs, DeviateArgs, GetRunArgs, HelpArgs, MeasureArgs, NoteArgs, ReasonArgs, RunArgs, SpokenNoteInput, SpokenNoteRef, StartRunArgs, StepArgs,
} from '../../contract/runs';
import { MAX_SPOKEN_NOTE_BYTES } from '../../contract/limits';
import { hashBytes } from '../journal/format';
import { attachmentsDir, readAttachment, storeAttachment } from '../journal/attachments';

export interface StationServiceOptions {
  /** Folder of this station's journal. */
  journalDir: string;
  stationId: string;
  clock: Clock;
  keyStore: StationKeyStore;
  /** Folders of standards, in order of precedence (bundled first). */
  standardsDirs: string[];
  /** Save the run-state checkpoint after this many appends (also at seal and close). */
  checkpointEvery?: number;
  segmentMaxRecords?: number;
  /**
   * Told when something went wrong that changes no answer (default console.warn): a checkpoint that could not be
   * saved after an event was already recorded. The event stands; the checkpoint is tried again later.
   */
  onWarning?: (message: string) => void;
  /**
   * The station's name as a person chose it (settings/setup-state.ts chosenStationName), null while nobody has. Before
   * every seal, a chosen name that is not the one the journal last signed is recorded as a `station.named` event first,
   * so the seal covers it (docs/journal.md, "The station's name"); while it is null, nothing is signed.
   */
  stationName?: () => string | null;
}

/** The station's operations, as the UI calls them. Each appends through the journal and returns the new state. */
/** A help request of this station as the live run state knows it. */
export interface LiveHelpRequest {
  eventId: string;
  runId: string;
  standard: StandardRef;
  stepId: string | null;
  actor: string;
  at: string;
  /** The run is completed or abandoned (its request can still be open). */
  runFinished: boolean;
  /** Answered or closed. */
  settled: boolean;
  seen: { at: string; by: string } | null;
}

export class StationService {
  private queue: Promise<unknown> = Promise.resolve();
  private appendsSinceCheckpoint = 0;

  private constructor(
    private readonly journal: Journal,
    private readonly projection: Projection,
    private registry: StandardRegistry,
    private standardErrors: StandardFileError[],
    private readonly opts: StationServiceOptions,
  ) {}

  static async open(opts: StationServiceOptions): Promise<StationService> {
    const journal = await Journal.open({
      dir: opts.journalDir,
      stationId: opts.stationId,
      clock: opts.clock,
      keyStore: opts.keyStore,
      ...(opts.segmentMaxRecords ? { segmentMaxRecords: opts.segmentMaxRecords } : {}),
    });
    // Start from the checkpoint and fold only what came after it: start-up stays flat as history grows. Without a
    // usable checkpoint.json the journal hands over the newest matching one saved where a segment closed
    // (checkpoints/), so such an open folds at most the segments after it; with none at all, the whole history.
    const saved = journal.checkpoint?.projection as Projection | undefined;
    const projection = saved && saved.format === 1 && saved.seq === journal.checkpoint?.seq ? saved : emptyProjection();
    // Folding past the newest segment end without a checkpoint there (first open after an upgrade, checkpoint.json
    // lost): keep the state at that seal, so the next such open starts from it.
    const closedSeq = journal.lastClosedSeq;
    const keepAt = closedSeq > projection.seq && !journal.hasSegmentCheckpoint(closedSeq) ? closedSeq : 0;
    let atClosed: Projection | null = null;
    for await (const record of journal.readSince(projection.seq)) {
      apply(projection, record);
      if (record.seq === keepAt) atClosed = structuredClone(projection);
    }
    if (atClosed) {
      await journal.saveSegmentCheckpoint(keepAt, atClosed).catch((err: unknown) => warnOf(opts)(
        `The run-state checkpoint at the segment end seq ${keepAt} could not be saved (${err instanceof Error ? err.message : String(err)}); ` +
        'nothing is lost: the next open without checkpoint.json replays more of the journal.'));
    }

    const { registry, errors } = await buildRegistry(projection, opts.standardsDirs);
    return new StationService(journal, projection, registry, errors, opts);
  }

  /**
   * Load the standards again from these folders (in order of precedence), e.g. after sync pulled new ones from the
   * shared folder. Versions already adopted keep their content (a file with other content for them is refused).
   */
  reloadStandards(standardsDirs: string[] = this.opts.standardsDirs): Promise<Result<{ problems: number }>> {
    return this.serial(async () => {
      const { registry, errors } = await buildRegistry(this.projection, standardsDirs);
      this.registry = registry;
      this.standardErrors = errors;
      return ok({ problems: errors.length });
    });
  }

  /** The station's identity as its journal records it (id and Ed25519 public key), for publishing. */
  identity(): { stationId: string; publicKey: string; keyId: string } {
    return { stationId: this.journal.stationId, publicKey: this.journal.publicKey, keyId: this.journal.keyId };
  }

  get stationId(): string {
    return this.opts.stationId;
  }

  get head(): { seq: number; hash: string } {
    return this.journal.head;
  }

  /** Paths of the journal's segment files (closed ones are sealed and immutable), for sync and diagnostics. */
  journalSegments(): { closed: string[]; active: string } {
    return this.journal.segmentFiles();
  }

  /** The folder of the journal's attachments (spoken notes), for sync: they are published before the segments. */
  journalAttachmentsDir(): string {
    return attachmentsDir(this.opts.journalDir);
  }

  /** Problems found while loading standards: shown to the supervisor, never blocking the good ones. */
  standardProblems(): StandardFileError[] {
    return [...this.standardErrors];
  }

  /** The routines of this station with their status now, the one to do now first. */
  listDue(): Promise<Result<DueItem[]>> {
    return this.serial(async () => {
      const current = this.currentStandards();
      for (const s of current) await this.ensureAdopted(s.ref);
      return ok(dueList(current, this.projection, this.opts.clock.now(), this.opts.clock.timeZone));
    });
  }

  /** Starts a run of the version in force today, or returns the open run of that standard to resume. */
  startRun(args: StartRunArgs): Promise<Result<RunView>> {
    return this.serial(async () => {
      const open = Object.values(this.projection.runs).find((r) => r.status === 'in_progress' && r.standard.id === args.standardId);
      if (open) return this.viewOf(open.runId);
      const standard = this.registry.current(args.standardId, this.today());
      if (!standard) return fail('STANDARD_NOT_FOUND', `No version of standard "${args.standardId}" is in force today at this station.`);
      await this.ensureAdopted(standard.ref);
      const runId = uuidv7();
      await this.append({ type: RunEvent.started, actor: args.actor, run: runId, standard: standard.ref });
      return this.viewOf(runId);
    });
  }

  getRun(args: GetRunArgs): Promise<Result<RunView>> {
    return this.serial(async () => this.viewOf(args.runId));
  }

  /** Open runs of this station, oldest first: what survives closing the app. */
  openRuns(): Promise<Result<RunView[]>> {
    return this.serial(async () => {
      const views: RunView[] = [];
      for (const run of Object.values(this.projection.runs).filter((r) => r.status === 'in_progress').sort((a, b) => a.startedMs - b.startedMs)) {
        const view = this.viewOf(run.runId);
        if (view.ok) views.push(view.value);
      }
      return ok(views);
    });
  }

  /** The exact standard version a run uses (by content hash), for showing its texts. */
  standardByHash(hash: string): Result<StandardDocument> {
    const found = this.registry.getByHash(hash);
    return found ? ok(found.doc) : fail('STANDARD_MISSING', `The standard with content hash ${hash.slice(0, 12)}… is not loaded at this station.`);
  }

  /** The loaded standard (document, file and folder) with this content hash: its media paths are relative to its folder. */
  loadedStandardByHash(hash: string): LoadedStandard | undefined {
    return this.registry.getByHash(hash);
  }

  tick = (a: StepArgs) => this.command(a, { op: 'tick', stepId: a.stepId });
  measure = (a: MeasureArgs) => this.command(a, { op: 'measure', stepId: a.stepId, value: a.value });
  choose = (a: ChooseArgs) => this.command(a, { op: 'choose', stepId: a.stepId, option: a.option });
  note = (a: NoteArgs) => this.withSpokenNote(a, a.audio, (audio) => ({ op: 'note', stepId: a.stepId, text: a.text, ...(audio ? { audio } : {}) }));
  skip = (a: StepArgs) => this.command(a, { op: 'skip', stepId: a.stepId });
  deviate = (a: DeviateArgs) => this.withSpokenNote(a, a.audio, (audio) => ({ op: 'deviate', stepId: a.stepId, reason: a.reason, ...(audio ? { audio } : {}) }));
  giveReason = (a: ReasonArgs) => this.command(a, { op: 'reason', stepId: a.stepId, reason: a.reason });
  undo = (a: RunArgs) => this.command(a, { op: 'undo' });
  requestHelp = (a: HelpArgs) => this.command(a, a.stepId ? { op: 'help', stepId: a.stepId } : { op: 'help' });
  complete = (a: RunArgs) => this.command(a, { op: 'complete' });
  abandon = (a: AbandonArgs) => this.command(a, { op: 'abandon', reason: a.reason });

  /** Every standard version loaded at this station (bundled, pulled, extra folders): the review mirror publishes them. */
  loadedStandards(): LoadedStandard[] {
    return this.registry.all();
  }

  /** The standard versions this station's journal has adopted (used by its runs), as loaded. */
  usedStandards(): LoadedStandard[] {
    const out: LoadedStandard[] = [];
    for (const hash of new Set(Object.values(this.projection.adopted))) {
      const loaded = this.registry.getByHash(hash);
      if (loaded) out.push(loaded);
    }
    return out;
  }

  /**
   * Help requests of this station's runs still in the live run state (in progress, or finished within the retention
   * of the projection), with their state, oldest first. Finishing a run never closes its requests: only an answer or
   * a supervisor's close does. The supervisor's review merges them with the review database's (older runs, other
   * stations).
   */
  helpRequests(): LiveHelpRequest[] {
    const out: LiveHelpRequest[] = [];
    for (const run of Object.values(this.projection.runs)) {
      for (const h of run.help) {
        out.push({
          eventId: h.eventId, runId: run.runId, standard: run.standard, stepId: h.stepId ?? null, actor: h.actor, at: h.at,
          runFinished: run.status !== 'in_progress', settled: h.answeredAt !== undefined || h.closedAt !== undefined,
          seen: h.seenAt !== undefined ? { at: h.seenAt, by: h.seenBy ?? 'Supervisor' } : null,
        });
      }
    }
    return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  /** The open ones (neither answered nor closed) of helpRequests(). */
  openHelpRequests(): LiveHelpRequest[] {
    return this.helpRequests().filter((h) => !h.settled);
  }

  /**
   * Countersign runs (issue 5): one `run.countersigned` line per run on this station's journal, never an edit of the
   * run. The runs may be of any station (runStation); the caller has checked that they exist. A rejection needs a reason.
   */
  countersign(args: {
    runs: Array<{ runId: string; runStation: string }>;
    meaning: 'reviewed' | 'approved' | 'rejected';
    signer: string;
    reason?: string | undefined;
  }): Promise<Result<{ eventIds: string[] }>> {
    return this.serial(async () => {
      const reason = args.reason?.trim();
      if (args.meaning === 'rejected' && !reason) return fail('REASON_REQUIRED', 'A rejection needs a reason. Say why the run is rejected.');
      const eventIds: string[] = [];
      for (const r of args.runs) {
        const record = await this.append({
          type: RunEvent.countersigned,
          actor: 'supervisor',
          run: r.runId,
          ...(reason ? { reason } : {}),
          data: { meaning: args.meaning, signer: args.signer, runStation: r.runStation },
        });
        eventIds.push(record.id);
      }
      return ok({ eventIds });
    });
  }

  /**
   * What a supervisor did to the station (audit/supervisor-action.ts): one line naming them, never a PIN.
   * `signer` is the supervisor of the session, as SupervisorGate.whoIs gives it.
   */
  recordSupervisorAction(signer: { id: string; name: string }, action: SupervisorAction): Promise<Result<{ eventId: string }>> {
    return this.serial(async () => {
      const record = await this.append({
        type: action.type,
        actor: 'supervisor',
        ...(action.standard ? { standard: action.standard } : {}),
        ...(action.reason ? { reason: action.reason } : {}),
        data: { signer: signer.name, supervisorId: signer.id, ...(action.data ?? {}) },
      });
      return ok({ eventId: record.id });
    });
  }

  /** A supervisor answered a help request (see recordHelp). */
  answerHelp(args: { requestId: string; runId: string; requestStation: string; signer: string }): Promise<Result<{ eventId: string }>> {
    return this.recordHelp({ ...args, kind: 'answered' });
  }

  /**
   * A supervisor saw, answered or closed a help request: a `help.seen` / `help.answered` / `help.closed` line on this
   * station's journal (supersedes = the request; data = requestStation, signer, and the note of a close). For a
   * request of this station whose run is still in the live state, it must be open there; otherwise (another station's,
   * or a run pruned from the live state) the caller has checked it in the review database.
   */
  recordHelp(args: { kind: 'seen' | 'answered' | 'closed'; requestId: string; runId: string; requestStation: string; signer: string; note?: string }): Promise<Result<{ eventId: string }>> {
    return this.serial(async () => {
      const run = args.requestStation === this.opts.stationId ? this.projection.runs[args.runId] : undefined;
      if (run) {
        const request = run.help.find((h) => h.eventId === args.requestId);
        if (!request) return fail('HELP_NOT_FOUND', 'This help request is not open at this station any more.');
        if (request.answeredAt !== undefined) return fail('HELP_ALREADY_ANSWERED', `This help request was already answered at ${request.answeredAt}.`);
        if (request.closedAt !== undefined) return fail('HELP_ALREADY_CLOSED', `This help request was already closed at ${request.closedAt}.`);
      }
      const type = { seen: RunEvent.helpSeen, answered: RunEvent.helpAnswered, closed: RunEvent.helpClosed }[args.kind];
      const record = await this.append({
        type,
        actor: 'supervisor',
        run: args.runId,
        supersedes: args.requestId,
        data: { requestStation: args.requestStation, signer: args.signer, ...(args.note ? { note: args.note } : {}) },
      });
      return ok({ eventId: record.id });
    });
  }

  /**
   * Record the station's name as a `station.named` event unless the journal's last one already says it (then nothing
   * is written). `signer`: the supervisor who renamed the station, when one did. Answers whether an event was written.
   */
  ensureNamed(name: string, signer?: string): Promise<Result<{ written: boolean }>> {
    return this.serial(async () => ok({ written: await this.nameIfChanged(name, signer) }));
  }

  /** The name the journal last signed (null before the first `station.named`). */
  get signedName(): string | null {
    return this.projection.stationName ?? null;
  }

  /** The chosen name (opts.stationName), signed if the journal does not say it yet; nothing while none is chosen. */
  private async nameIfChosen(): Promise<void> {
    const chosen = this.opts.stationName?.();
    if (chosen) await this.nameIfChanged(chosen);
  }

  private async nameIfChanged(name: string, signer?: string): Promise<boolean> {
    const wanted = name.trim();
    if (!wanted || this.projection.stationName === wanted) return false;
    await this.append({
      type: STATION_NAMED,
      actor: signer ? 'supervisor' : 'system',
      value: wanted,
      data: { keyId: this.journal.keyId, previous: this.projection.stationName ?? null, ...(signer ? { signer } : {}) },
    });
    return true;
  }

  /** Appends a signed seal (at every sync and at shutdown) and saves the checkpoint. */
  seal(): Promise<Result<{ seq: number; hash: string }>> {
    return this.serial(async () => {
      await this.nameIfChosen();
      const record = await this.journal.seal('system');
      apply(this.projection, record);
      await this.checkpointAfterRecord();
      return ok(this.journal.head);
    });
  }

  /** Seals (unless told not to), saves the checkpoint and closes the journal. */
  async close(options: { seal?: boolean } = { seal: true }): Promise<void> {
    const closed = await this.serial(async () => {
      if (options.seal !== false && this.journal.head.seq > 0) {
        await this.nameIfChosen();
        apply(this.projection, await this.journal.seal('system'));
      }
      await this.checkpointAfterRecord();
      await this.journal.close();
      return ok(undefined);
    });
    if (!closed.ok) throw new Error(closed.error.message);
  }

  /** A copy of the folded run state, for tests and diagnostics. */
  snapshot(): Projection {
    return structuredClone(this.projection);
  }

  /**
   * The bytes of an attachment of this station's journal (a spoken note), checked against their hash; null when the
   * journal has none with that hash.
   */
  attachment(hash: string): Promise<Buffer | null> {
    return readAttachment(this.opts.journalDir, hash);
  }

  /**
   * A command that may carry a spoken note (issue 13): the recording is checked, the command decided with the
   * note's reference (hash, size, length, type), and only if it is allowed is the recording stored (create-only,
   * content-addressed, beside the journal) and then the event appended: an event never names a file not yet on disk.
   */
  private withSpokenNote(args: RunArgs, input: SpokenNoteInput | undefined, cmd: (audio?: SpokenNoteRef) => RunCommand): Promise<Result<RunView>> {
    if (!input) return this.command(args, cmd());
    const bytes = Buffer.from(input.data, 'base64');
    if (bytes.length === 0 || bytes.length > MAX_SPOKEN_NOTE_BYTES) {
      return Promise.resolve(fail('SPOKEN_NOTE_INVALID', `A spoken note must be 1 byte to ${MAX_SPOKEN_NOTE_BYTES} bytes; this one has ${bytes.length}. Record it again, shorter.`));
    }
    if (!looksLikeRecording(bytes, input.type)) {
      return Promise.resolve(fail('SPOKEN_NOTE_INVALID', `The spoken note is not a ${input.type} recording (its first bytes do not say so). Record it again.`));
    }
    const audio: SpokenNoteRef = { hash: hashBytes(bytes), bytes: bytes.length, durationMs: input.durationMs, type: input.type };
    return this.command(args, cmd(audio), () => storeAttachment(this.opts.journalDir, bytes).then(() => undefined));
  }

  private command(args: RunArgs, cmd: RunCommand, beforeAppend?: () => Promise<void>): Promise<Result<RunView>> {
    return this.serial(async () => {
      const run = this.projection.runs[args.runId];
      if (!run) return fail('RUN_NOT_FOUND', `There is no run ${args.runId} at this station.`);
      const standard = this.registry.getByHash(run.standard.hash);
      if (!standard) return fail('STANDARD_MISSING', `Standard ${run.standard.id} v${run.standard.version} is no longer loaded at this station; put its file back to continue.`);
      const decision = decide(run, standard.doc, args.actor, cmd);
      if (!decision.ok) return decision;
      if (beforeAppend) await beforeAppend();
      await this.append(decision.value);
      return ok(runView(this.projection.runs[args.runId]!, standard.doc));
    });
  }

  private viewOf(runId: string): Result<RunView> {
    const run = this.projection.runs[runId];
    if (!run) return fail('RUN_NOT_FOUND', `There is no run ${runId} at this station.`);
    const standard = this.registry.getByHash(run.standard.hash);
    if (!standard) return fail('STANDARD_MISSING', `Standard ${run.standard.id} v${run.standard.version} is no longer loaded at this station.`);
    return ok(runView(run, standard.doc));
  }

  private async append(input: EventInput): Promise<JournalRecord> {
    const record = await this.journal.append(input);
    apply(this.projection, record);
    // The journal may have sealed and rotated by itself after this record; seals change no run state.
    this.projection.seq = this.journal.head.seq;
    // A segment just closed: checkpoint now, so checkpoints/ gets the state at its seal (journal.saveCheckpoint).
    const closed = this.journal.lastClosedSeq === this.journal.head.seq;
    if (++this.appendsSinceCheckpoint >= (this.opts.checkpointEvery ?? 500) || closed) await this.checkpointAfterRecord();
    return record;
  }

  /**
   * Save the checkpoint after an event was recorded (flushed to disk). The event stands whatever happens here, so a
   * failure must never become the answer ("Nothing was recorded" would make the person do it again, and a retry would
   * record it twice): it is told (onWarning) and the checkpoint is tried again after the next event (the count is
   * not reset) or at the next seal. The checkpoint is derived data: opening replays from an older one, or from the start.
   */
  private async checkpointAfterRecord(): Promise<void> {
    try {
      await this.saveCheckpoint();
    } catch (err) {
      warnOf(this.opts)(`The run-state checkpoint could not be saved at seq ${this.journal.head.seq} (${err instanceof Error ? err.message : String(err)}); ` +
        'every event is recorded in the journal; the checkpoint will be tried again after the next event.');
    }
  }

  private async saveCheckpoint(): Promise<void> {
    this.projection.seq = this.journal.head.seq;
    await this.journal.saveCheckpoint(this.projection);
    this.appendsSinceCheckpoint = 0;
  }

  private async ensureAdopted(ref: StandardRef): Promise<void> {
    if (this.projection.adopted[`${ref.id}@${ref.version}`] === ref.hash) return;
    await this.append({ type: STANDARD_ADOPTED, actor: 'system', standard: ref });
  }

  private currentStandards(): LoadedStandard[] {
    return this.registry.currentAll(this.today());
  }

  private today(): string {
    return DateTime.fromMillis(this.opts.clock.now(), { zone: this.opts.clock.timeZone }).toISODate() ?? '';
  }

  /** One operation at a time, so each decision sees the state left by the one before. Errors become results. */
  private serial<T>(fn: () => Promise<Result<T>>): Promise<Result<T>> {
    const next = this.queue.then(fn, fn).catch((error: unknown) =>
      fail<T>('NOT_RECORDED', `Nothing was recorded: ${error instanceof Error ? error.message : String(error)}. Try again; if it keeps failing, call a supervisor.`),
    );
    this.queue = next;
    return next;
  }
}

function warnOf(opts: StationServiceOptions): (message: string) => void {
  return opts.onWarning ?? ((m: string) => console.warn(`Steadywork: ${m}`));
}

/** The container's signature at the start of a recording: WebM/Matroska (EBML), Ogg, or MP4 ("ftyp" at byte 4). */
function looksLikeRecording(bytes: Buffer, type: string): boolean {
  if (type.startsWith('audio/webm')) return bytes.length >= 4 && bytes.readUInt32BE(0) === 0x1a45dfa3;
  if (type.startsWith('audio/ogg')) return bytes.subarray(0, 4).toString('latin1') === 'OggS';
  if (type.startsWith('audio/mp4')) return bytes.subarray(4, 8).toString('latin1') === 'ftyp';
  return false;
}

async function buildRegistry(projection: Projection, dirs: readonly string[]): Promise<{ registry: StandardRegistry; errors: StandardFileError[] }> {
  const registry = new StandardRegistry();
  for (const [key, hash] of Object.entries(projection.adopted)) {
    const at = key.lastIndexOf('@');
    registry.rememberKnownHash({ id: key.slice(0, at), version: Number(key.slice(at + 1)), hash });
  }
  const errors: StandardFileError[] = [];
  for (const dir of dirs) {
    const loaded = await loadStandardsFromDir(dir);
    errors.push(...loaded.errors, ...registry.add(loaded.standards));
  }
  return { registry, errors };
}
