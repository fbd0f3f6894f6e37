/**
 * Attachments (issue 13): files an event refers to by content, such as a spoken note. Each is stored once, beside the
 * journal, under its SHA-256 (`<journal dir>/attachments/<64 hex>`), written create-only through the one atomic writer
 * (core/files/atomic-write.ts). The event holds the hash (and size, length, type), so the hash chain covers the bytes:
 * a changed attachment no longer matches the line that names it (docs/journal.md, "Attachments").
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errnoOf, mkdirDurable, writeFileCreateOnly } from '../files/atomic-write';
import { hashBytes } from './format';

export const ATTACHMENTS_DIR = 'attachments';
/** An attachment's file name: its SHA-256, 64 lower-case hex characters, and nothing else. */
export const ATTACHMENT_NAME_RE = /^[0-9a-f]{64}$/;

/** What an event says of its attachment (data.audio of a spoken note): hash, size in bytes, length in ms, type. */
export interface AttachmentRef {
  hash: string;
  bytes: number;
  durationMs: number;
  type: string;
}

/** The attachment an event's data names (data.audio), when it names a well-formed one; null otherwise. */
export function attachmentRefOf(data: unknown): AttachmentRef | null {
  const a = (data as { audio?: Partial<AttachmentRef> } | null | undefined)?.audio;
  if (!a || typeof a !== 'object' || typeof a.hash !== 'string' || !ATTACHMENT_NAME_RE.test(a.hash)) return null;
  if (!Number.isSafeInteger(a.bytes) || !Number.isSafeInteger(a.durationMs) || typeof a.type !== 'string') return null;
  return { hash: a.hash, bytes: a.bytes as number, durationMs: a.durationMs as number, type: a.type };
}

export function attachmentsDir(journalDir: string): string {
  return path.join(journalDir, ATTACHMENTS_DIR);
}

/**
 * Store `bytes` as an attachment of this journal and answer its hash. Create-only: an attachment already there with
 * the same name is kept when its bytes are these bytes; other bytes under that name (a damaged disk, or an edit) are
 * an error, never overwritten.
 */
export async function storeAttachment(journalDir: string, bytes: Buffer): Promise<{ hash: string; bytes: number }> {
  const hash = hashBytes(bytes);
  const dir = attachmentsDir(journalDir);
  await mkdirDurable(dir);
  const file = path.join(dir, hash);
  const outcome = await writeFileCreateOnly(file, bytes);
  if (outcome === 'exists') {
    const there = await readFile(file);
    if (hashBytes(there) !== hash) {
      throw new Error(`the attachment ${file} holds other bytes than its name says (expected SHA-256 ${hash.slice(0, 12)}…): it was changed or damaged; it was not overwritten`);
    }
  }
  return { hash, bytes: bytes.length };
}

/**
 * The bytes of an attachment of this journal, checked against their name; null when there is none. Throws when the
 * file's bytes do not hash to its name.
 */
export async function readAttachment(journalDir: string, hash: string): Promise<Buffer | null> {
  if (!ATTACHMENT_NAME_RE.test(hash)) return null;
  const file = path.join(attachmentsDir(journalDir), hash);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if (errnoOf(err) === 'ENOENT') return null;
    throw err;
  }
  if (hashBytes(bytes) !== hash) throw new Error(`the attachment ${file} does not match its name (its SHA-256 is ${hashBytes(bytes).slice(0, 12)}…): it was changed or damaged`);
  return bytes;
}
