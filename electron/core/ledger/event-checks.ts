import { SEAL_TYPE } from '../journal/format';
import { F, scannedFields } from '../journal/line-scanner';
import type { JournalRecord } from '../journal/record';
import type { LedgerProblem } from './problems';

/**
 * The checks of single events that the chain does not cover, made in the station check (station-check.ts) from the
 * records as the journal verifier hands them over (verifySegments' onRecord), in the same pass that verifies them:
 *
 * - CLOCK_BACKWARDS (warning): an event dated more than `clockBackwardsMs` before the event before it (at most
 *   `maxClockProblems` listed per station, then one problem saying how many times in all).
 * - CLOCK_FUTURE (warning): events dated more than `clockFutureMs` after "now" (one problem per station).
 * - UNKNOWN_STANDARD (error): an event refers to a standard content hash that is neither published in the share's
 *   standards folder nor known to the ledger (one problem per station and standard, at its first use; at most
 *   MAX_UNKNOWN_STANDARDS). An error like any other: what may be imported ends at the last seal before it (settle,
 *   station-report.ts).
 *
 * Only new events are reported: seq in (from, to], `from` the ledger's head of the station (importedThrough) and `to`
 * the end of what was verified; the event at `from` gives the clock its starting point (seen in the records when the
 * station is verified in full; from the ledger, KnownStation.headAt, when only what is new is read).
 *
 * Times are compared as DuckDB compared them when these checks were SQL: `epoch_ms(CAST(at AS TIMESTAMPTZ))` for the
 * clock going back (microseconds, fractional digits beyond the sixth cut off, then milliseconds towards zero), the
 * microseconds for the future. Memory is bounded whatever the share holds: the first problems and counts, and a few
 * counters at the last seal of each file (`to` is always such a seal), never a list per event.
 */
export interface EventCheckSettings {
  /** Content hashes events may refer to: the share's valid standards and the ledger's. */
  knownStandards: string[];
  nowMs: number;
  clockBackwardsMs: number;
  clockFutureMs: number;
  /** Most CLOCK_BACKWARDS problems listed per station (default 20). */
  maxClockProblems?: number;
  /** Count the runs started, completed and stopped in the new verified events (StationCheck.runs; steadywork verify). */
  countRuns?: boolean;
}

export function duration(ms: number): string {
  const m = Math.round(ms / 60000);
  if (m < 120) return `${m} minute${m === 1 ? '' : 's'}`;
  const h = Math.round(ms / 3600000);
  if (h < 72) return `${h} hours`;
  return `${Math.round(ms / 86400000)} days`;
}

const base = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (days_from_civil, H. Hinnant). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The time of an `at` (YYYY-MM-DDTHH:MM[:SS[.f…]] then Z or ±HH:MM, as checkRecordShape accepts it). */
export interface AtTime {
  /** floor(microseconds since the epoch / 1000). */
  ms: number;
  /** The microseconds beyond `ms` (0 … 999). */
  us: number;
}

let cachedDay = -1;
let cachedDays = 0;

/**
 * Parse the `at` in b[s, e) from its digits into `out` (no Date, no string). The microseconds are those of DuckDB's
 * TIMESTAMPTZ (fractional digits beyond the sixth cut off); `ms` is their floor in milliseconds.
 */
export function parseAt(b: Uint8Array, s: number, e: number, out: AtTime): void {
  const d = (i: number) => (b[i] as number) - 48;
  const y = d(s) * 1000 + d(s + 1) * 100 + d(s + 2) * 10 + d(s + 3);
  const mo = d(s + 5) * 10 + d(s + 6);
  const da = d(s + 8) * 10 + d(s + 9);
  const key = (y * 100 + mo) * 100 + da;
  if (key !== cachedDay) {
    cachedDays = daysFromCivil(y, mo, da);
    cachedDay = key;
  }
  let p = s + 16;
  let sec = 0;
  let us = 0;
  if (b[p] === 58) {
    sec = d(p + 1) * 10 + d(p + 2);
    p += 3;
    if (b[p] === 46) {
      p++;
      let k = 0;
      for (; p < e; p++) {
        const c = b[p] as number;
        if (c < 48 || c > 57) break;
        if (k < 6) {
          us = us * 10 + (c - 48);
          k++;
        }
      }
      for (; k < 6; k++) us *= 10;
    }
  }
  let off = 0;
  const z = b[p];
  if (z === 43 || z === 45) {
    off = (d(p + 1) * 10 + d(p + 2)) * 60 + d(p + 4) * 10 + d(p + 5);
    if (z === 45) off = -off;
  }
  const minutes = cachedDays * 1440 + (d(s + 11) * 10 + d(s + 12)) * 60 + d(s + 14) * 10 + d(s + 15) - off;
  out.ms = (minutes * 60 + sec) * 1000 + Math.floor(us / 1000);
  out.us = us % 1000;
}

/**
 * Bytes b[s, s + n) into words (four to a word, the first in the low bits). Plain loads and shifts: for the 24 to 64
 * bytes copied or compared per event, about twice as fast as Buffer's native copy or compare (a call each).
 */
function pack(b: Uint8Array, s: number, n: number, out: Int32Array): void {
  for (let k = 0, w = 0; k < n; k += 4, w++) {
    out[w] = (b[s + k] as number) | ((b[s + k + 1] ?? 0) << 8) | ((b[s + k + 2] ?? 0) << 16) | ((b[s + k + 3] ?? 0) << 24);
  }
}

/** Whether b[s, s + 4 * words) holds the packed words. */
function samePacked(b: Uint8Array, s: number, packed: Int32Array, words: number): boolean {
  for (let w = 0, k = s; w < words; w++, k += 4) {
    if (((b[k] as number) | ((b[k + 1] as number) << 8) | ((b[k + 2] as number) << 16) | ((b[k + 3] as number) << 24)) !== packed[w]) return false;
  }
  return true;
}

/** The text of n packed bytes (latin1: an `at` is ASCII). */
function unpack(packed: Int32Array, n: number): string {
  let out = '';
  for (let k = 0; k < n; k++) out += String.fromCharCode(((packed[k >> 2] as number) >>> ((k & 3) * 8)) & 0xff);
  return out;
}

/** DuckDB's epoch_ms of a time: its microseconds / 1000, towards zero. */
const epochMs = (t: AtTime) => (t.ms < 0 && t.us > 0 ? t.ms + 1 : t.ms);

interface Where {
  seq: number;
  file: string;
  line: number;
}
interface BackJump extends Where {
  at: string;
  before: string;
  backMs: number;
}
interface Unknown extends Where {
  hash: string;
  id: string;
  version: string;
}
/** Counters at the last seal of a file (what is verified always ends at one). */
interface Snapshot {
  seq: number;
  file: string;
  back: number;
  lastBackFile: string;
  future: number;
  started: number;
  completed: number;
  abandoned: number;
}

/**
 * Most unknown standards listed per station (each at its first use). The first one decides what is importable; a
 * station naming thousands of different unknown standards is hostile, and its list stops here (memory stays bounded).
 */
export const MAX_UNKNOWN_STANDARDS = 1000;

/** Whether b[s, s + text.length) is the ASCII `text`. */
function sameText(b: Uint8Array, s: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (b[s + i] !== text.charCodeAt(i)) return false;
  return true;
}

const RUN_STARTED = 'run.started';
const RUN_COMPLETED = 'run.completed';
const RUN_ABANDONED = 'run.abandoned';

export class EventChecks {
  private readonly known: Set<string>;
  private readonly maxClock: number;
  private readonly thresholdMs: number;
  private readonly limitMs: number;
  private readonly limitUs: number;
  /** The next seq expected; records out of order end the checks (the verifier reports them: nothing after is trusted). */
  private next = 0;
  private stopped = false;
  // The clock: the event before (its time, and its `at` packed four bytes to a word, in one of two arrays swapped at
  // each event: its text is needed only when the clock goes back).
  private hasPrev = false;
  private prevEms = 0;
  private prevAt = new Int32Array(16);
  private prevAtLen = 0;
  private curAt = new Int32Array(16);
  private curAtLen = 0;
  private readonly t: AtTime = { ms: 0, us: 0 };
  private readonly backs: BackJump[] = [];
  private back = 0;
  private lastBackFile = '';
  private future = 0;
  private firstFuture: (Where & { at: string }) | null = null;
  // The standard of the event before (its hash's 64 bytes packed in 16 words, when it came from the hot path): the
  // same bytes, the same answer.
  private readonly prevStd = new Int32Array(16);
  private prevStdOk = false;
  private prevStdHash: string | null = null;
  private readonly unknown = new Map<string, Unknown>();
  private started = 0;
  private completed = 0;
  private abandoned = 0;
  private readonly snapshots: Snapshot[] = [];
  private pending: Snapshot | null = null;

  /**
   * @param from the ledger's head of the station (events after it are new).
   * @param headAt the `at` of the event at `from` when the records start after it (incremental verification).
   */
  constructor(private readonly settings: EventCheckSettings, private readonly station: string, private readonly from: number, headAt: string | null) {
    this.known = new Set(settings.knownStandards);
    this.maxClock = settings.maxClockProblems ?? 20;
    this.thresholdMs = Math.round(settings.clockBackwardsMs);
    const limit = settings.nowMs + settings.clockFutureMs;
    this.limitMs = Math.floor(limit);
    this.limitUs = Math.round((limit - this.limitMs) * 1000);
    if (headAt !== null) {
      this.next = from + 1;
      this.readAt(Buffer.from(headAt, 'latin1'), 0, headAt.length);
      this.keepAsPrevious();
    }
  }

  /** The verifier's onRecord (VerifyOptions.onRecord): every record in order, `record` null on the hot path. */
  readonly onRecord = (bytes: Buffer, seq: number, file: string, line: number, record: JournalRecord | null): void => {
    if (this.stopped) return;
    if (this.next !== 0 && seq !== this.next) {
      this.stopped = true;
      return;
    }
    this.next = seq + 1;
    if (seq < this.from) return;
    if (record === null) this.readAt(bytes, scannedFields[F.AT] as number, scannedFields[F.AT_END] as number);
    else this.readAt(Buffer.from(record.at, 'latin1'), 0, record.at.length);
    if (seq === this.from) {
      this.keepAsPrevious();
      return;
    }
    const t = this.t;
    const ems = epochMs(t);
    if (this.hasPrev && this.prevEms - ems > this.thresholdMs) {
      this.back++;
      this.lastBackFile = file;
      if (this.backs.length < this.maxClock) {
        this.backs.push({ seq, file, line, at: unpack(this.curAt, this.curAtLen), before: unpack(this.prevAt, this.prevAtLen), backMs: this.prevEms - ems });
      }
    }
    if (t.ms > this.limitMs || (t.ms === this.limitMs && t.us > this.limitUs)) {
      if (this.future++ === 0) this.firstFuture = { seq, file, line, at: unpack(this.curAt, this.curAtLen) };
    }
    if (record === null) {
      const f = scannedFields;
      if ((f[F.STD_ID] as number) >= 0) {
        const h = f[F.STD_HASH] as number;
        if (!this.prevStdOk || !samePacked(bytes, h, this.prevStd, 16)) {
          pack(bytes, h, 64, this.prevStd);
          this.prevStdOk = true;
          const hash = bytes.toString('latin1', h, h + 64);
          if (hash !== this.prevStdHash) {
            this.prevStdHash = hash;
            if (!this.known.has(hash) && !this.unknown.has(hash) && this.unknown.size < MAX_UNKNOWN_STANDARDS) {
              this.unknown.set(hash, {
                seq, file, line, hash, id: bytes.toString('utf8', f[F.STD_ID] as number, f[F.STD_ID_END] as number),
                version: String(Number(bytes.toString('latin1', f[F.STD_VERSION] as number, f[F.STD_VERSION_END] as number))),
              });
            }
          }
        }
      }
      const ts = f[F.TYPE] as number;
      const n = (f[F.TYPE_END] as number) - ts;
      if ((n === 11 || n === 13) && bytes[ts] === 0x72 && bytes[ts + 3] === 0x2e) this.countRunBytes(bytes, ts, n);
    } else {
      const std = record.standard as { id?: unknown; version?: unknown; hash?: unknown } | undefined | null;
      if (std && typeof std.hash === 'string') {
        this.prevStdOk = false;
        const hash = std.hash;
        if (hash !== this.prevStdHash) {
          this.prevStdHash = hash;
          if (!this.known.has(hash) && !this.unknown.has(hash) && this.unknown.size < MAX_UNKNOWN_STANDARDS) this.unknown.set(hash, { seq, file, line, hash, id: String(std.id ?? null), version: String(std.version ?? null) });
        }
      }
      this.countRun(record.type);
      if (record.type === SEAL_TYPE) this.snapshot(seq, file);
    }
    this.keepAsPrevious();
  };

  private readAt(b: Buffer, s: number, e: number): void {
    parseAt(b, s, e, this.t);
    const n = e - s;
    if (n > this.curAt.length * 4) this.curAt = new Int32Array((n + 3) >> 2);
    pack(b, s, n, this.curAt);
    this.curAtLen = n;
  }

  private keepAsPrevious(): void {
    this.hasPrev = true;
    this.prevEms = epochMs(this.t);
    const buf = this.prevAt;
    this.prevAt = this.curAt;
    this.prevAtLen = this.curAtLen;
    this.curAt = buf;
  }

  /** countRun of the type in bytes[s, s + n), without making a string of it. */
  private countRunBytes(b: Buffer, s: number, n: number): void {
    if (n === 11 && sameText(b, s, RUN_STARTED)) this.started++;
    else if (n === 13 && sameText(b, s, RUN_COMPLETED)) this.completed++;
    else if (n === 13 && sameText(b, s, RUN_ABANDONED)) this.abandoned++;
  }

  private countRun(type: string): void {
    if (type === RUN_STARTED) this.started++;
    else if (type === RUN_COMPLETED) this.completed++;
    else if (type === RUN_ABANDONED) this.abandoned++;
  }

  /** The counters at a seal: only the last seal of each file is kept (a seal inside a file is an error before it). */
  private snapshot(seq: number, file: string): void {
    if (this.pending && this.pending.file !== file) this.snapshots.push(this.pending);
    this.pending = { seq, file, back: this.back, lastBackFile: this.lastBackFile, future: this.future, started: this.started, completed: this.completed, abandoned: this.abandoned };
  }

  private at(to: number): Snapshot | null {
    if (this.pending) {
      this.snapshots.push(this.pending);
      this.pending = null;
    }
    let best: Snapshot | null = null;
    for (const s of this.snapshots) if (s.seq <= to && (!best || s.seq > best.seq)) best = s;
    return best;
  }

  /**
   * The problems of the new events up to `to` (the end of what was verified, at a seal), in the order the SQL checks
   * gave them (clock back by seq, the future, unknown standards by first use), and the runs counted up to there.
   * `relFile` names a segment file (absolute on the share) relative to the share.
   */
  finish(to: number, relFile: (file: string) => string): { problems: LedgerProblem[]; runs: { started: number; completed: number; abandoned: number } } {
    const snap = this.at(to);
    const station = this.station;
    const problems: LedgerProblem[] = [];
    const { clockBackwardsMs, clockFutureMs } = this.settings;
    const listed = this.backs.filter((b) => b.seq <= to);
    for (const b of listed) {
      const file = relFile(b.file);
      problems.push({
        station, file, line: b.line, seq: b.seq, code: 'CLOCK_BACKWARDS', severity: 'warning',
        expected: `a time after ${b.before} (the event before), or at most ${duration(clockBackwardsMs)} earlier`,
        found: b.at,
        message: `The station's clock went back by ${duration(b.backMs)} at line ${b.line} of ${base(file)} (from ${b.before} to ${b.at}). ` +
          'Someone set the clock back, or the computer\'s clock is failing: times (and on-time figures) around here may be wrong. Ask the supplier why.',
      });
    }
    const total = snap ? snap.back : listed.length;
    if (total > this.maxClock) {
      problems.push({
        station, file: relFile(snap?.lastBackFile ?? '').replace(/\/[^/]*$/, ''), line: 0, code: 'CLOCK_BACKWARDS', severity: 'warning', expected: 'time going forward', found: `${total} times back`,
        message: `The station's clock went back ${total} times (the first ${this.maxClock} are listed). Ask the supplier to check the station's clock.`,
      });
    }
    const n = snap ? snap.future : 0;
    const first = this.firstFuture;
    if (n > 0 && first) {
      const file = relFile(first.file);
      problems.push({
        station, file, line: first.line, seq: first.seq, code: 'CLOCK_FUTURE', severity: 'warning',
        expected: `times before ${new Date(this.settings.nowMs + clockFutureMs).toISOString()} (now plus ${duration(clockFutureMs)})`,
        found: `${first.at}${n > 1 ? ` and ${n - 1} more events` : ''}`,
        message: `${n} event${n === 1 ? ' is' : 's are'} dated in the future, from line ${first.line} of ${base(file)} (${first.at}): the station's clock is set wrong. ` +
          'Their times (and on-time figures) cannot be relied on. Ask the supplier to set the station\'s clock right.',
      });
    }
    for (const u of this.unknown.values()) {
      if (u.seq > to) continue;
      const file = relFile(u.file);
      problems.push({
        station, file, line: u.line, seq: u.seq, code: 'UNKNOWN_STANDARD', severity: 'error',
        expected: 'a standard published in the shared folder\'s standards folder, or imported before',
        found: `"${u.id}" version ${u.version} (content hash ${u.hash.slice(0, 12)}…)`,
        message: `From line ${u.line} of ${base(file)} on, events use standard "${u.id}" version ${u.version} (content hash ${u.hash.slice(0, 12)}…), ` +
          'which is neither in the shared folder (standards/) nor known from an earlier import, so they cannot be matched to a checklist and are not imported. ' +
          'Ask the supplier to publish that standard to the shared folder, then import again.',
      });
    }
    return { problems, runs: { started: snap?.started ?? 0, completed: snap?.completed ?? 0, abandoned: snap?.abandoned ?? 0 } };
  }
}
