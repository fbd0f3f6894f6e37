/**
 * The supervisor's review at a station (issue 5): history of every run of this station, and of every station of the
 * shared folder when one is set; a run's timeline; countersignatures; trends; open help requests.
 *
 * Everything shown comes from verified journals: this station's own journal is sealed and published into a private
 * mirror folder laid out like a share (<dataDir>/review-mirror, with the sync publisher), the share too when set, and
 * both are imported with the ledger's verifying importer into <dataDir>/review.duckdb (ReviewStore), a disposable
 * read model. Countersignatures and help answers are new lines on this station's journal, never edits.
 * Plain Node; the channels (station-app.ts) check the supervisor session first. docs/review.md.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type {
  AttachmentFile, HistoryFacets, HistoryFilter, HistoryPage, HistoryRow, HistorySort, OpenHelpRequest, ReviewStatus, RunTimeline, SignMeaning, SignResult, TrendRow,
} from '../../contract';
import { MAX_SIGN_RUNS } from '../../contract';
import type { StationService } from '../runs/station-service';
import type { SettingsStore } from '../settings/store';
import type { StandardDocument } from '../standards/schema';
import { nodeShareFs, publish, type SyncService } from '../sync';
import { pushStandards } from '../sync/push-standards';
import { isoWithOffset, type Clock } from '../time/clock';
import { fail, ok, type Result } from '../../contract/result';
import { planSignature } from './countersign';
import { openHelp, recordHelp } from './help';
import { buildTimeline } from './timeline';
import { REVIEW_DB_FILE, ReviewStore, type RefreshOutcome, type ReviewSource, type SourceOutcome } from './store';

/** What a refresh does with the shared folder (see ReviewService.refresh). */
export type ShareMode = 'sync' | 'read' | 'skip';
const MODE_RANK: Record<ShareMode, number> = { skip: 0, read: 1, sync: 2 };
const strongest = (a: ShareMode, b: ShareMode | null): ShareMode => (b !== null && MODE_RANK[b] > MODE_RANK[a] ? b : a);

export const REVIEW_MIRROR_DIR = 'review-mirror';

export interface ReviewServiceOptions {
  dataDir: string;
  clock: Clock;
  station: StationService;
  /** The station's sync with the shared folder (publishes this station's lines before the share is read). */
  sync: Pick<SyncService, 'syncNow' | 'kick'>;
  settings: SettingsStore;
  toolVersion?: string;
  /** Verification threads for the share's import (default: the importer's). The mirror is verified in this thread. */
  workers?: number;
}

export class ReviewService {
  readonly store: ReviewStore;
  readonly mirrorDir: string;
  private current: ReviewStatus = { state: 'empty', source: 'station' };
  /** What the latest refresh did (for tests and diagnostics). */
  lastOutcome: RefreshOutcome | null = null;
  private running: Promise<void> | null = null;
  private again: ShareMode | null = null;
  /** The share's outcome at its last import (kept while refreshes skip the share). */
  private lastShare: SourceOutcome | null = null;
  private refreshedOnce = false;
  /** The mirror holds this station's segments up to here (compared once; not read again). */
  private mirrorPublished = 0;
  private docs = new Map<string, StandardDocument | null>();
  private closed = false;

  constructor(private readonly opts: ReviewServiceOptions) {
    this.store = new ReviewStore({
      dbPath: path.join(opts.dataDir, REVIEW_DB_FILE),
      now: () => opts.clock.now(),
      ...(opts.toolVersion ? { toolVersion: opts.toolVersion } : {}),
    });
    this.mirrorDir = path.join(opts.dataDir, REVIEW_MIRROR_DIR);
  }

  private get stationId(): string {
    return this.opts.station.stationId;
  }

  private sharePath(): string | undefined {
    return this.opts.settings.read().settings.sharePath || undefined;
  }

  private roster(): Array<{ id: string; name: string }> {
    return this.opts.settings.read().roster.map((a) => ({ id: a.id, name: a.name }));
  }

  /** The status; the first call after start brings the history up to date in the background. */
  status(): ReviewStatus {
    if (!this.refreshedOnce && !this.running) this.refresh();
    return structuredClone(this.current);
  }

  /**
   * Bring the history up to date in the background (one refresh at a time; asked during one, one more runs after it).
   * share: 'sync' syncs this station with the shared folder, then imports it (review.refresh); 'read' imports it as
   * it is; 'skip' imports only this station's own journal (after a signature: quick; sync publishes it in the
   * background, and the share's last outcome is kept).
   */
  refresh(opts: { share?: ShareMode } = {}): ReviewStatus {
    void this.refreshNow(opts);
    return structuredClone(this.current);
  }

  /** Refresh and wait for it (tests, and after a signature so the next query shows it). */
  refreshNow(opts: { share?: ShareMode } = {}): Promise<void> {
    const mode = opts.share ?? 'sync';
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = strongest(mode, this.again);
      return this.running; // it runs once more (the loop below) before it settles
    }
    this.refreshedOnce = true;
    this.running = (async () => {
      try {
        let next: ShareMode | null = mode;
        while (next && !this.closed) {
          this.again = null;
          await this.refreshOnce(next);
          next = this.again;
        }
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Waits for a refresh in progress. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async refreshOnce(mode: ShareMode): Promise<void> {
    const share = this.sharePath();
    if (this.lastShare && this.lastShare.dir !== share) this.lastShare = null;
    const readShare = share !== undefined && (mode !== 'skip' || this.lastShare === null);
    this.current = { ...this.current, state: 'refreshing', source: share ? 'share' : 'station', ...(share ? { sharePath: share } : {}) };
    delete this.current.error;
    if (!share) delete this.current.sharePath;
    try {
      // 1. This station's lines onto the share (seal, publish) — at most the sync's own timeout; never fatal.
      if (share && mode === 'sync') await this.opts.sync.syncNow();
      // 2. This station's whole journal into the private mirror (sealed, verified segments, like a share).
      await this.publishMirror();
      // 3. Verified import of the share, then of the mirror (the share may be behind this station's own journal).
      const sources: ReviewSource[] = [];
      if (share && readShare) sources.push({ dir: share, kind: 'share', ownStation: this.stationId, ...(this.opts.workers !== undefined ? { workers: this.opts.workers } : {}) });
      sources.push({ dir: this.mirrorDir, kind: 'mirror', workers: 0 });
      const outcome = await this.store.refresh(sources, (p) => {
        this.current.progress = { phase: p.phase, done: p.done, total: p.total, ...(p.station ? { station: p.station } : {}) };
      });
      const shareOutcome = outcome.sources.find((x) => x.kind === 'share');
      if (shareOutcome) this.lastShare = shareOutcome;
      this.lastOutcome = outcome;
      this.current = this.statusFrom([...(shareOutcome || !share || !this.lastShare ? [] : [this.lastShare]), ...outcome.sources], share);
    } catch (err) {
      this.current = {
        ...this.current,
        state: 'failed',
        error: { code: 'REVIEW_REFRESH_FAILED', message: `The history could not be brought up to date: ${err instanceof Error ? err.message : String(err)}` },
      };
      delete this.current.progress;
    }
  }

  private statusFrom(sources: SourceOutcome[], share: string | undefined): ReviewStatus {
    const shareOutcome = sources.find((s) => s.kind === 'share');
    const mirror = sources.find((s) => s.kind === 'mirror');
    const failed = sources.find((s) => s.error);
    const sum = (f: (s: SourceOutcome) => number) => sources.reduce((n, s) => n + f(s), 0);
    const errors = sum((s) => s.errors);
    const status: ReviewStatus = {
      state: mirror?.error ? 'failed' : 'ready',
      source: share && shareOutcome && !shareOutcome.error ? 'share' : 'station',
      ...(share ? { sharePath: share } : {}),
      // With the station's offset, like every time of a run: the screens show it on the station's clock, not the viewer's.
      lastRefreshAt: isoWithOffset(this.opts.clock.now(), this.opts.clock.timeZone),
      integrity: { ok: errors === 0, errors, warnings: sum((s) => s.warnings), stationsRejected: sum((s) => s.stationsRejected) },
    };
    if (failed?.error) {
      status.error = failed.kind === 'share'
        ? { code: failed.error.code, message: `The shared folder could not be read, so only this station's history is shown: ${failed.error.message}` }
        : failed.error;
    }
    return status;
  }

  /** Seal the journal and publish its closed segments, its identity and its standards into the private mirror. */
  private async publishMirror(): Promise<void> {
    const station = this.opts.station;
    await mkdir(this.mirrorDir, { recursive: true });
    // The same create-only copy sync makes on the share: the files' own bytes, so content hashes match.
    await pushStandards(this.mirrorDir, station.loadedStandards(), nodeShareFs);
    if (station.head.seq > 0) {
      const sealed = await station.seal();
      if (!sealed.ok) throw new Error(sealed.error.message);
    }
    const result = await publish({
      share: this.mirrorDir,
      identity: { ...station.identity(), name: this.opts.settings.read().settings.stationName },
      segments: station.journalSegments().closed,
      attachmentsDir: station.journalAttachmentsDir(),
      publishedThrough: this.mirrorPublished,
    });
    this.mirrorPublished = result.head?.seq ?? 0;
  }

  // ------------------------------------------------------------------ channels

  async history(q: { filter: HistoryFilter; sort: HistorySort; offset: number; limit: number }): Promise<Result<HistoryPage>> {
    const bad = checkPeriod(q.filter);
    if (bad) return bad;
    return ok(await this.store.history({ ...q, roster: this.roster() }));
  }

  async facets(): Promise<Result<HistoryFacets>> {
    return ok(await this.store.facets(this.roster()));
  }

  async trends(period: 'week' | 'month', filter: HistoryFilter): Promise<Result<TrendRow[]>> {
    const bad = checkPeriod(filter);
    if (bad) return bad;
    return ok(await this.store.trends(period, filter));
  }

  async timeline(runId: string): Promise<Result<RunTimeline>> {
    const roster = this.roster();
    const run = await this.store.run(runId, roster);
    if (!run) return fail('RUN_NOT_FOUND', `There is no run ${runId} in the history. Bring the history up to date and try again.`);
    const std = await this.store.standard(run.standardHash);
    const events = await this.store.runEvents(runId, run.stationId);
    const problems = await this.store.stationProblems(run.stationId);
    return ok(buildTimeline(run, std, events, roster, problems));
  }

  /**
   * A spoken note (issue 13): the bytes the verifying import kept (the review database's `attachments`, filled from
   * this station's mirror, which carries its attachments, and from the share), never bytes that were not verified.
   */
  async attachment(stationId: string, hash: string): Promise<Result<AttachmentFile>> {
    const kept = await this.store.attachment(stationId, hash);
    if (kept) return ok({ hash, type: kept.type, data: kept.bytes.toString('base64') });
    return fail('ATTACHMENT_NOT_FOUND', `The spoken note ${hash.slice(0, 12)}… of station ${stationId} is not in the history (it may not have reached the shared folder yet, or it failed verification). Bring the history up to date and try again.`);
  }

  /**
   * Countersign runs: one `run.countersigned` line per finished run on this station's journal; runs in progress,
   * already approved, or already signed with this meaning are skipped, each with why (countersign.ts).
   * `preview`: the same answer, nothing written (the confirmation lists it).
   */
  async sign(args: { target: { runIds: string[] } | { filter: HistoryFilter }; meaning: SignMeaning; reason?: string | undefined; preview?: boolean | undefined; signer?: string | undefined }): Promise<Result<SignResult>> {
    if (args.meaning === 'rejected' && !args.reason?.trim()) return fail('REASON_REQUIRED', 'A rejection needs a reason. Say why the run is rejected.');
    let runs: HistoryRow[];
    if ('runIds' in args.target) {
      const ids = [...new Set(args.target.runIds.map((id) => id.toLowerCase()))];
      if (ids.length > MAX_SIGN_RUNS) return fail('TOO_MANY_RUNS', `At most ${MAX_SIGN_RUNS} runs can be signed at a time (${ids.length} were chosen).`);
      runs = await this.store.runsById(ids, this.roster());
      const missing = ids.filter((id) => !runs.some((r) => r.runId === id));
      if (missing.length > 0) {
        return fail('RUN_NOT_FOUND', `${missing.length === 1 ? `Run ${missing[0]} is` : `${missing.length} of the runs are`} not in the history. Bring the history up to date and try again. Nothing was signed.`);
      }
    } else {
      const bad = checkPeriod(args.target.filter);
      if (bad) return bad;
      runs = await this.store.runsByFilter(args.target.filter, MAX_SIGN_RUNS, this.roster());
      if (runs.length > MAX_SIGN_RUNS) {
        return fail('TOO_MANY_RUNS', `More than ${MAX_SIGN_RUNS} runs match these filters. Narrow the filters (a shorter period, one station) and sign again. Nothing was signed.`);
      }
    }
    const plan = planSignature(runs, args.meaning, args.preview === true);
    if (!plan.preview && plan.runs.length > 0) {
      const signed = await this.opts.station.countersign({
        runs: plan.runs.map((r) => ({ runId: r.runId, runStation: r.stationId })),
        meaning: args.meaning,
        signer: args.signer ?? this.signer(),
        ...(args.reason ? { reason: args.reason } : {}),
      });
      if (!signed.ok) return signed;
      await this.afterAppend();
    }
    return ok(plan);
  }

  /** Help requests not answered or closed yet, of every station and run (help.ts), oldest first. */
  async helpOpen(): Promise<Result<OpenHelpRequest[]>> {
    const names = new Map(this.roster().map((a) => [a.id, a.name]));
    const stationName = this.opts.settings.read().settings.stationName;
    return ok(await openHelp({ station: this.opts.station, store: this.store, stationName, names, docByHash: (h) => this.docByHash(h), nowMs: this.opts.clock.now() }));
  }

  /** Mark a help request answered: a help.answered line on this station's journal. */
  async helpAnswer(args: { eventId: string; runId: string; stationId: string; signer?: string | undefined }): Promise<Result<null>> {
    return this.helpLine({ ...args, kind: 'answered' });
  }

  /** A help.seen, help.answered or help.closed line on this station's journal, then shown at once. */
  async helpLine(args: { kind: 'seen' | 'answered' | 'closed'; eventId: string; runId: string; stationId: string; note?: string; signer?: string | undefined }): Promise<Result<null>> {
    const done = await recordHelp({ station: this.opts.station, store: this.store }, { ...args, signer: args.signer ?? this.signer() });
    if (done.ok) await this.afterAppend();
    return done;
  }

  /** No more refreshes; waits a little for one in progress (never for a share that does not answer). */
  async close(waitMs = 3000): Promise<void> {
    this.closed = true;
    let t: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => { t = setTimeout(r, waitMs); t.unref?.(); })]);
    if (t) clearTimeout(t);
    await this.store.dispose();
  }

  private signer(): string {
    return this.opts.settings.read().settings.supervisorName ?? 'Supervisor';
  }

  /** After a new line: show it in the history at once (the mirror), and publish it to the share in the background. */
  private async afterAppend(): Promise<void> {
    await this.refreshNow({ share: 'skip' });
    if (this.sharePath()) this.opts.sync.kick();
  }

  private async docByHash(hash: string): Promise<StandardDocument | null> {
    if (!hash) return null;
    if (!this.docs.has(hash)) {
      const local = this.opts.station.loadedStandardByHash(hash)?.doc;
      this.docs.set(hash, local ?? (((await this.store.standard(hash))?.doc as StandardDocument | undefined) ?? null));
    }
    return this.docs.get(hash) ?? null;
  }
}

function checkPeriod(f: HistoryFilter): Result<never> | null {
  return f.from && f.to && f.from > f.to ? fail('BAD_PERIOD', `The period starts (${f.from}) after it ends (${f.to}).`) : null;
}
