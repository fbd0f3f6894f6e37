import { F, scannedFields } from '../journal/line-scanner';
import type { JournalRecord } from '../journal/record';

/**
 * Which `at` texts the DuckDB ledger need not store (schema version 2, db.ts event_rows.at_text_kept): those it
 * rebuilds exactly from the instant and its UTC offset (db.ts journalAtText). Decided here, in the station check,
 * from the bytes as they are verified, so that the import's INSERT does not rebuild every text to compare it.
 */

const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22, 24, 25, 27, 28];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether b[s, e) is the text the journal writes for an instant (clock.ts isoWithOffset):
 * YYYY-MM-DDTHH:MM:SS.mmm±HH:MM, a real date of a year from 1000 and a real time (no leap second), an offset of at
 * most ±15:59 that is not -00:00. Anything else (Z, no seconds or milliseconds, other digits) is kept as written.
 */
export function isJournalAtText(b: Uint8Array, s: number, e: number): boolean {
  if (e - s !== 29) return false;
  if (b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 10] !== 84 || b[s + 13] !== 58 || b[s + 16] !== 58 || b[s + 19] !== 46 || b[s + 26] !== 58) return false;
  const sign = b[s + 23];
  if (sign !== 43 && sign !== 45) return false;
  for (let i = 0; i < DIGIT_AT.length; i++) {
    const c = b[s + (DIGIT_AT[i] as number)] as number;
    if (c < 48 || c > 57) return false;
  }
  const d = (k: number) => (b[s + k] as number) - 48;
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const month = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0)) return false;
  if (d(11) * 10 + d(12) > 23 || d(14) * 10 + d(15) > 59 || d(17) * 10 + d(18) > 59) return false;
  const offHours = d(24) * 10 + d(25);
  const offMinutes = d(27) * 10 + d(28);
  if (offHours > 15 || offMinutes > 59) return false;
  return !(sign === 45 && offHours === 0 && offMinutes === 0);
}

/** isJournalAtText of a string (a record parsed the slow way): only ASCII can be the journal's own text. */
export function isJournalAtString(text: string): boolean {
  if (text.length !== 29) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) return false;
  return isJournalAtText(Buffer.from(text, 'latin1'), 0, text.length);
}

/**
 * Counts, per segment file, the verified lines whose `at` is the journal's own text (the verifier's onRecord, every
 * verified line once). A file whose every line counts is imported without comparing its texts (import.ts).
 */
export class JournalAtTexts {
  private readonly own = new Map<string, number>();
  /** Files with a verified line whose `at` is not the journal's own text (never flagged, whatever the counts). */
  private readonly other = new Set<string>();
  // The file being verified and its count so far (lines come file after file: no map lookup per line).
  private file: string | null = null;
  private count = 0;

  readonly onRecord = (bytes: Buffer, _seq: number, file: string, _line: number, record: JournalRecord | null): void => {
    const ok = record === null
      ? isJournalAtText(bytes, scannedFields[F.AT] as number, scannedFields[F.AT_END] as number)
      : typeof record.at === 'string' && isJournalAtString(record.at);
    if (file !== this.file) {
      this.settle();
      this.file = file;
      this.count = this.own.get(file) ?? 0;
    }
    if (ok) this.count++;
    else this.other.add(file);
  };

  private settle(): void {
    if (this.file !== null) this.own.set(this.file, this.count);
  }

  /**
   * Whether all `lines` lines of `file` (a file holding that many lines, every one verified) have the journal's own
   * text: as many own texts as lines, and no other text among the lines the verifier handed over.
   */
  allOwn(file: string, lines: number): boolean {
    this.settle();
    return lines > 0 && !this.other.has(file) && this.own.get(file) === lines;
  }
}
