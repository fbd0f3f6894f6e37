/**
 * The supplier a shared folder belongs to (issue 12, docs/ledger-pg.md "Suppliers"): `supplier.json` at the share's
 * root, {"supplier": "NAME"} and a newline, as ledger/supplier.ts resolveSupplier reads it. A station writes it once,
 * at the sync after its supervisor named the supplier (first-day set-up or Settings), when the share has none.
 *
 * The share is hostile ground: the file is read through the share reader (no links, no FIFO, capped, never waiting
 * on a writer) and written create-only (files/atomic-write.ts: a temporary file given its name with link(), which
 * never replaces and never follows what is there). An existing supplier.json is never overwritten: when it names
 * another supplier, that name is the share's, and the station says so.
 */
import path from 'node:path';
import type { ShareSupplier } from '../../contract';
import { writeFileCreateOnly } from '../files/atomic-write';
import { MAX_IDENTITY_BYTES, ShareReadError } from '../files/share-read';
import { checkSupplierName, SHARE_SUPPLIER_FILE, SupplierError } from './layout';
import { errnoOf, readShareCapped, type ShareFs } from './share-fs';

/** The bytes of a supplier.json naming `name` (checked: 1 to 100 characters, no control characters). */
export function supplierFileText(name: string): string {
  return `${JSON.stringify({ supplier: checkSupplierName(name, 'supplier') })}\n`;
}

/**
 * What the share's supplier.json says: `named`, `none` (no such file), or `refused` (a link, FIFO, folder, oversized
 * or not {"supplier": "NAME"}: never followed, never replaced). Errors of the share itself (not answering, no access)
 * are thrown for the caller (sync reports them as it does every share error).
 */
export async function readShareSupplier(share: string, fs: Pick<ShareFs, 'readFile' | 'readCapped'>): Promise<ShareSupplier> {
  const file = path.join(share, SHARE_SUPPLIER_FILE);
  let bytes: Buffer;
  try {
    bytes = await readShareCapped(fs as ShareFs, file, MAX_IDENTITY_BYTES);
  } catch (err) {
    if (err instanceof ShareReadError) {
      if (err.code === 'MISSING') return { state: 'none' };
      if (err.code === 'LINK' || err.code === 'NOT_A_FILE' || err.code === 'TOO_LARGE') {
        return { state: 'refused', file, reason: `${file} is ${err.found}, not a file Steadywork wrote; it was not read and nothing was written in its place. Ask whoever runs the shared folder to remove it; the next sync writes the supplier's name.` };
      }
    }
    const code = errnoOf(err);
    if (code === 'ENOENT') return { state: 'none' };
    if (code === 'EISDIR') return { state: 'refused', file, reason: `${file} is a folder, not a file; nothing was written in its place. Ask whoever runs the shared folder to remove it.` };
    throw err;
  }
  try {
    const doc = JSON.parse(bytes.toString('utf8')) as unknown;
    const name = typeof doc === 'object' && doc !== null ? (doc as { supplier?: unknown }).supplier : undefined;
    if (typeof name !== 'string') throw new SupplierError('no "supplier" name');
    return { state: 'named', file, name: checkSupplierName(name, file) };
  } catch (err) {
    const why = err instanceof SyntaxError ? 'is not valid JSON' : err instanceof SupplierError && err.message === 'no "supplier" name' ? 'has no "supplier" name' : 'names no usable supplier (1 to 100 characters, no control characters)';
    return { state: 'refused', file, reason: `${file} ${why}: expected {"supplier": "NAME"}. It was not replaced; ask whoever runs the shared folder to fix it.` };
  }
}

/**
 * The share's supplier after making sure it has one: when the share has no supplier.json and `wanted` names one, it is
 * written (create-only; a file that appears meanwhile wins and is read). Never overwrites, never follows a link.
 * `written` says this call wrote it.
 */
export async function ensureShareSupplier(share: string, wanted: string | undefined, fs: ShareFs, random?: () => string): Promise<ShareSupplier> {
  const found = await readShareSupplier(share, fs);
  if (found.state !== 'none' || wanted === undefined) return found;
  const outcome = await writeFileCreateOnly(path.join(share, SHARE_SUPPLIER_FILE), supplierFileText(wanted), { fs, ...(random ? { random } : {}) });
  if (outcome === 'created') return { state: 'named', file: path.join(share, SHARE_SUPPLIER_FILE), name: checkSupplierName(wanted, 'supplier'), written: true };
  // Someone else wrote one meanwhile (or a link or FIFO took the name): what is there now is the share's.
  return readShareSupplier(share, fs);
}
