/**
 * What the ledger's quick look (ledger/remembered.ts) takes from a station folder, as plain data (to cross a thread
 * boundary): the folder and its segments folder checked to be folders (not links), station.json's stamp (lstat), the
 * segments folder listed, and the stamp of each remembered segment found there. Nothing is read. A leaf module: the share worker thread
 * (share-ops.ts, op 'look') runs lookStationSync, with synchronous calls one after another, so the ~7 calls of a
 * station cost one message instead of one round trip each through Node's file-I/O threads; lookStation is the same in
 * the calling thread (where no worker script exists), each call under the share deadline.
 */
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/** What a look at a station folder found for one name (no content read). */
export interface ListedFile {
  name: string;
  /** A regular file (not a link, FIFO, folder …). */
  regular: boolean;
  size: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** One station folder, looked at (the paths and the remembered segment names are the caller's). */
export interface StationLookRequest {
  /** The station folder. */
  p: string;
  /** Its station.json. */
  identity: string;
  /** Its segments folder. */
  segDir: string;
  /** The remembered segments' file names: each found in the listing has its stamp taken. */
  names: string[];
  /** Tests only: the look stalls this long first (a share that stops answering). */
  stallMs?: number;
}

export interface StationLook {
  /** station.json as lstat sees it (a link, a FIFO … is not regular). */
  identity: ListedFile;
  /** The segments folder's entries. */
  names: string[];
  /** The stamps of the remembered names found in the listing. */
  files: ListedFile[];
}

const listed = (name: string, st: Stats): ListedFile => ({
  name, regular: st.isFile(), size: Number(st.size), ino: Number(st.ino), mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs,
});

function folderOrThrow(dir: string, st: Stats): void {
  if (st.isSymbolicLink() || !st.isDirectory()) throw Object.assign(new Error(`${dir} is not a folder`), { code: 'ENOTDIR' });
}

/** The look, synchronous (the share worker thread). Throws what the file system threw, or ENOTDIR for a folder that is not one. */
export function lookStationSync(req: StationLookRequest): StationLook {
  if (req.stallMs) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, req.stallMs);
  folderOrThrow(req.p, lstatSync(req.p));
  const identity = listed(path.basename(req.identity), lstatSync(req.identity));
  folderOrThrow(req.segDir, lstatSync(req.segDir));
  const names = readdirSync(req.segDir);
  const wanted = new Set(req.names);
  const files = names.filter((n) => wanted.has(n)).map((n) => listed(n, lstatSync(path.join(req.segDir, n))));
  return { identity, names, files };
}

/** The looks at several stations, one after another (one message to the share worker); each answer or its error. */
export function lookStationsSync(stations: StationLookRequest[], toError: (err: unknown) => unknown): Array<{ look: StationLook } | { error: unknown }> {
  return stations.map((req) => {
    try {
      return { look: lookStationSync(req) };
    } catch (err) {
      return { error: toError(err) };
    }
  });
}

/** The same look in the calling thread, each call through `within` (the share deadline). */
export async function lookStation(req: StationLookRequest, within: <T>(what: string, work: Promise<T>) => Promise<T>): Promise<StationLook> {
  folderOrThrow(req.p, await within(req.p, lstat(req.p)));
  const identity = listed(path.basename(req.identity), await within(req.identity, lstat(req.identity)));
  folderOrThrow(req.segDir, await within(req.segDir, lstat(req.segDir)));
  const names = await within(req.segDir, readdir(req.segDir));
  const wanted = new Set(req.names);
  const files: ListedFile[] = [];
  for (const n of names) if (wanted.has(n)) files.push(listed(n, await within(req.segDir, lstat(path.join(req.segDir, n)))));
  return { identity, names, files };
}
