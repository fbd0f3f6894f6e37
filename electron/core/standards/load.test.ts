import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStandardsFromDir, parseStandardFile, StandardRegistry, type StandardFileError } from './index';

const standardsDir = fileURLToPath(new URL('../../../assets/standards/', import.meta.url));
type Json = Record<string, unknown>;

async function demoText(id: string): Promise<string> {
  return readFile(path.join(standardsDir, `${id}.json`), 'utf8');
}
async function demo(id: string): Promise<Json> {
  return JSON.parse(await demoText(id)) as Json;
}
const steps = (doc: Json) => doc.steps as Json[];

type Case = {
  name: string;
  /** The file content, built from a good demo document. */
  content: () => Promise<string>;
  code: StandardFileError['code'];
  field: string;
  expected: RegExp;
  found: RegExp;
  message: RegExp;
};

const MB50 = 50 * 1024 * 1024;

const cases: Case[] = [
  {
    name: 'bad-json.json',
    content: async () => '{\n  "format": 1,\n  "id": "broken"\n  "version": 1\n}\n',
    code: 'BAD_JSON',
    field: '(file)',
    expected: /valid JSON/,
    found: /line 4, column 3/,
    message: /bad-json\.json: The file is not valid JSON at line 4, column 3.*comma.*Fix line 4 and save the file again\.$/,
  },
  {
    name: 'missing-field.json',
    content: async () => {
      const d = await demo('station-start-check');
      d.owner = { role: 'Production supervisor' };
      return JSON.stringify(d, null, 2);
    },
    code: 'INVALID',
    field: 'owner.name',
    expected: /name of a person/,
    found: /^nothing$/,
    message: /missing-field\.json: owner\.name: "name" is missing; expected .*Add "name" and save the file again\.$/,
  },
  {
    name: 'wrong-type.json',
    content: async () => {
      const d = await demo('station-start-check');
      d.version = '2';
      return JSON.stringify(d, null, 2);
    },
    code: 'INVALID',
    field: 'version',
    expected: /whole number/,
    found: /^string "2"$/,
    message: /wrong-type\.json: version: Expected a whole number, 1 or more, found string "2"\. Remove the quotes around 2 and save the file again\.$/,
  },
  {
    name: 'unknown-kind.json',
    content: async () => {
      const d = await demo('station-start-check');
      (steps(d)[2] as Json).kind = 'photo';
      return JSON.stringify(d, null, 2);
    },
    code: 'INVALID',
    field: 'steps[2].kind',
    expected: /tick, measurement, choice, note/,
    found: /^string "photo"$/,
    message: /unknown-kind\.json: steps\[2\]\.kind: "photo" is not a step kind; the kinds are tick, measurement, choice, note\. Use one of them/,
  },
  {
    name: 'duplicate-step.json',
    content: async () => {
      const d = await demo('end-of-day-clean-down');
      (steps(d)[3] as Json).id = 'wash-glue-brush';
      return JSON.stringify(d, null, 2);
    },
    code: 'DUPLICATE',
    field: 'steps[3].id',
    expected: /only one step/,
    found: /"wash-glue-brush" again/,
    message: /duplicate-step\.json: steps\[3\]\.id: Step id "wash-glue-brush" is used twice \(steps\[1\] and steps\[3\]\)\. Give each step its own id/,
  },
  {
    name: 'limits.json',
    content: async () => {
      const d = await demo('carton-quality-check');
      (steps(d)[1] as Json).limits = { min: 12, max: 10 };
      return JSON.stringify(d, null, 2);
    },
    code: 'INVALID',
    field: 'steps[1].limits',
    expected: /"min" ≤ "max"/,
    found: /min 12, max 10/,
    message: /limits\.json: steps\[1\]\.limits: "min" \(12\) must be ≤ "max" \(10\)\. Fix the limits and save the file again\.$/,
  },
  {
    name: 'typo.json',
    content: async () => {
      const d = await demo('station-start-check');
      const sched = d.schedule as Json;
      sched.grace_minutes = sched.graceMinutes;
      delete sched.graceMinutes;
      return JSON.stringify(d, null, 2);
    },
    code: 'INVALID',
    field: 'schedule.grace_minutes',
    expected: /only these fields: every, at, days, graceMinutes/,
    found: /unknown field "grace_minutes"/,
    message: /typo\.json: schedule\.grace_minutes: .*did you mean "graceMinutes" for "grace_minutes"/,
  },
  {
    name: 'bad-date.json',
    content: async () => {
      const d = await demo('station-start-check');
      d.effectiveFrom = '2026-02-30';
      return JSON.stringify(d, null, 2);
    },
    code: 'INVALID',
    field: 'effectiveFrom',
    expected: /YYYY-MM-DD/,
    found: /string "2026-02-30"/,
    message: /bad-date\.json: effectiveFrom: Expected a date .*found string "2026-02-30"\. Correct the value and save the file again\.$/,
  },
  {
    name: 'huge.json',
    content: async () => '',
    code: 'TOO_LARGE',
    field: '(file)',
    expected: /at most 1\.0 MB/,
    found: /50\.0 MB \(52428800 bytes\)/,
    message: /huge\.json: The file is 50\.0 MB, but a standard may be at most 1\.0 MB, so it was not read\. Check that this is the right file/,
  },
];

describe('loadStandardsFromDir with broken files beside good ones', () => {
  let dir: string;
  let result: Awaited<ReturnType<typeof loadStandardsFromDir>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'steadywork-standards-'));
    for (const id of ['station-start-check', 'carton-quality-check', 'end-of-day-clean-down']) {
      await writeFile(path.join(dir, `${id}.json`), await demoText(id));
    }
    for (const c of cases) await writeFile(path.join(dir, c.name), await c.content());
    // A real 50 MB file on disk, made sparse so the test is fast; the loader must refuse it by its size.
    const fh = await open(path.join(dir, 'huge.json'), 'w');
    await fh.write('{"format": 1, ');
    await fh.truncate(MB50);
    await fh.close();
    // Things that are not standards and must be ignored quietly.
    await writeFile(path.join(dir, 'README.txt'), 'not a standard');
    await writeFile(path.join(dir, '.hidden.json'), '{ not json');
    await writeFile(path.join(dir, 'station-start-check.json.tmp'), '{ half written');
    await writeFile(path.join(dir, '~$lock.json'), 'lock');
    await mkdir(path.join(dir, 'pictures'));
    await writeFile(path.join(dir, 'pictures', 'broken.json'), '{ not json');
    await mkdir(path.join(dir, 'folder.json'));
    result = await loadStandardsFromDir(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the good files still load', () => {
    expect(result.standards.map((s) => path.basename(s.file)).sort()).toEqual(['carton-quality-check.json', 'end-of-day-clean-down.json', 'station-start-check.json']);
  });

  it('one error per broken file, and nothing about ignored files', () => {
    expect(result.errors.map((e) => path.basename(e.file)).sort()).toEqual(cases.map((c) => c.name).sort());
  });

  it.each(cases)('$name → $code at $field', (c) => {
    const errs = result.errors.filter((e) => path.basename(e.file) === c.name);
    expect(errs).toHaveLength(1);
    const e = errs[0]!;
    expect(e.code).toBe(c.code);
    expect(e.file).toBe(path.join(dir, c.name));
    expect(e.field).toBe(c.field);
    expect(e.expected).toMatch(c.expected);
    expect(e.found).toMatch(c.found);
    expect(e.message).toMatch(c.message);
    expect(e.message.startsWith(`${path.join(dir, c.name)}: `)).toBe(true);
    expect(e.message).toMatch(/\.$/);
  });

  it('same id and version with different content: CONFLICT naming both files, the first one wins', async () => {
    const changed = await demo('carton-quality-check');
    ((steps(changed)[0] as Json).text as Json).en = 'Take two finished cartons from the batch.';
    const sub = await mkdtemp(path.join(os.tmpdir(), 'steadywork-shared-'));
    try {
      await writeFile(path.join(sub, 'carton-quality-check.json'), JSON.stringify(changed, null, 2));
      const shared = await loadStandardsFromDir(sub);
      expect(shared.errors).toEqual([]);
      const registry = new StandardRegistry();
      expect(registry.add(result.standards)).toEqual([]);
      const errors = registry.add(shared.standards);
      expect(errors).toHaveLength(1);
      const e = errors[0]!;
      const first = path.join(dir, 'carton-quality-check.json');
      const later = path.join(sub, 'carton-quality-check.json');
      expect(e).toMatchObject({ code: 'CONFLICT', file: later, field: 'version' });
      expect(e.message).toContain(first);
      expect(e.message).toContain(later);
      expect(e.message).toContain('steps[0].text.en');
      expect(e.message).toMatch(/Publish your change as version 2/);
      expect(registry.get('carton-quality-check', 1)?.file).toBe(first);
    } finally {
      await rm(sub, { recursive: true, force: true });
    }
  });
});

describe('parseStandardFile', () => {
  it('a file saved with a UTF-8 BOM and CRLF line endings loads with the same hash', async () => {
    const text = await demoText('carton-quality-check');
    const plain = parseStandardFile('plain.json', Buffer.from(text, 'utf8'));
    const windows = parseStandardFile('windows.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')]));
    expect(plain.ok).toBe(true);
    expect(windows.ok).toBe(true);
    if (plain.ok && windows.ok) {
      expect(windows.standard.hash).toBe(plain.standard.hash);
      expect(windows.standard.doc).toEqual(plain.standard.doc);
      expect(windows.standard.ref).toEqual({ id: 'carton-quality-check', version: 1, hash: plain.standard.hash });
      expect(windows.standard.dir).toBe('.');
    }
  });

  it('a BAD_JSON error in a CRLF file still gives the right line and column', () => {
    const r = parseStandardFile('x.json', Buffer.from('{\r\n  "format": 1,\r\n  "id": "x",\r\n}\r\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]).toMatchObject({ code: 'BAD_JSON', field: '(file)' });
      expect(r.errors[0]!.message).toMatch(/line 4, column 1.*Remove the comma before the \}/);
    }
  });

  it('an unfinished file says where it ends', () => {
    const r = parseStandardFile('cut.json', Buffer.from('{\n  "format": 1,\n  "id": "x"'));
    expect(!r.ok && r.errors[0]!.message).toMatch(/^cut\.json: The file is not valid JSON at line 3, column 12\. The file ends too early/);
  });

  it('empty, UTF-16 and non-UTF-8 files are BAD_JSON with advice', () => {
    const empty = parseStandardFile('empty.json', Buffer.alloc(0));
    expect(!empty.ok && empty.errors[0]).toMatchObject({ code: 'BAD_JSON', found: 'an empty file' });
    const utf16 = parseStandardFile('u16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{}', 'utf16le')]));
    expect(!utf16.ok && utf16.errors[0]!.message).toMatch(/u16\.json: The file is saved as UTF-16.*UTF-8/);
    const latin1 = parseStandardFile('latin1.json', Buffer.from('{\n  "x": "caf\xe9"\n}', 'latin1'));
    expect(!latin1.ok && latin1.errors[0]).toMatchObject({ code: 'BAD_JSON', found: 'byte 0xe9 at line 2, column 12' });
  });

  it('a document that is not an object', () => {
    const r = parseStandardFile('list.json', Buffer.from('[]'));
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'INVALID', field: '(file)', found: 'an empty array []' });
  });

  it('reports every problem of a file in one go, including duplicates', async () => {
    const d = await demo('station-start-check');
    d.version = 0;
    (steps(d)[1] as Json).id = 'clear-table';
    delete (d.title as Json).en;
    const r = parseStandardFile('many.json', Buffer.from(JSON.stringify(d)));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => [e.code, e.field])).toEqual([
        ['INVALID', 'version'],
        ['INVALID', 'title.en'],
        ['DUPLICATE', 'steps[1].id'],
      ]);
      expect(r.errors[0]!.message).toBe('many.json: version: Expected a number ≥ 1, found number 0. Correct it and save the file again.');
      expect(r.errors[1]!.message).toBe('many.json: title.en: "en" is missing; expected English text in quotes. Add "en" and save the file again.');
    }
  });

  it('media paths may not leave the standards folder', async () => {
    for (const bad of ['../secret.svg', '/etc/passwd.svg', 'C:/x.svg', 'pictures\\x.svg', 'pictures/x.exe']) {
      const d = await demo('station-start-check');
      ((steps(d)[0] as Json).media as Json).picture = bad;
      const r = parseStandardFile('m.json', Buffer.from(JSON.stringify(d)));
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'INVALID', field: 'steps[0].media.picture' });
    }
  });

  it('choice options: unique values and at least one acceptable', async () => {
    const d = await demo('station-start-check');
    const options = (steps(d)[3] as Json).options as Json[];
    options[1]!.value = 'full';
    const r = parseStandardFile('o.json', Buffer.from(JSON.stringify(d)));
    expect(!r.ok && r.errors.map((e) => [e.code, e.field])).toEqual([['DUPLICATE', 'steps[3].options[1].value']]);
    for (const o of options) o.acceptable = false;
    options[1]!.value = 'half';
    const r2 = parseStandardFile('o.json', Buffer.from(JSON.stringify(d)));
    expect(!r2.ok && r2.errors[0]).toMatchObject({ code: 'INVALID', field: 'steps[3].options' });
  });

  it("a step's own reasons must be reasons of the standard, each once; the file names the step, what was expected and found", async () => {
    const d = await demo('station-start-check');
    (steps(d)[1] as Json).reasons = ['POWER_CUT', 'SCALE_BROKEN', 'POWER_CUT'];
    const r = parseStandardFile('r.json', Buffer.from(JSON.stringify(d)));
    expect(!r.ok && r.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID', 'steps[1].reasons[1]'],
      ['DUPLICATE', 'steps[1].reasons[2]'],
    ]);
    if (!r.ok) expect(r.errors[0]!.message).toContain('"SCALE_BROKEN"');
    (steps(d)[1] as Json).reasons = [];
    const empty = parseStandardFile('r.json', Buffer.from(JSON.stringify(d)));
    expect(!empty.ok && empty.errors[0]).toMatchObject({ field: 'steps[1].reasons' });
  });
});

describe('loadStandardsFromDir: the folder itself', () => {
  it('a missing folder is one UNREADABLE error naming the folder and what to do', async () => {
    const missing = path.join(os.tmpdir(), `steadywork-no-such-folder-${process.pid}`);
    const r = await loadStandardsFromDir(missing);
    expect(r.standards).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'UNREADABLE', file: missing, field: '(folder)', found: 'no such folder' });
    expect(r.errors[0]!.message).toBe(`${missing}: The standards folder does not exist. Create the folder, or correct the folder path in the settings.`);
  });

  it('a file where a folder was expected', async () => {
    const file = path.join(standardsDir, 'station-start-check.json');
    const r = await loadStandardsFromDir(file);
    expect(r.errors[0]).toMatchObject({ code: 'UNREADABLE', field: '(folder)', found: 'a file, not a folder' });
  });

  it('maxBytes can be lowered', async () => {
    const r = await loadStandardsFromDir(standardsDir, { maxBytes: 1000 });
    expect(r.standards).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['TOO_LARGE', 'TOO_LARGE', 'TOO_LARGE']);
  });
});
