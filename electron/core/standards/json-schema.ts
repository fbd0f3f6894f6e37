import { z } from 'zod';
import { StandardDocument } from './schema';

/** Where the generated JSON Schema lives, relative to the project root. */
export const STANDARD_JSON_SCHEMA_PATH = 'assets/schema/standard.schema.json';
export const STANDARD_JSON_SCHEMA_ID = 'https://steadywork.local/schema/standard.schema.json';

/**
 * The JSON Schema of a standard file, generated from the zod schema (the single source).
 * `io: 'input'` describes what a person writes: fields with a default are optional.
 * Draft-07 is used because every common editor (VS Code, JetBrains, Notepad++ plugins) understands it.
 * Checks that JSON Schema cannot express (limits min ≤ max, unique step ids) are only done by the app.
 */
export function standardJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(StandardDocument, { io: 'input', target: 'draft-07', unrepresentable: 'throw', reused: 'inline' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: STANDARD_JSON_SCHEMA_ID,
    title: 'Steadywork standard',
    description:
      'A fixed standard-work checklist: decided once, owned, versioned. Generated from electron/core/standards/schema.ts by scripts/generate-schema.ts; do not edit by hand. See docs/standards.md.',
    ...rest,
  };
}

/** The file content: pretty-printed, with a final newline, the same on every machine. */
export function standardJsonSchemaText(): string {
  return `${JSON.stringify(standardJsonSchema(), null, 2)}\n`;
}
