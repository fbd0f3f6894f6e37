/**
 * Limits of the contract that the screens show or check before calling (pure, no zod: the renderer bundles
 * this file, and importing the contract's index would bundle every schema and zod with it).
 */

/** Sign listed runs, or every run of a filtered set: at most this many at a time. */
export const MAX_SIGN_RUNS = 2000;

/**
 * Spoken notes (issue 13): the longest a standard may allow (`spokenNoteMaxSeconds`), the length when it says nothing,
 * and the most bytes one recording may have when the station stores it (about 2.5 times what 120 s of Opus at the
 * 32 kbit/s the recorder asks for takes; the readers of the share cap attachments at MAX_ATTACHMENT_BYTES, in
 * core/files/share-read.ts).
 */
export const SPOKEN_NOTE_MAX_SECONDS_LIMIT = 120;
export const SPOKEN_NOTE_DEFAULT_MAX_SECONDS = 60;
export const MAX_SPOKEN_NOTE_BYTES = 700 * 1024;
/** The recording types a station stores (what MediaRecorder gives in Chromium, Electron and Firefox). */
export const SPOKEN_NOTE_TYPES = ['audio/webm;codecs=opus', 'audio/webm', 'audio/ogg;codecs=opus', 'audio/ogg', 'audio/mp4'] as const;
