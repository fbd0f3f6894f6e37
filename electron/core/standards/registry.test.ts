import { describe, expect, it } from 'vitest';
import { parseStandardFile, StandardRegistry, type LoadedStandard } from './index';

function standard(file: string, over: { id?: string; version?: number; effectiveFrom?: string; text?: string } = {}): LoadedStandard {
  const doc = {
    format: 1,
    id: over.id ?? 'glue-check',
    version: over.version ?? 1,
    title: { en: 'Glue check', hi: 'गोंद की जाँच' },
    owner: { role: 'Quality manager', name: 'Rahul Verma' },
    effectiveFrom: over.effectiveFrom ?? '2026-01-01',
    schedule: { every: 'day', at: '09:00' },
    reasonCodes: [{ code: 'NEED_HELP', label: { en: 'I need help from the supervisor.' } }],
    steps: [{ id: 'stir-glue', kind: 'tick', text: { en: over.text ?? 'Stir the glue.' } }],
  };
  const r = parseStandardFile(file, Buffer.from(JSON.stringify(doc)));
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.standard;
}

describe('StandardRegistry', () => {
  it('current(): the highest version whose effectiveFrom is on or before the day', () => {
    const reg = new StandardRegistry();
    const v1 = standard('a/v1.json', { version: 1, effectiveFrom: '2026-01-01' });
    const v2 = standard('a/v2.json', { version: 2, effectiveFrom: '2026-03-01', text: 'Stir the glue for ten seconds.' });
    const v3 = standard('a/v3.json', { version: 3, effectiveFrom: '2026-06-01', text: 'Stir the glue for twenty seconds.' });
    expect(reg.add([v3, v1, v2])).toEqual([]);
    expect(reg.current('glue-check', '2025-12-31')).toBeUndefined();
    expect(reg.current('glue-check', '2026-01-01')?.ref.version).toBe(1);
    expect(reg.current('glue-check', '2026-02-28')?.ref.version).toBe(1);
    expect(reg.current('glue-check', '2026-03-01')?.ref.version).toBe(2);
    expect(reg.current('glue-check', '2026-05-31')?.ref.version).toBe(2);
    expect(reg.current('glue-check', '2027-01-01')?.ref.version).toBe(3);
    expect(reg.current('no-such-standard', '2027-01-01')).toBeUndefined();
    expect(reg.versions('glue-check').map((s) => s.ref.version)).toEqual([1, 2, 3]);
    expect(reg.get('glue-check', 2)).toBe(v2);
    expect(reg.getByHash(v3.hash)).toBe(v3);
    expect(reg.getByHash('0'.repeat(64))).toBeUndefined();
  });

  it('a version published for a later day does not replace the one in force today', () => {
    const reg = new StandardRegistry();
    reg.add([standard('v1.json', { version: 1 }), standard('v2.json', { version: 2, effectiveFrom: '2030-01-01', text: 'Stir well.' })]);
    expect(reg.current('glue-check', '2026-07-01')?.ref.version).toBe(1);
  });

  it('currentAll(): the current version of every id, sorted by id', () => {
    const reg = new StandardRegistry();
    reg.add([
      standard('b1.json', { id: 'b-check', version: 1 }),
      standard('b2.json', { id: 'b-check', version: 2, effectiveFrom: '2026-02-01', text: 'Stir well.' }),
      standard('a1.json', { id: 'a-check', version: 1 }),
      standard('c1.json', { id: 'c-check', version: 1, effectiveFrom: '2026-12-01' }),
    ]);
    expect(reg.currentAll('2026-02-15').map((s) => `${s.ref.id}@${s.ref.version}`)).toEqual(['a-check@1', 'b-check@2']);
    expect(reg.all().map((s) => `${s.ref.id}@${s.ref.version}`)).toEqual(['a-check@1', 'b-check@1', 'b-check@2', 'c-check@1']);
  });

  it('rejects a malformed date', () => {
    expect(() => new StandardRegistry().current('x', '1.3.2026')).toThrow(RangeError);
    expect(() => new StandardRegistry().currentAll('')).toThrow(RangeError);
  });

  it('the same id, version and content from two folders is silently the same standard', () => {
    const reg = new StandardRegistry();
    const bundled = standard('assets/standards/glue-check.json');
    const shared = standard('share/standards/glue-check.json');
    expect(reg.add([bundled])).toEqual([]);
    expect(reg.add([shared])).toEqual([]);
    expect(reg.all()).toHaveLength(1);
    expect(reg.get('glue-check', 1)?.file).toBe('assets/standards/glue-check.json');
  });

  it('the same id and version with different content: CONFLICT naming both files; the first one wins', () => {
    const reg = new StandardRegistry();
    const first = standard('assets/standards/glue-check.json');
    const later = standard('share/standards/glue-check.json', { text: 'Stir the glue well.' });
    reg.add([first]);
    const errors = reg.add([later]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'CONFLICT', file: 'share/standards/glue-check.json', field: 'version' });
    expect(errors[0]!.message).toBe(
      'share/standards/glue-check.json: version: Version 1 of "glue-check" is also in assets/standards/glue-check.json, which was loaded first, ' +
        'with different content (it differs in steps[0].text.en); a published version never changes, so this file is not used. ' +
        'Publish your change as version 2: raise "version" in share/standards/glue-check.json and keep assets/standards/glue-check.json as it was.',
    );
    expect(reg.get('glue-check', 1)).toBe(first);
    expect(reg.getByHash(later.hash)).toBeUndefined();
  });

  it('rememberKnownHash(): a later file with the same id and version but other content is refused', () => {
    const reg = new StandardRegistry();
    const published = standard('old.json', { version: 3 });
    reg.rememberKnownHash(published.ref);
    const changed = standard('share/glue-check.json', { version: 3, text: 'Stir the glue slowly.' });
    const errors = reg.add([changed]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'CONFLICT', file: 'share/glue-check.json', field: 'version' });
    expect(errors[0]!.message).toMatch(/Version 3 of "glue-check" was already published with different content.*Publish your change as version 4/);
    expect(reg.get('glue-check', 3)).toBeUndefined();
    // The real content of version 3 is still welcome.
    expect(reg.add([published])).toEqual([]);
    expect(reg.get('glue-check', 3)?.hash).toBe(published.hash);
  });

  it('rememberKnownHash() after a different content was loaded withdraws it and reports the conflict', () => {
    const reg = new StandardRegistry();
    const loaded = standard('x.json', { version: 1, text: 'Stir the glue quickly.' });
    reg.add([loaded]);
    const errors = reg.rememberKnownHash(standard('journal.json', { version: 1 }).ref);
    expect(errors.map((e) => e.code)).toEqual(['CONFLICT']);
    expect(reg.get('glue-check', 1)).toBeUndefined();
    expect(reg.getByHash(loaded.hash)).toBeUndefined();
    expect(reg.rememberKnownHash(loaded.ref)).toEqual([]);
  });

  it('rememberKnownHash() with the same content changes nothing', () => {
    const reg = new StandardRegistry();
    const s = standard('x.json');
    reg.rememberKnownHash(s.ref);
    expect(reg.add([s])).toEqual([]);
    expect(reg.rememberKnownHash(s.ref)).toEqual([]);
    expect(reg.get('glue-check', 1)).toBe(s);
  });

  it('a retired version is never current (the next lower version in force is), but is still found for runs that use it', () => {
    const reg = new StandardRegistry();
    const v1 = standard('a/v1.json', { version: 1, effectiveFrom: '2026-01-01' });
    const v2 = standard('a/v2.json', { version: 2, effectiveFrom: '2026-03-01', text: 'Stir the glue for ten seconds.' });
    const note = (s: LoadedStandard, hash = s.hash) => ({
      format: 1 as const, id: s.ref.id, version: s.ref.version, hash, retiredAt: '2026-03-02T09:00:00.000+05:30', reason: 'Wrong text.',
      by: { stationId: 'st-1', stationName: 'Office' },
    });
    // A note for other content than the version loaded is ignored.
    reg.add([v1, v2]);
    reg.retire(note(v2, 'f'.repeat(64)));
    expect(reg.current('glue-check', '2026-03-05')?.ref.version).toBe(2);

    reg.retire(note(v2));
    expect(reg.retirement('glue-check', 2)?.reason).toBe('Wrong text.');
    expect(reg.current('glue-check', '2026-03-05')?.ref.version).toBe(1);
    expect(reg.getByHash(v2.hash)).toBe(v2);
    expect(reg.get('glue-check', 2)).toBe(v2);
    // Every version retired: nothing in force, the standard is no longer offered.
    reg.retire(note(v1));
    expect(reg.current('glue-check', '2026-03-05')).toBeUndefined();
    expect(reg.currentAll('2026-03-05')).toEqual([]);

    // The note can also come with the file (loaded from a folder with a "retired" note); a later identical copy counts.
    const reg2 = new StandardRegistry();
    reg2.add([v1, v2, { ...v2, file: 'pulled/v2.json', retired: note(v2) }]);
    expect(reg2.current('glue-check', '2026-03-05')?.ref.version).toBe(1);
  });
});
