import { closeSync, openSync, writeSync } from 'node:fs';
import { F, scannedFields } from '../journal/line-scanner';
import { giveBackBuffer, takeBuffer } from '../files/spare-buffers';
import type { JournalRecord } from '../journal/record';

/**
 * The PostgreSQL ledger's rows of a station's events, made by the station check (station-check.ts, in a worker
 * thread) from the very bytes it verifies (the verifier's onRecord), in COPY's text format, into a private file of
 * the import: the PostgreSQL import (ledger-pg/import.ts) streams that file into `COPY events FROM STDIN` without
 * reading or parsing the events a second time. The columns are ledger-pg/rows.ts COPY_COLUMNS.
 *
 * A line that took the verifier's hot path is converted from its fields' offsets (line-scanner.ts scannedFields):
 * the journal writes no whitespace and a JSON string without a backslash holds no tab, newline, carriage return or
 * backslash, so its bytes are COPY text as they are. Any other line (a seal, escapes, another field order) is
 * converted from its parsed record (copyText).
 */

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format (\N for null). */
export function copyText(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c] as string) : s;
}
/** A JSON value in COPY's text format (a JSON null is SQL NULL, as in the DuckDB ledger). */
const copyJson = (v: unknown) => (v === undefined || v === null ? '\\N' : copyText(JSON.stringify(v)));

const TAB = 9;
const NULL_TEXT = Buffer.from('\\N');
const JSON_NULL = Buffer.from('null');
/** Room kept free in the buffer for the fixed parts of a row (supplier, station, file, numbers) beyond the line itself. */
const OUT_CHUNK = 1 << 20;

/** Where a station's rows end in the file, per segment: the seq of the segment's last row and the bytes written through it. */
export interface CopyRowsEnd {
  seq: number;
  offset: number;
}

/** What the station check hands the import: the rows file, where each segment's rows end, the UTC months they fall in. */
export interface CopyRowsResult {
  file: string;
  /** Rows are written for seq > from. */
  from: number;
  ends: CopyRowsEnd[];
  /** The UTC months (YYYY-MM) of the rows' times: their partitions are made before the COPY. */
  months: string[];
}

export class CopyRowsWriter {
  private readonly fd: number;
  private out = takeBuffer(OUT_CHUNK * 4);
  private pos = 0;
  private written = 0;
  private readonly ends: CopyRowsEnd[] = [];
  private lastFile: string | null = null;
  private lastSeq = 0;
  private readonly months = new Set<string>();
  private lastMonth = -1;
  private readonly head: Buffer;
  private readonly tail: Buffer;
  private fileText = Buffer.alloc(0);

  /** `file` is created (never replaced: 'wx', 0600) in the check's private folder. */
  constructor(private readonly file: string, supplier: string, private readonly station: string, importId: number, private readonly from: number) {
    this.fd = openSync(file, 'wx', 0o600);
    this.head = Buffer.from(`${copyText(supplier)}\t${copyText(station)}\t`, 'utf8');
    this.tail = Buffer.from(`\t${importId}\n`, 'latin1');
  }

  /** The verifier's onRecord: one row per record after `from`. */
  onRecord(bytes: Buffer, seq: number, file: string, line: number, record: JournalRecord | null): void {
    if (seq <= this.from) return;
    if (file !== this.lastFile) {
      if (this.lastFile !== null) this.ends.push({ seq: this.lastSeq, offset: this.written + this.pos });
      this.lastFile = file;
      this.fileText = Buffer.from(copyText(`stations/${this.station}/segments/${file.slice(file.lastIndexOf('/') + 1)}`), 'utf8');
    }
    this.room(bytes.length + this.head.length + this.fileText.length + 128);
    if (record === null && scannedFields[F.ESCAPES] === 0) this.fromScan(bytes, seq, line);
    else this.fromRecord(record ?? (JSON.parse(bytes.toString('utf8')) as JournalRecord), line);
    this.lastSeq = seq;
  }

  /** Flushes and closes the file; where each segment's rows end, and their months. */
  close(): CopyRowsResult {
    try {
      if (this.lastFile !== null) this.ends.push({ seq: this.lastSeq, offset: this.written + this.pos });
      this.flush();
    } finally {
      closeSync(this.fd);
      // Only a buffer of the usual size is kept (one grown for a long line would stay in the spare list for nothing).
      if (this.out.length === OUT_CHUNK * 4) giveBackBuffer(this.out);
    }
    return { file: this.file, from: this.from, ends: this.ends, months: [...this.months].sort() };
  }

  private flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.out, off, this.pos - off);
    this.written += this.pos;
    this.pos = 0;
  }

  private room(n: number): void {
    if (this.pos + n <= this.out.length) return;
    this.flush();
    if (n > this.out.length) this.out = Buffer.allocUnsafe(n);
  }

  private put(src: Buffer, s: number, e: number): void {
    const out = this.out;
    let p = this.pos;
    if (e - s > 48) {
      src.copy(out, p, s, e);
      this.pos = p + (e - s);
      return;
    }
    for (let i = s; i < e; i++) out[p++] = src[i] as number;
    this.pos = p;
  }

  private byte(c: number): void {
    this.out[this.pos++] = c;
  }

  private num(n: number): void {
    this.pos += this.out.write(String(n), this.pos, 'latin1');
  }

  /** A field given by its offsets (null when absent; `quoted`: a JSON string, written without its quotes). */
  private field(b: Buffer, start: number, end: number, quoted: boolean): void {
    if (start < 0) this.put(NULL_TEXT, 0, 2);
    else if (quoted) this.put(b, start + 1, end - 1);
    else this.put(b, start, end);
  }

  private fromScan(b: Buffer, seq: number, line: number): void {
    const f = scannedFields;
    this.put(this.head, 0, this.head.length);
    this.num(seq);
    this.byte(TAB);
    this.put(b, f[F.ID] as number, (f[F.ID] as number) + 36);
    this.byte(TAB);
    const at = f[F.AT] as number;
    const atEnd = f[F.AT_END] as number;
    this.put(b, at, atEnd);
    this.byte(TAB);
    this.put(b, at, atEnd);
    this.byte(TAB);
    this.month(b, at, atEnd);
    this.field(b, f[F.ACTOR] as number, f[F.ACTOR_END] as number, true);
    this.byte(TAB);
    this.put(b, f[F.TYPE] as number, f[F.TYPE_END] as number);
    this.byte(TAB);
    const run = f[F.RUN] as number;
    this.field(b, run, run + 36, false);
    this.byte(TAB);
    const std = f[F.STD_ID] as number;
    if (std < 0) {
      this.put(NULL_TEXT, 0, 2);
      this.byte(TAB);
      this.put(NULL_TEXT, 0, 2);
      this.byte(TAB);
      this.put(NULL_TEXT, 0, 2);
    } else {
      this.put(b, std, f[F.STD_ID_END] as number);
      this.byte(TAB);
      this.put(b, f[F.STD_VERSION] as number, f[F.STD_VERSION_END] as number);
      this.byte(TAB);
      this.put(b, f[F.STD_HASH] as number, (f[F.STD_HASH] as number) + 64);
    }
    this.byte(TAB);
    this.field(b, f[F.STEP] as number, f[F.STEP_END] as number, true);
    this.byte(TAB);
    this.jsonField(b, f[F.VALUE] as number, f[F.VALUE_END] as number);
    this.byte(TAB);
    this.field(b, f[F.REASON] as number, f[F.REASON_END] as number, true);
    this.byte(TAB);
    const sup = f[F.SUPERSEDES] as number;
    this.field(b, sup, sup + 36, false);
    this.byte(TAB);
    this.jsonField(b, f[F.DATA] as number, f[F.DATA_END] as number);
    this.byte(TAB);
    this.put(this.fileText, 0, this.fileText.length);
    this.byte(TAB);
    this.num(line);
    this.put(this.tail, 0, this.tail.length);
  }

  private jsonField(b: Buffer, start: number, end: number): void {
    if (start < 0 || (end - start === 4 && b.compare(JSON_NULL, 0, 4, start, end) === 0)) this.put(NULL_TEXT, 0, 2);
    else this.put(b, start, end);
  }

  private fromRecord(e: JournalRecord, line: number): void {
    const r = e as JournalRecord & { run?: string | null; standard?: { id?: string; version?: number; hash?: string } | null; step?: string | null;
      value?: unknown; reason?: string | null; supersedes?: string | null; data?: unknown };
    const std = r.standard ?? null;
    const row = `${[r.seq, copyText(r.id), copyText(r.at), copyText(r.at), copyText(r.actor), copyText(r.type), copyText(r.run), copyText(std?.id),
      copyText(std?.version), copyText(std?.hash), copyText(r.step), copyJson(r.value), copyText(r.reason), copyText(r.supersedes), copyJson(r.data)].join('\t')}\t`;
    const text = Buffer.from(row, 'utf8');
    this.room(text.length + this.head.length + this.fileText.length + 64);
    this.put(this.head, 0, this.head.length);
    this.put(text, 0, text.length);
    this.put(this.fileText, 0, this.fileText.length);
    this.byte(TAB);
    this.num(line);
    this.put(this.tail, 0, this.tail.length);
    const at = Buffer.from(String(r.at), 'latin1');
    this.month(at, 0, at.length);
  }

  /**
   * The UTC month of a time as the journal writes it (YYYY-MM-DDTHH:MM[:SS[.f]] then Z or ±HH:MM): its own month
   * unless an offset moves it across a month's end (only possible on the first or the last days of a month).
   */
  private month(b: Buffer, start: number, end: number): void {
    const d = (i: number) => (b[start + i] as number) - 48;
    const y = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const m = d(5) * 10 + d(6);
    const day = d(8) * 10 + d(9);
    let key = y * 12 + (m - 1);
    if (b[end - 1] !== 90 /* Z */ && (day <= 1 || day >= 28)) {
      const ms = Date.parse(b.toString('latin1', start, end));
      if (Number.isFinite(ms)) {
        const t = new Date(ms);
        key = t.getUTCFullYear() * 12 + t.getUTCMonth();
      }
    }
    if (key === this.lastMonth) return;
    this.lastMonth = key;
    this.months.add(`${String(Math.floor(key / 12)).padStart(4, '0')}-${String((key % 12) + 1).padStart(2, '0')}`);
  }
}
