import { open, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { JournalRecord } from './record';
import { genesisHash } from './record-layout';
import { keyIdOf } from './keys';
import { scanExpectedLine, stationBytes } from './line-scanner';
import type { SegmentReader, SegmentSource, VerifyOptions, VerifyProblem, VerifyProblemCode, VerifyReport } from './verify-report';
import { MAX_LINE_BYTES } from './options';
import { giveBackBuffer, takeBuffer } from '../files/spare-buffers';
import { checkRecordShape, checkSeal, CHECKPOINT_FILE, CHECKPOINTS_DIR, hashBytes, parseSegmentCheckpointName, parseSegmentName, SEAL_TYPE, SEGMENTS_DIR, STATION_FILE } from './format';

/**
 * Streaming verifier of journal segments: usable on a station's own journal folder, or on segment files copied to a
 * shared folder (1M+ lines). Reads big chunks, splits on "\n" bytes, hashes exact bytes, checks fields by hand.
 * docs/journal.md lists what it checks.
 *
 * Hot path: a line that is exactly what the journal writes and exactly what comes next in the chain (see
 * `scanExpectedLine`) is accepted after one pass over its bytes, without JSON.parse; every other line (a seal, a
 * problem of any kind, anything unusual) takes the full check, which alone decides what is reported.
 */

export type { SegmentReader, SegmentSource, VerifyOptions, VerifyProblem, VerifyProblemCode, VerifyReport } from './verify-report';
/** The hot path, exported here for its property test. */
export { scanExpectedLine } from './line-scanner';

const HEX64 = /^[0-9a-f]{64}$/;

const DEFAULT_CHUNK = 4 * 1024 * 1024;
/** The type remembered for a line that took the hot path: only "is it a seal" is ever asked of it, and it is not. */
const NOT_A_SEAL = '(an event)';

/** The default source: the file opened by its path. */
async function pathSource(file: string): Promise<SegmentReader> {
  const fh = await open(file, 'r');
  let pos = 0;
  return {
    read: async (buf) => {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      pos += bytesRead;
      return bytesRead;
    },
    close: () => fh.close(),
  };
}

/**
 * Read a file in chunks (into `chunk`, reused) and call `onLine` for every line ended by "\n" with the bytes
 * `buf[start, end)` (valid only during the call), then `onTorn` for a last piece without "\n". Line numbers are 1-based.
 * A line longer than `maxLine` is not read further: `onTooLong` is told and the rest of the file is left unread.
 */
async function forEachLine(
  file: string,
  source: SegmentSource,
  chunk: Buffer,
  maxLine: number,
  onLine: (buf: Buffer, start: number, end: number, lineNo: number) => void,
  onTorn: (bytes: Buffer, lineNo: number) => void,
  onTooLong: (lineNo: number, bytesSoFar: number) => void,
): Promise<void> {
  const reader = await source(file);
  try {
    let lineNo = 0;
    // An unfinished line from earlier chunks, in pieces (copied: the chunk is reused), joined once when it ends.
    let carry: Buffer[] = [];
    let carryLen = 0;
    for (;;) {
      const bytesRead = await reader.read(chunk);
      if (bytesRead === 0) break;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      let nl = data.indexOf(0x0a);
      if (carryLen > 0 || carry.length > 0) {
        if (nl === -1) {
          carry.push(Buffer.from(data));
          carryLen += data.length;
          if (carryLen > maxLine) {
            onTooLong(lineNo + 1, carryLen);
            return;
          }
          continue;
        }
        const line = Buffer.concat([...carry, data.subarray(0, nl)], carryLen + nl);
        carry = [];
        carryLen = 0;
        if (line.length > maxLine) {
          onTooLong(lineNo + 1, line.length);
          return;
        }
        onLine(line, 0, line.length, ++lineNo);
        start = nl + 1;
        nl = data.indexOf(0x0a, start);
      }
      while (nl !== -1) {
        if (nl - start > maxLine) {
          onTooLong(lineNo + 1, nl - start);
          return;
        }
        onLine(data, start, nl, ++lineNo);
        start = nl + 1;
        nl = data.indexOf(0x0a, start);
      }
      if (start < data.length) {
        carry = [Buffer.from(data.subarray(start))];
        carryLen = data.length - start;
        if (carryLen > maxLine) {
          onTooLong(lineNo + 1, carryLen);
          return;
        }
      }
    }
    if (carryLen > 0) onTorn(Buffer.concat(carry, carryLen), ++lineNo);
  } finally {
    await reader.close();
  }
}

function short(s: string): string {
  return s.length > 80 ? `${JSON.stringify(s.slice(0, 77))}...` : JSON.stringify(s);
}

/**
 * Verify segment files of one station. Files are ordered by the first seq in their names; the chain and the
 * sequence run across them. See VerifyOptions for what is expected at the start and at the end.
 */
export async function verifySegments(files: string[], opts: VerifyOptions = {}): Promise<VerifyReport> {
  // Reused from one verification to the next (spare-buffers.ts): nothing outlives the call that reads into it
  // (onRecord's bytes are valid only during the call).
  const chunk = takeBuffer(Math.max(1, opts.chunkSize ?? DEFAULT_CHUNK));
  try {
    return await verifyWith(files, opts, chunk);
  } finally {
    giveBackBuffer(chunk);
  }
}

async function verifyWith(files: string[], opts: VerifyOptions, chunk: Buffer): Promise<VerifyReport> {
  const max = opts.maxProblems ?? 1000;
  const problems: Array<VerifyProblem & { order: number }> = [];
  let truncated = false;
  let fileOrder = 0;
  const add = (code: VerifyProblemCode, file: string, line: number, expected: string, found: string, message: string): void => {
    if (problems.length >= max) {
      truncated = true;
      return;
    }
    problems.push({ code, file, line, expected, found, message, order: fileOrder });
  };

  // Files and their names.
  const entries: Array<{ file: string; firstSeq: number }> = [];
  const seen = new Map<number, string>();
  for (const file of files) {
    const firstSeq = parseSegmentName(basename(file));
    if (firstSeq === null) {
      add('SEGMENT_NAME', file, 0, 'a name like segment-000000000001.jsonl', basename(file), 'Not a segment file name.');
      continue;
    }
    const other = seen.get(firstSeq);
    if (other !== undefined) {
      add('SEGMENT_NAME', file, 0, `one file starting at seq ${firstSeq}`, `also ${other}`, 'Two files claim the same place in the journal.');
      continue;
    }
    seen.set(firstSeq, file);
    entries.push({ file, firstSeq });
  }
  entries.sort((a, b) => a.firstSeq - b.firstSeq);

  let publicKey = opts.publicKey;
  let expectedKeyId: string | undefined;
  if (publicKey !== undefined) {
    try {
      expectedKeyId = keyIdOf(publicKey);
    } catch (err) {
      add('IDENTITY', '', 0, 'an Ed25519 public key', short(publicKey), `The public key cannot be used: ${(err as Error).message}`);
      publicKey = undefined;
    }
  }

  let station = opts.stationId;
  const genesis = opts.startAfter ? false : opts.expectGenesis !== false;
  let expectSeq: number | null = opts.startAfter ? opts.startAfter.seq + 1 : genesis ? 1 : null;
  let expectPrev: string | null = opts.startAfter ? opts.startAfter.hash : genesis && station !== undefined ? genesisHash(station) : null;
  let head: { seq: number; hash: string } | null = opts.startAfter ? { ...opts.startAfter } : genesis && station !== undefined ? { seq: 0, hash: genesisHash(station) } : null;
  let records = 0;
  let seals = 0;
  /** Type of the last complete line read, over all files (for requireSealedEnd). */
  let lastType: string | null = null;
  let lastLineAt: { file: string; line: number } | null = null;
  // Hot-path state: the expected station as bytes (once known), whether expectPrev is a hash this verifier computed,
  // and the head as numbers while lines take the hot path (made an object again before anything else reads it).
  const fast = opts.fastLines !== false;
  let stationBuf: Buffer | null = station !== undefined ? stationBytes(station) : null;
  let stationTried = station !== undefined;
  let expectPrevOk = false;
  let headSeq = 0;
  let headHash: string | null = null;
  const source = opts.source ?? pathSource;
  const maxLine = opts.maxLineBytes ?? MAX_LINE_BYTES;
  const onRecord = opts.onRecord;

  for (let fi = 0; fi < entries.length; fi++) {
    const { file, firstSeq } = entries[fi] as { file: string; firstSeq: number };
    fileOrder = fi + 1;
    const isLast = fi === entries.length - 1;
    let linesInFile = 0;
    let fileLastType: string | null = null;
    let fileLastLine = 0;
    let torn = false;
    let nameReported = false;
    let sealAt = 0; // line of a seal in this file, to report one that is not last

    const handle = (bytes: Buffer, lineNo: number): void => {
      linesInFile++;
      fileLastLine = lineNo;
      if (sealAt > 0) {
        add('MISPLACED_SEAL', file, sealAt, 'a seal only as the last line of a segment', `more lines after it (line ${lineNo})`,
          'A seal is followed by more lines in the same segment.');
        sealAt = 0;
      }
      const h = hashBytes(bytes);
      let rec: unknown;
      let bad = false;
      try {
        rec = JSON.parse(bytes.toString('utf8'));
      } catch {
        add('BAD_JSON', file, lineNo, 'one JSON object', bytes.length === 0 ? 'an empty line' : short(bytes.toString('utf8')), 'The line is not valid JSON.');
        bad = true;
      }
      if (!bad) {
        const shape = checkRecordShape(rec, expectPrev);
        if (shape) {
          add('BAD_RECORD', file, lineNo, shape.expected, shape.found, `Field "${shape.field}" is wrong.`);
          bad = true;
        }
      }
      if (bad) {
        // Resynchronise on this line, so that one bad line is reported once, not as a cascade.
        const seq = (rec as { seq?: unknown } | null | undefined)?.seq;
        expectSeq = typeof seq === 'number' && Number.isSafeInteger(seq) ? seq + 1 : expectSeq !== null ? expectSeq + 1 : null;
        expectPrev = h;
        fileLastType = null;
        lastType = null;
        return;
      }
      const r = rec as JournalRecord;
      records++;
      if (station === undefined) {
        station = r.station;
        if (genesis && expectPrev === null) expectPrev = genesisHash(station);
      }
      if (r.station !== station) add('STATION_MISMATCH', file, lineNo, `station "${station}"`, `"${r.station}"`, 'The line belongs to another station.');
      let seqReported = false;
      if (expectSeq !== null && r.seq !== expectSeq) {
        seqReported = true;
        add('SEQ_GAP', file, lineNo, `seq ${expectSeq}`, `seq ${r.seq}`,
          r.seq > expectSeq ? `Records ${expectSeq}..${r.seq - 1} are missing.` : 'The sequence goes back: a line is repeated or out of order.');
      }
      if (!seqReported && !nameReported && r.seq !== firstSeq + lineNo - 1) {
        nameReported = true;
        add('SEGMENT_NAME', file, lineNo, `seq ${firstSeq + lineNo - 1} (the file name says it starts at ${firstSeq})`, `seq ${r.seq}`,
          'The line\'s seq does not match its place in the file named by its first seq.');
      }
      if (expectPrev !== null && r.prev !== expectPrev) {
        add('CHAIN_BROKEN', file, lineNo, `prev ${expectPrev}`, `prev ${r.prev}`,
          'prev is not the SHA-256 of the line before: this line or the one before it was changed, or lines are missing.');
      }
      if (r.type === SEAL_TYPE) {
        seals++;
        sealAt = lineNo;
        const check = checkSeal(bytes, r, publicKey, expectedKeyId);
        if (!check.ok) add('BAD_SIGNATURE', file, lineNo, check.expected, check.found, check.message);
      }
      expectSeq = r.seq + 1;
      expectPrev = h;
      head = { seq: r.seq, hash: h };
      fileLastType = r.type;
      lastType = r.type;
      onRecord?.(bytes, r.seq, file, lineNo, r);
    };

    const torn1 = (bytes: Buffer, lineNo: number): void => {
      torn = true;
      linesInFile++;
      fileLastLine = lineNo;
      add('TORN_TAIL', file, lineNo, 'a last line ending with "\\n"', `${bytes.length} bytes without "\\n"`,
        'The file ends in the middle of a line (an interrupted write, or a copy still in progress).');
      if (expectSeq !== null) expectSeq++;
      expectPrev = hashBytes(bytes);
      lastType = null;
    };
    /** One complete line: the hot path when it is exactly the expected next line, else the full check. */
    const line1 = (chunk: Buffer, start: number, end: number, lineNo: number): void => {
      const bytes = chunk.subarray(start, end);
      if (fast && sealAt === 0 && expectSeq === firstSeq + lineNo - 1 && expectPrev !== null && stationBuf !== null && (expectPrevOk || HEX64.test(expectPrev))) {
        if (scanExpectedLine(chunk, start, end, stationBuf, expectPrev) === expectSeq) {
          const h = hashBytes(bytes);
          linesInFile++;
          fileLastLine = lineNo;
          records++;
          expectSeq++;
          expectPrev = h;
          expectPrevOk = true;
          headSeq = expectSeq - 1;
          headHash = h;
          fileLastType = NOT_A_SEAL;
          lastType = NOT_A_SEAL;
          onRecord?.(bytes, headSeq, file, lineNo, null);
          return;
        }
      }
      if (headHash !== null) {
        head = { seq: headSeq, hash: headHash };
        headHash = null;
      }
      handle(bytes, lineNo);
      expectPrevOk = false;
      if (station !== undefined && stationBuf === null && !stationTried) {
        stationTried = true;
        stationBuf = stationBytes(station);
      }
    };

    const tooLong = (lineNo: number, bytes: number): void => {
      torn = true;
      linesInFile++;
      fileLastLine = lineNo;
      add('LINE_TOO_LONG', file, lineNo, `a line of at most ${maxLine} bytes`, `more than ${bytes} bytes without "\\n"`,
        'The line is longer than any line the journal writes; the rest of the file was not read.');
      if (expectSeq !== null) expectSeq++;
      expectPrev = null;
      lastType = null;
    };
    try {
      await forEachLine(file, source, chunk, maxLine, line1, torn1, tooLong);
    } catch (err) {
      add('UNREADABLE', file, 0, 'a readable file', (err as NodeJS.ErrnoException).code ?? (err as Error).message, `The file cannot be read: ${(err as Error).message}`);
      continue;
    } finally {
      if (headHash !== null) {
        head = { seq: headSeq, hash: headHash };
        headHash = null;
      }
    }

    if (linesInFile > 0) lastLineAt = { file, line: fileLastLine };
    if (linesInFile === 0) {
      if (!isLast) add('EMPTY_SEGMENT', file, 0, 'a segment ending with a seal', 'an empty file', 'A segment that is not the last one is empty.');
      else if (expectSeq !== null && firstSeq !== expectSeq) {
        add('SEQ_GAP', file, 0, `a segment starting at seq ${expectSeq}`, `segment starting at ${firstSeq}`, `Records ${expectSeq}..${firstSeq - 1} are missing.`);
      }
    } else if (!torn && fileLastType !== SEAL_TYPE && !isLast) {
      add('UNSEALED_END', file, fileLastLine, 'a seal as the last line', 'no seal', 'A segment that is not the last one does not end with a seal: lines are missing at its end.');
    }
  }

  if (opts.requireSealedEnd && lastType !== SEAL_TYPE && !(problems.length > 0 && lastLineAt && problems.some((p) => (p.code === 'TORN_TAIL' || p.code === 'LINE_TOO_LONG') && p.file === lastLineAt?.file))) {
    const at = lastLineAt ?? { file: entries[entries.length - 1]?.file ?? '', line: 0 };
    add('UNSEALED_END', at.file, at.line, 'the journal to end with a seal', lastLineAt ? 'no seal' : 'no lines', 'The journal does not end with a seal: it is not complete, or lines were removed at its end.');
  }

  problems.sort((a, b) => a.order - b.order || a.line - b.line);
  return {
    ok: problems.length === 0 && !truncated,
    records,
    seals,
    head,
    problems: problems.map(({ order: _order, ...p }) => p),
    problemsTruncated: truncated,
  };
}

/** Verify a journal folder: station.json, segments/ (every file in it), and that checkpoint.json and checkpoints/ do not claim more. */
export async function verifyJournalDir(dir: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const pre: VerifyProblem[] = [];
  const stationFile = join(dir, STATION_FILE);
  let stationId = opts.stationId;
  let publicKey = opts.publicKey;
  try {
    const identity = JSON.parse(await readFile(stationFile, 'utf8')) as { stationId?: unknown; publicKey?: unknown; keyId?: unknown };
    if (typeof identity.stationId !== 'string' || typeof identity.publicKey !== 'string') {
      pre.push({ code: 'IDENTITY', file: stationFile, line: 0, expected: '{ stationId, publicKey, keyId }', found: short(JSON.stringify(identity)), message: 'station.json is incomplete.' });
    } else {
      if (stationId !== undefined && identity.stationId !== stationId) {
        pre.push({ code: 'STATION_MISMATCH', file: stationFile, line: 0, expected: `station "${stationId}"`, found: `"${identity.stationId}"`, message: 'station.json names another station.' });
      }
      stationId ??= identity.stationId;
      let kid: string | null = null;
      try {
        kid = keyIdOf(identity.publicKey);
      } catch {
        kid = null;
      }
      if (kid === null || kid !== identity.keyId) {
        pre.push({ code: 'IDENTITY', file: stationFile, line: 0, expected: kid ? `keyId ${kid}` : 'an Ed25519 public key', found: `keyId ${String(identity.keyId)}`, message: 'station.json\'s keyId does not match its public key.' });
      }
      if (publicKey === undefined && kid !== null) publicKey = identity.publicKey;
    }
  } catch (err) {
    if (opts.publicKey === undefined || opts.stationId === undefined) {
      pre.push({ code: 'IDENTITY', file: stationFile, line: 0, expected: 'station.json', found: (err as NodeJS.ErrnoException).code ?? 'invalid JSON', message: 'The station identity cannot be read.' });
    }
  }

  const segDir = join(dir, SEGMENTS_DIR);
  let names: string[] = [];
  try {
    names = (await readdir(segDir)).sort();
  } catch (err) {
    pre.push({ code: 'UNREADABLE', file: segDir, line: 0, expected: 'a segments folder', found: (err as NodeJS.ErrnoException).code ?? 'error', message: 'The segments folder cannot be read.' });
  }
  const report = await verifySegments(names.map((n) => join(segDir, n)), { ...opts, stationId, publicKey });

  try {
    const cp = JSON.parse(await readFile(join(dir, CHECKPOINT_FILE), 'utf8')) as { seq?: unknown };
    if (typeof cp.seq === 'number' && report.head && cp.seq > report.head.seq) {
      pre.push({ code: 'CHECKPOINT', file: join(dir, CHECKPOINT_FILE), line: 0, expected: `seq <= ${report.head.seq} (end of the journal)`, found: `seq ${cp.seq}`,
        message: 'checkpoint.json records more than the journal holds: acknowledged records are missing.' });
    }
  } catch {
    // No checkpoint, or an unreadable one: it is derived data, not evidence.
  }
  // The checkpoints saved where segments closed: each was saved after its seal was on disk (the name carries its seq).
  try {
    for (const name of (await readdir(join(dir, CHECKPOINTS_DIR))).sort()) {
      const seq = parseSegmentCheckpointName(name);
      if (seq !== null && report.head && seq > report.head.seq) {
        pre.push({ code: 'CHECKPOINT', file: join(dir, CHECKPOINTS_DIR, name), line: 0, expected: `seq <= ${report.head.seq} (end of the journal)`, found: `seq ${seq}`,
          message: 'A checkpoint saved where a segment closed records more than the journal holds: a closed segment is missing.' });
      }
    }
  } catch {
    // No checkpoints/ folder: nothing to compare.
  }
  const problems = [...pre, ...report.problems];
  return { ...report, ok: problems.length === 0 && !report.problemsTruncated, problems };
}
