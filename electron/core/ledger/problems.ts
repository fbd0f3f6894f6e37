/**
 * Problems found in a shared folder, in words a procurement officer can act on. Every problem names the station,
 * the file (relative to the share, with "/"), the line (1-based; 0 = the whole file), what was expected and what
 * was found. Errors stop the import of that station at the last seal before them; warnings are reported only.
 */
export type ProblemSeverity = 'error' | 'warning';

export type LedgerProblemCode =
  // from the journal verifier (docs/journal.md §9)
  | 'BAD_JSON' | 'BAD_RECORD' | 'CHAIN_BROKEN' | 'SEQ_GAP' | 'STATION_MISMATCH' | 'BAD_SIGNATURE' | 'MISPLACED_SEAL'
  | 'UNSEALED_END' | 'EMPTY_SEGMENT' | 'TORN_TAIL' | 'SEGMENT_NAME' | 'IDENTITY' | 'CHECKPOINT' | 'UNREADABLE'
  | 'LINE_TOO_LONG' // a line longer than the journal ever writes (MAX_LINE_BYTES): the rest of its file is not read
  // hostile files on the share (../files/share-read.ts): refused, never read
  | 'LINK' // a symbolic link where a file or folder is expected (wherever it points, inside or outside the share)
  | 'NOT_A_FILE' // a FIFO, socket, device or folder where a file is expected
  | 'TOO_LARGE' // a file larger than its cap (station.json 64 KiB, a standard 1 MiB, a segment 1 GiB)
  | 'NOT_ANSWERING' // the share did not answer within the deadline while this station was read
  // the shared folder and the ledger
  | 'IDENTITY_MISSING' // station.json missing or unreadable
  | 'IDENTITY_MISMATCH' // station.json names another station than its folder
  | 'IDENTITY_INVALID' // station.json's key is not an Ed25519 key, or its keyId does not match
  | 'KEY_CHANGED' // station.json names another key than the one remembered at the last import
  | 'FORK' // two different contents for the same place (a conflict copy, overlapping segments)
  | 'COPY_ONLY' // a segment exists only as a sync client's copy
  | 'OVERLAP' // two segments claim the same lines (with the same content)
  | 'HISTORY_SHRANK' // fewer events than were already imported
  | 'HISTORY_REWRITTEN' // the events already imported are no longer the ones on the share
  | 'UNKNOWN_STANDARD' // an event refers to a standard (content hash) that is neither on the share nor in the ledger
  | 'STANDARD_INVALID' // a file in <share>/standards is not a valid standard
  | 'STANDARD_CONFLICT' // a published version of a standard changed
  | 'CLOCK_BACKWARDS' // the station's time went back by more than the tolerance
  | 'CLOCK_FUTURE' // an event is dated more than the tolerance after the import
  | 'HEAD_NOT_ARRIVED' // station.json says more was published than the folder holds
  | 'PARTIAL_COPY' // a sync client's incomplete copy of a segment (a prefix of it): ignored
  | 'CHANGED_DURING_IMPORT' // a file changed between verification and import
  | 'OTHER_SUPPLIER' // the ledger holds this station under another supplier
  | 'NAME_CLAIMED' // a station calls itself by the name of an enrolled station (enrolment.ts)
  | 'ATTACHMENT_MISSING' // an event names an attachment (a spoken note) that is not in the station's attachments folder
  | 'ATTACHMENT_TAMPERED'; // an attachment's bytes do not hash to the name and hash its event gives (changed after the station wrote it)

export interface LedgerProblem {
  /** Station id (its folder name); '' for problems of the share itself (standards). */
  station: string;
  /** File relative to the share, with "/"; '' when the problem is about no file. */
  file: string;
  /** 1-based line in that file; 0 when the problem is about the whole file (or station). */
  line: number;
  code: LedgerProblemCode;
  severity: ProblemSeverity;
  expected: string;
  found: string;
  /** What it means and what to do, in plain words. */
  message: string;
  /** The journal position (seq) the problem is at, when known. */
  seq?: number;
}

const ASK_ORIGINAL = 'Do not edit anything on the shared folder; ask the supplier to check this station and to send the original files from the station\'s own journal folder.';

/** Plain-words explanation of a problem reported by the journal verifier, for a line of a segment file. */
export function verifierMessage(code: string, fileName: string, line: number, technical: string): string {
  const at = line > 0 ? `Line ${line} of ${fileName}` : fileName;
  switch (code) {
    case 'BAD_JSON':
      return `${at} is not a readable event (not valid JSON): the file was changed or damaged after the station wrote it. ${ASK_ORIGINAL}`;
    case 'BAD_RECORD':
      return `${at} is not a valid event (${technical}): the file was changed after the station wrote it. ${ASK_ORIGINAL}`;
    case 'CHAIN_BROKEN':
      return `${at} does not follow from the line before it (the hash chain is broken): this line or the one before it was changed, or lines were removed or inserted. ${ASK_ORIGINAL}`;
    case 'SEQ_GAP':
      return `${at}: the events are not complete or not in order (${technical}) — lines or a whole segment file were removed, repeated or reordered. ${ASK_ORIGINAL}`;
    case 'STATION_MISMATCH':
      return `${at} belongs to another station: a file was moved or copied between station folders. ${ASK_ORIGINAL}`;
    case 'BAD_SIGNATURE':
      return `The seal at ${at.charAt(0).toLowerCase()}${at.slice(1)} is not a valid signature of this station's key (${technical}): the sealed events were changed, or the seal was forged. ${ASK_ORIGINAL}`;
    case 'MISPLACED_SEAL':
      return `${at}: a seal is followed by more lines in the same file — lines were added after the station closed it. ${ASK_ORIGINAL}`;
    case 'UNSEALED_END':
      return `${at}: the file does not end with a seal — lines were removed at its end, or it was cut short. ${ASK_ORIGINAL}`;
    case 'EMPTY_SEGMENT':
      return `${at} is empty: its events are missing. ${ASK_ORIGINAL}`;
    case 'TORN_TAIL':
      return `${at} ends in the middle of a line: the file was cut short (an interrupted copy?). If a sync is still running, import again later; otherwise ${ASK_ORIGINAL.charAt(0).toLowerCase()}${ASK_ORIGINAL.slice(1)}`;
    case 'SEGMENT_NAME':
      return `${at}: the file's name does not match the events in it (${technical}) — a file was renamed or copied under another name. ${ASK_ORIGINAL}`;
    case 'LINE_TOO_LONG':
      return `${at} is longer than any event the station writes (${technical}): it was not read to its end, nor the rest of the file. ${ASK_ORIGINAL}`;
    case 'UNREADABLE':
      return `${at} cannot be read (${technical}). Check the shared folder and the permissions, then import again.`;
    default:
      return `${at}: ${technical} ${ASK_ORIGINAL}`;
  }
}

export { ASK_ORIGINAL };

/** A file of the share refused by the share reader (a link, not a regular file, too large, not answering), as a problem. */
export function shareReadProblem(
  err: { code: string; found: string },
  file: string,
  expected: string,
  consequence: string,
): Omit<LedgerProblem, 'station'> {
  const code: LedgerProblemCode = err.code === 'LINK' || err.code === 'NOT_A_FILE' || err.code === 'TOO_LARGE' || err.code === 'NOT_ANSWERING' ? err.code : 'UNREADABLE';
  const name = file.slice(file.lastIndexOf('/') + 1) || file;
  const what = code === 'LINK'
    ? `${name} is a symbolic link, not a file: links on the shared folder are never followed (they can point to another station's files or anywhere on this computer)`
    : code === 'NOT_A_FILE'
      ? `${name} is ${err.found}, not a regular file: it was not read (reading it could wait forever or never end)`
      : code === 'TOO_LARGE'
        ? `${name} is too large (${err.found}): it was not read`
        : code === 'NOT_ANSWERING'
          ? `The shared folder did not answer while ${name} was read (${err.found})`
          : `${name} cannot be read (${err.found})`;
  const todo = code === 'NOT_ANSWERING'
    ? 'Check the network connection to the shared folder, then import again.'
    : 'Someone put this on the shared folder in place of what the station publishes: ask the supplier to remove it and to publish again from the station.';
  return { file, line: 0, code, severity: 'error', expected, found: err.found, message: `${what}; ${consequence}. ${todo}` };
}
