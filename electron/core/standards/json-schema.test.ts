import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STANDARD_JSON_SCHEMA_ID, standardJsonSchema, standardJsonSchemaText } from './index';

const committed = fileURLToPath(new URL('../../../assets/schema/standard.schema.json', import.meta.url));

describe('assets/schema/standard.schema.json', () => {
  it('equals what scripts/generate-schema.ts generates from the zod schema (run it after changing schema.ts)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(standardJsonSchemaText());
  });

  it('has an $id, a title and describes the input form (defaulted fields optional)', () => {
    const schema = standardJsonSchema() as {
      $id: string;
      $schema: string;
      title: string;
      description: string;
      required: string[];
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema.$id).toBe(STANDARD_JSON_SCHEMA_ID);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.title).toBeTruthy();
    expect(schema.description).toContain('docs/standards.md');
    expect(schema.required.sort()).toEqual(['effectiveFrom', 'format', 'id', 'owner', 'reasonCodes', 'schedule', 'steps', 'title', 'version']);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('$schema');
    const scheduleRequired = (schema.properties.schedule as { required: string[] }).required;
    expect(scheduleRequired.sort()).toEqual(['at', 'every']);
  });

  it('lists the four step kinds', () => {
    const text = standardJsonSchemaText();
    for (const kind of ['tick', 'measurement', 'choice', 'note']) expect(text).toContain(`"const": "${kind}"`);
  });
});
