import { readFile } from 'node:fs/promises';
import type { ShareSupplier, SyncStatus } from '../../contract';
import { writeFileReplacing } from '../files/atomic-write';
import { isoWithOffset, type Clock } from '../time/clock';
import type { Result } from '../../contract/result';
import type { LoadedStandard } from '../standards';
import type { Logger } from '../log/logger';
import { publish } from './publish';
import { pushStandards } from './push-standards';
import { pullStandards, type PulledStandardProblem } from './pull-standards';
import { ensureShareSupplier } from './share-supplier';
import { nodeShareFs, ShareError, shareErrorFrom, type ShareFs } from './share-fs';

/** What sync needs from the station (StationService provides it). */
export interface SyncableStation {
  readonly head: { seq: number; hash: string };
  /** Append a seal (nothing if the last line already is one); closes the active segment. */
  seal(): Promise<Result<{ seq: number; hash: string }>>;
  journalSegments(): { closed: string[]; active: string };
  /** The journal's attachments folder (spoken notes); absent: nothing but segments is published. */
  journalAttachmentsDir?(): string;
}

export interface SyncServiceOptions {
  station: SyncableStation;
  /** Who the station is on the share; read at every sync (the display name may change). */
  identity: () => { stationId: string; name: string; publicKey: string; keyId: string };
  /** The shared folder from the settings; undefined when not set up. Read at every sync. */
  sharePath: () => string | undefined;
  /**
   * The supplier the station's supervisor named (settings), read at every sync: written to the share's supplier.json
   * when the share has none (share-supplier.ts; never overwriting one). Absent: the share's supplier is only read.
   */
  supplier?: () => string | undefined;
  /** Where pulled standards go (the station's runtime standards folder). */
  localStandardsDir: string;
  /** The standard versions this station's records use: put on the share (if missing) before the segments that use them. */
  usedStandards?: () => readonly LoadedStandard[];
  /** Called after new standards were copied, so the station can load them. */
  onStandardsPulled?: () => Promise<void>;
  /** Small JSON file remembering what was published and when (survives restarts). Optional. */
  stateFile?: string;
  clock: Clock;
  /** Background sync every this many ms (default 5 minutes); 0 = only when asked. */
  intervalMs?: number;
  /** A share that takes longer than this for one sync is reported as not answering (default 60 s). */
  timeoutMs?: number;
  fs?: ShareFs;
  /** For tests: the random part of temporary names. */
  random?: () => string;
  /** The app's log: a sync that fails (and the first that works again), standards on the share that were not copied. */
  logger?: Logger;
}

interface SyncState {
  share: string;
  publishedSeq: number;
  lastSyncAt?: string;
}

export const DEFAULT_SYNC_INTERVAL_MS = 5 * 60 * 1000;
const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Background sync of one station with the shared folder: seal the journal, publish the closed segments and the
 * identity, pull published standards. One sync at a time; a request during a sync runs one more sync after it.
 * Never throws and never blocks the artisan: every failure becomes the status (`unreachable`, with the reason in
 * plain words and the number of events waiting). The station keeps every event and catches up at a later sync.
 *
 * All share I/O of a sync runs one operation after another, so a share that hangs holds at most one thread of
 * Node's pool (the journal's own writes keep the others). If a sync does not finish within `timeoutMs`, it is
 * reported as not answering, and no new sync touches the share until the hung operation has returned.
 */
export class SyncService {
  private state: SyncState | null;
  private lastError: ShareError | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** A sync that timed out but whose share operations have not returned yet. */
  private hung: Promise<unknown> | null = null;
  private pulledProblems: PulledStandardProblem[] = [];
  /** What the share's supplier.json said at the last sync that reached it (and which share). */
  private supplierSeen: { share: string; supplier: ShareSupplier } | null = null;
  /** What the log was last told (a failure is logged when it starts or changes, not at every attempt). */
  private loggedError: string | null = null;
  private loggedProblems = new Set<string>();

  private constructor(private readonly opts: SyncServiceOptions, state: SyncState | null) {
    this.state = state;
  }

  static async create(opts: SyncServiceOptions): Promise<SyncService> {
    let state: SyncState | null = null;
    if (opts.stateFile) {
      try {
        const raw = JSON.parse(await readFile(opts.stateFile, 'utf8')) as Partial<SyncState>;
        if (typeof raw.share === 'string' && Number.isSafeInteger(raw.publishedSeq) && (raw.publishedSeq as number) >= 0) {
          state = { share: raw.share, publishedSeq: raw.publishedSeq as number, ...(typeof raw.lastSyncAt === 'string' ? { lastSyncAt: raw.lastSyncAt } : {}) };
        }
      } catch {
        // No state yet (or unreadable): the first sync finds out what the share holds.
      }
    }
    return new SyncService(opts, state);
  }

  /** The status for the status bar. Cheap: no I/O. */
  status(): SyncStatus {
    const share = this.opts.sharePath();
    if (!share) return { state: 'not_set_up' };
    const state = this.state?.share === share ? this.state : null;
    const events = Math.max(0, this.opts.station.head.seq - (state?.publishedSeq ?? 0));
    if (this.lastError) return { state: 'unreachable', reason: this.lastError.reason, events };
    // On the station's clock as it is now: a sync recorded before its zone was set (or changed), or in UTC by an older
    // version, would show another zone's clock time beside the station's.
    const lastSyncAt = state?.lastSyncAt ? this.stationTime(state.lastSyncAt) : undefined;
    if (events > 0 || !lastSyncAt) return { state: 'waiting', events, ...(lastSyncAt ? { lastSyncAt } : {}) };
    return { state: 'up_to_date', lastSyncAt };
  }

  private stationTime(iso: string): string {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? isoWithOffset(ms, this.opts.clock.timeZone) : iso;
  }

  /** What the shared folder's supplier.json said at the last sync that reached it; undefined before. Cheap: no I/O. */
  shareSupplier(): ShareSupplier | undefined {
    const share = this.opts.sharePath();
    return share && this.supplierSeen?.share === share ? this.supplierSeen.supplier : undefined;
  }

  /** Standards on the share that were not copied at the last sync, and why (for the supervisor). */
  standardProblems(): PulledStandardProblem[] {
    return [...this.pulledProblems];
  }

  /** Sync now and answer the status afterwards. Never rejects. */
  syncNow(): Promise<SyncStatus> {
    if (this.stopped) return Promise.resolve(this.status());
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.status());
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.once();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running.then(() => this.status());
  }

  /** Start a sync in the background (after a completed run, on a timer). */
  kick(): void {
    void this.syncNow();
  }

  /** Background syncs every intervalMs, and one right away. */
  start(): void {
    if (this.stopped || this.timer) return;
    const every = this.opts.intervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
    if (every > 0) {
      this.timer = setInterval(() => this.kick(), every);
      this.timer.unref?.();
    }
    this.kick();
  }

  /** No more syncs; waits a little for one in progress (never for a hung share). */
  async stop(waitMs = 2000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const running = this.running;
    if (running) {
      let t: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([running, new Promise<void>((r) => { t = setTimeout(r, waitMs); t.unref?.(); })]);
      if (t) clearTimeout(t);
    }
  }

  private async once(): Promise<void> {
    await this.attempt();
    this.logOutcome();
  }

  /** Tells the log what changed: a failure (its code and reason), the share answering again, new standard problems. */
  private logOutcome(): void {
    const log = this.opts.logger;
    if (!log) return;
    const err = this.lastError;
    const share = this.opts.sharePath();
    if (err && err.reason !== this.loggedError) {
      const st = this.status();
      log.warn(`Sync with the shared folder ${share ?? '(none)'} failed (${err.code}): ${err.reason} Events waiting to be published: ${'events' in st ? st.events : 0}.`);
      this.loggedError = err.reason;
    } else if (!err && this.loggedError !== null) {
      log.info(`Sync with the shared folder ${share ?? '(none)'} works again.`);
      this.loggedError = null;
    }
    for (const p of this.pulledProblems) {
      const key = `${p.file}\u0000${p.message}`;
      if (this.loggedProblems.has(key)) continue;
      this.loggedProblems.add(key);
      log.warn(`A standard on the shared folder was not copied to this station: ${p.file}: ${p.message}`);
    }
  }

  private async attempt(): Promise<void> {
    const share = this.opts.sharePath();
    if (!share) {
      this.lastError = null;
      return;
    }
    if (this.state && this.state.share !== share) this.state = null; // another share: it holds nothing of ours yet
    if (this.hung) {
      this.lastError = new ShareError('SHARE_NOT_ANSWERING', `The shared folder ${share} still does not answer (an earlier save has not finished). The station keeps every event and tries again later.`);
      return;
    }
    const fs = this.opts.fs ?? nodeShareFs;
    const work = this.syncSteps(share, fs);
    const timeoutMs = this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
      timer.unref?.();
    });
    try {
      const outcome = await Promise.race([work, timedOut]);
      if (outcome === 'timeout') {
        this.hung = work.catch(() => undefined).finally(() => {
          this.hung = null;
        });
        this.lastError = new ShareError('SHARE_NOT_ANSWERING', `The shared folder ${share} does not answer (no reply within ${Math.round(timeoutMs / 1000)} s). The station keeps every event and tries again later.`);
        return;
      }
      this.lastError = null;
    } catch (err) {
      this.lastError = shareErrorFrom(err, share);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** Remembers the share's supplier and tells the log what is worth knowing (written; another name; refused). */
  private noteSupplier(share: string, supplier: ShareSupplier): void {
    const before = this.supplierSeen?.share === share ? this.supplierSeen.supplier : undefined;
    this.supplierSeen = { share, supplier };
    const log = this.opts.logger;
    if (!log) return;
    const wanted = this.opts.supplier?.();
    if (supplier.state === 'named' && supplier.written) log.info(`The shared folder ${share} now says its supplier is "${supplier.name}" (${supplier.file} written).`);
    else if (supplier.state === 'named' && wanted !== undefined && supplier.name !== wanted && (before?.state !== 'named' || before.name !== supplier.name)) {
      log.warn(`The shared folder ${share} says its supplier is "${supplier.name}", not "${wanted}" as this station's settings say; ${supplier.file} was not changed.`);
    } else if (supplier.state === 'refused' && (before?.state !== 'refused' || before.reason !== supplier.reason)) log.warn(supplier.reason);
  }

  private async syncSteps(share: string, fs: ShareFs): Promise<'done'> {
    // A share that is not there must not cut a new segment at every attempt: look before sealing.
    try {
      const st = await fs.stat(share);
      if (!st.isDirectory()) throw new ShareError('SHARE_MISSING', `The shared folder ${share} is not a folder. Check the path in Settings.`);
    } catch (err) {
      throw shareErrorFrom(err, share);
    }
    const station = this.opts.station;
    if (station.head.seq > 0) {
      const sealed = await station.seal();
      if (!sealed.ok) throw new ShareError('SHARE_ERROR', `The station could not seal its journal before saving: ${sealed.error.message}`);
    }
    // The share's supplier: written once when the share has none and the supervisor named it (never replaced).
    const supplier = await ensureShareSupplier(share, this.opts.supplier?.(), fs, this.opts.random);
    this.noteSupplier(share, supplier);
    // The standards first, so that an importer that finds the segments also finds every checklist they use.
    const pushed = await pushStandards(share, this.opts.usedStandards?.() ?? [], fs, ...(this.opts.random ? [this.opts.random] : []));
    const result = await publish({
      share,
      identity: this.opts.identity(),
      segments: station.journalSegments().closed,
      ...(station.journalAttachmentsDir ? { attachmentsDir: station.journalAttachmentsDir() } : {}),
      publishedThrough: this.state?.share === share ? this.state.publishedSeq : 0,
      fs,
      ...(this.opts.random ? { random: this.opts.random } : {}),
    });
    const pulled = await pullStandards(share, this.opts.localStandardsDir, { fs });
    this.pulledProblems = [...pushed.problems, ...pulled.problems];
    if (pulled.copied.length > 0 && this.opts.onStandardsPulled) await this.opts.onStandardsPulled();

    this.state = { share, publishedSeq: result.head?.seq ?? 0, lastSyncAt: isoWithOffset(this.opts.clock.now(), this.opts.clock.timeZone) };
    if (this.opts.stateFile) {
      await writeFileReplacing(this.opts.stateFile, JSON.stringify(this.state, null, 2) + '\n').catch(() => undefined);
    }
    return 'done';
  }
}
