import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { standardError, WHOLE_FILE, WHOLE_FOLDER, zodIssuesToErrors, type StandardFileError } from './errors';
import { jsonSyntaxError } from './json-syntax';
import { standardHash } from './hash';
import { parseRetiredMarker, RETIRED_DIR, type RetiredMarker } from './retired';
import { StandardDocument, type StandardRef } from './schema';

/** A validated standard, with where it came from. */
export type LoadedStandard = {
  doc: StandardDocument;
  /** SHA-256 of the canonical content (see hash.ts). */
  hash: string;
  ref: StandardRef;
  /** The file it was read from, as the caller named it. */
  file: string;
  /** The folder of the file: media paths in the standard are relative to it. */
  dir: string;
  /** Set when a marker in `<dir>/retired/` withdraws exactly this version: no new runs start on it (see retired.ts). */
  retired?: RetiredMarker;
};

export type ParseResult = { ok: true; standard: LoadedStandard } | { ok: false; errors: StandardFileError[] };

/** 1 MiB: a standard is a short text; anything larger is the wrong file. */
export const DEFAULT_MAX_STANDARD_BYTES = 1024 * 1024;

const SAVE_AS_UTF8 = 'Save the file again as "UTF-8" (in Notepad: Save as → Encoding → UTF-8)';

/** Index of the first byte that is not valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte → number of continuation bytes and the smallest code point that may use that many.
    const [n, min] = b >= 0xc2 && b <= 0xdf ? [1, 0x80] : b >= 0xe0 && b <= 0xef ? [2, 0x800] : b >= 0xf0 && b <= 0xf4 ? [3, 0x10000] : [0, 0];
    if (n === 0) return i;
    let cp = b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function countLines(bytes: Uint8Array, end: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < end; i++) {
    if (bytes[i] === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: end - start + 1 };
}

/**
 * Parse and validate one standard file. A UTF-8 BOM is removed; CRLF line endings are fine.
 * Never throws: every problem comes back as an error naming the file.
 */
export function parseStandardFile(file: string, bytes: Buffer | Uint8Array): ParseResult {
  let body = bytes;
  if (body.length >= 2 && ((body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff))) {
    return {
      ok: false,
      errors: [standardError('BAD_JSON', file, WHOLE_FILE, 'text saved as UTF-8', 'text saved as UTF-16 ("Unicode")', 'the file is saved as UTF-16 ("Unicode"), not as UTF-8', SAVE_AS_UTF8)],
    };
  }
  if (body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const { line, column } = countLines(body, bad);
    return {
      ok: false,
      errors: [
        standardError(
          'BAD_JSON',
          file,
          WHOLE_FILE,
          'text saved as UTF-8',
          `byte 0x${(body[bad] ?? 0).toString(16).padStart(2, '0')} at line ${line}, column ${column}`,
          `the file is not UTF-8 text: line ${line}, column ${column} has a character in another encoding`,
          SAVE_AS_UTF8,
        ),
      ],
    };
  }
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (text.includes('\u0000')) {
    return {
      ok: false,
      errors: [standardError('BAD_JSON', file, WHOLE_FILE, 'a text file', 'binary data (zero bytes)', 'the file is not a text file', 'Check that this is the right file; a standard is a JSON text file')],
    };
  }

  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [jsonSyntaxError(file, text, e)] };
  }

  const parsed = StandardDocument.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: zodIssuesToErrors(file, parsed.error.issues, raw, StandardDocument) };

  const doc = parsed.data;
  const hash = standardHash(doc);
  return { ok: true, standard: { doc, hash, ref: { id: doc.id, version: doc.version, hash }, file, dir: path.dirname(file) } };
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function errnoOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : undefined;
}

function unreadableFile(file: string, e: unknown): StandardFileError {
  const code = errnoOf(e);
  if (code === 'EACCES' || code === 'EPERM') {
    return standardError('UNREADABLE', file, WHOLE_FILE, 'a file this station may read', 'no permission to read it', 'the file cannot be read: this station has no permission', 'Ask the person who manages the computer to allow reading it');
  }
  if (code === 'EBUSY') {
    return standardError('UNREADABLE', file, WHOLE_FILE, 'a file that is not in use', 'the file is locked by another program', 'the file cannot be read: another program is using it', 'Close the other program; the file is read again at the next start or refresh');
  }
  return standardError('UNREADABLE', file, WHOLE_FILE, 'a readable file', code ?? (e instanceof Error ? e.message : String(e)), `the file cannot be read (${code ?? 'unknown error'})`, 'Check the file and the disk or network share, then try again');
}

/** Is this directory entry name a candidate standard file? Hidden files, temporary files and editor lock files are not. */
export function isStandardFileName(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~')) return false;
  const lower = name.toLowerCase();
  return lower.endsWith('.json') && !lower.endsWith('.tmp.json') && !lower.includes('.tmp.');
}

/** Read at most `limit + 1` bytes, so a file that grew after stat() is still refused without reading all of it. */
export async function readCapped(file: string, limit: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(limit + 1);
    let total = 0;
    while (total < buf.length) {
      const { bytesRead } = await fh.read(buf, total, buf.length - total, total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return buf.subarray(0, total);
  } finally {
    await fh.close();
  }
}

function tooLarge(file: string, size: number, maxBytes: number): StandardFileError {
  return standardError(
    'TOO_LARGE',
    file,
    WHOLE_FILE,
    `at most ${formatSize(maxBytes)}`,
    `${formatSize(size)} (${size} bytes)`,
    `the file is ${formatSize(size)}, but a standard may be at most ${formatSize(maxBytes)}, so it was not read`,
    'Check that this is the right file: a standard is a short text file. Move other files out of the standards folder',
  );
}

/**
 * Load every `*.json` standard in a folder (not its subfolders, so `pictures/` is ignored).
 * Sizes are checked before reading; one bad file never stops the others.
 */
export async function loadStandardsFromDir(
  dir: string,
  opts: {
    maxBytes?: number;
    /**
     * Reads a file of at most `maxBytes` (more: it throws). Given for a shared folder: the share reader
     * (../files/share-read.ts: no links, only regular files, never blocking), which then alone decides what is read.
     */
    read?: (file: string, maxBytes: number) => Promise<Buffer>;
  } = {},
): Promise<{ standards: LoadedStandard[]; errors: StandardFileError[]; retired: RetiredMarker[] }> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_STANDARD_BYTES;
  const read = opts.read;
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((d) => (d.isFile() || d.isSymbolicLink()) && isStandardFileName(d.name))
      .map((d) => d.name)
      .sort();
  } catch (e) {
    const code = errnoOf(e);
    const [found, problem, advice] =
      code === 'ENOENT'
        ? ['no such folder', 'the standards folder does not exist', 'Create the folder, or correct the folder path in the settings']
        : code === 'ENOTDIR'
          ? ['a file, not a folder', 'this is a file, not a folder', 'Correct the folder path in the settings']
          : code === 'EACCES' || code === 'EPERM'
            ? ['no permission to read it', 'the standards folder cannot be read: this station has no permission', 'Ask the person who manages the computer to allow reading it']
            : [code ?? 'an error', `the standards folder cannot be read (${code ?? 'unknown error'})`, 'Check the folder, the disk or the network share, then try again'];
    return { standards: [], errors: [standardError('UNREADABLE', dir, WHOLE_FOLDER, 'a folder of standard files (*.json)', found, problem, advice)], retired: [] };
  }

  const results = await Promise.all(
    names.map(async (name): Promise<ParseResult | null> => {
      const file = path.join(dir, name);
      try {
        if (read) return parseStandardFile(file, await read(file, maxBytes));
        const st = await stat(file);
        if (!st.isFile()) return null;
        if (st.size > maxBytes) return { ok: false, errors: [tooLarge(file, st.size, maxBytes)] };
        const bytes = await readCapped(file, maxBytes);
        if (bytes.length > maxBytes) return { ok: false, errors: [tooLarge(file, Math.max(bytes.length, st.size), maxBytes)] };
        return parseStandardFile(file, bytes);
      } catch (e) {
        // Gone between listing and reading (a sync client's temporary file): not a standard.
        if (errnoOf(e) === 'ENOENT' || errnoOf(e) === 'MISSING') return null;
        return { ok: false, errors: [unreadableFile(file, e)] };
      }
    }),
  );

  const standards: LoadedStandard[] = [];
  const errors: StandardFileError[] = [];
  for (const r of results) {
    if (r === null) continue;
    if (r.ok) standards.push(r.standard);
    else errors.push(...r.errors);
  }
  const retired = await readRetiredMarkers(dir, errors, read);
  for (const s of standards) {
    const marker = retired.find((m) => m.id === s.ref.id && m.version === s.ref.version && m.hash === s.hash);
    if (marker) s.retired = marker;
  }
  return { standards, errors, retired };
}

/**
 * The retirement markers in `<dir>/retired/` (create-only files, see retired.ts). A marker that is not valid is
 * reported and ignored; a missing folder means nothing is retired.
 */
async function readRetiredMarkers(dir: string, errors: StandardFileError[], read?: (file: string, maxBytes: number) => Promise<Buffer>): Promise<RetiredMarker[]> {
  const rdir = path.join(dir, RETIRED_DIR);
  let names: string[];
  try {
    names = (await readdir(rdir)).filter(isStandardFileName).sort();
  } catch {
    return [];
  }
  const out: RetiredMarker[] = [];
  for (const name of names) {
    const file = path.join(rdir, name);
    try {
      const bytes = read ? await read(file, 64 * 1024) : await readCapped(file, 64 * 1024);
      const marker = bytes.length > 64 * 1024 ? null : parseRetiredMarker(bytes);
      if (marker) out.push(marker);
      else {
        errors.push(
          standardError('INVALID', file, WHOLE_FILE, 'a retirement note written by Steadywork', 'something else', 'this is not a retirement note, so it was ignored', 'Remove the file from the "retired" folder; retire a version from the supervisor screen'),
        );
      }
    } catch (e) {
      if (errnoOf(e) !== 'ENOENT' && errnoOf(e) !== 'MISSING' && errnoOf(e) !== 'EISDIR') errors.push(unreadableFile(file, e));
    }
  }
  return out;
}

/** Every media path a standard refers to, with its JSON path. */
export function mediaReferences(doc: StandardDocument): { field: string; path: string }[] {
  const out: { field: string; path: string }[] = [];
  doc.steps.forEach((s, i) => {
    if (s.media?.picture) out.push({ field: `steps[${i}].media.picture`, path: s.media.picture });
    if (s.media?.audio?.en) out.push({ field: `steps[${i}].media.audio.en`, path: s.media.audio.en });
    if (s.media?.audio?.hi) out.push({ field: `steps[${i}].media.audio.hi`, path: s.media.audio.hi });
  });
  return out;
}

/** Resolve a media path of a standard to a file inside its folder, or null if it would leave the folder. */
export function resolveMediaPath(standard: Pick<LoadedStandard, 'dir'>, mediaPath: string): string | null {
  const base = path.resolve(standard.dir);
  const full = path.resolve(base, mediaPath);
  return full === base || !full.startsWith(base + path.sep) ? null : full;
}

/**
 * Check that the pictures and sounds a standard names exist. A missing picture does not make the
 * standard unusable (the step text is still shown), so this is a separate check for editors and tests.
 */
export async function checkMediaFiles(standard: LoadedStandard): Promise<StandardFileError[]> {
  const errors: StandardFileError[] = [];
  for (const ref of mediaReferences(standard.doc)) {
    const full = resolveMediaPath(standard, ref.path);
    let ok = false;
    if (full !== null) {
      try {
        ok = (await stat(full)).isFile();
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      errors.push(
        standardError(
          'UNREADABLE',
          standard.file,
          ref.field,
          `a file at ${ref.path} next to the standard`,
          full === null ? 'a path outside the standards folder' : 'no such file',
          `the file "${ref.path}" does not exist`,
          `Put the file in ${path.join(standard.dir, ref.path)} or correct the path, then save the file again`,
        ),
      );
    }
  }
  return errors;
}
