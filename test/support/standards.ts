import type { StandardDocument, StandardRef } from '../../electron/core/standards/schema';
import { StandardDocument as StandardSchema } from '../../electron/core/standards/schema';

/** A small standard with one step of each kind, for run-engine tests that must not depend on the demo files. */
export function sampleStandard(overrides: Partial<StandardDocument> = {}): StandardDocument {
  return StandardSchema.parse({
    format: 1,
    id: 'sample-check',
    version: 1,
    title: { en: 'Sample check', hi: 'नमूना जाँच' },
    owner: { role: 'Quality lead', name: 'Test Owner' },
    effectiveFrom: '2026-01-01',
    schedule: { every: 'day', at: '08:00', graceMinutes: 30, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
    reasonCodes: [
      { code: 'NO_MATERIAL', label: { en: 'No material' } },
      { code: 'TOOL_BROKEN', label: { en: 'Tool is broken' } },
    ],
    steps: [
      { id: 'clean-bench', kind: 'tick', text: { en: 'Clean the bench.' } },
      { id: 'weigh-carton', kind: 'measurement', text: { en: 'Weigh the carton.' }, unit: 'g', decimals: 1, limits: { min: 480, max: 520 } },
      {
        id: 'glue-state',
        kind: 'choice',
        text: { en: 'How is the glue?' },
        options: [
          { value: 'good', label: { en: 'Good' } },
          { value: 'dry', label: { en: 'Dry' }, acceptable: false },
        ],
      },
      { id: 'remark', kind: 'note', text: { en: 'Anything to add?' } },
      { id: 'lock-drawer', kind: 'tick', text: { en: 'Lock the drawer.' } },
    ],
    ...overrides,
  });
}

export const sampleRef = (doc: StandardDocument, hash = 'a'.repeat(64)): StandardRef => ({ id: doc.id, version: doc.version, hash });
