import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';
import type { StandardDocument } from './schema';

/**
 * The content of a standard, independent of how the file is written: RFC 8785 (JCS) canonical JSON
 * of the validated document (zod defaults applied, `$schema` left out). Whitespace, key order,
 * line endings and a UTF-8 BOM do not change it; any change of meaning does.
 */
export function canonicalStandardJson(doc: StandardDocument): string {
  const { $schema: _editorHint, ...content } = doc;
  return canonicalize(content);
}

/** SHA-256 (lower-case hex) of the canonical JSON: the hash that runs and journal lines refer to. */
export function standardHash(doc: StandardDocument): string {
  return createHash('sha256').update(canonicalStandardJson(doc), 'utf8').digest('hex');
}
