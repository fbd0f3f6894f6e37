/** Errors of the journal. Each carries a stable `code` so services can map it to a user message. */

const DAMAGE_ADVICE =
  'Nothing was changed or repaired: this is not a torn last write. Do not edit, move or delete any journal file. ' +
  'Stop recording on this station, copy the whole journal folder for investigation and call a supervisor; ' +
  'verifyJournalDir (or the steadywork CLI "verify") lists every problem, and the sealed segments already published to the shared folder remain the reference.';

/** Damage that is not a torn last line: an alarm, never repaired automatically. */
export class JournalDamagedError extends Error {
  readonly code = 'JOURNAL_DAMAGED';
  constructor(
    /** Full path of the damaged file. */
    readonly file: string,
    /** 1-based line number in that file (0 when the problem is about the file as a whole). */
    readonly line: number,
    readonly expected: string,
    readonly found: string,
    what: string,
  ) {
    super(`Journal damaged: ${file}${line > 0 ? ` line ${line}` : ''}: ${what} Expected ${expected}; found ${found}. ${DAMAGE_ADVICE}`);
    this.name = 'JournalDamagedError';
  }
}

/** A write or flush failed: the record was NOT recorded (the journal's head did not move). */
export class JournalWriteError extends Error {
  readonly code = 'JOURNAL_WRITE_FAILED';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalWriteError';
  }
}

/** The event given to append() is not acceptable; nothing was written. */
export class JournalInputError extends Error {
  readonly code = 'JOURNAL_BAD_INPUT';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalInputError';
  }
}

/** The journal was closed (or never opened for this station / key). */
export class JournalStateError extends Error {
  constructor(readonly code: 'JOURNAL_CLOSED' | 'JOURNAL_BROKEN' | 'JOURNAL_IDENTITY', message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'JournalStateError';
  }
}
