import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reasonsForStep } from '../../contract/step-reasons';
import { checkMediaFiles, loadStandardsFromDir, parseStandardFile, StandardRegistry, type LoadedStandard } from './index';

const standardsDir = fileURLToPath(new URL('../../../assets/standards/', import.meta.url));
const DEMOS = ['station-start-check', 'carton-quality-check', 'end-of-day-clean-down'] as const;

/** Every { en, hi? } object in a document, with its JSON path. */
function localizedTexts(value: unknown, at = ''): { path: string; text: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => localizedTexts(v, `${at}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  if (typeof obj.en === 'string') return [{ path: at, text: obj }];
  return Object.entries(obj).flatMap(([k, v]) => localizedTexts(v, at === '' ? k : `${at}.${k}`));
}

const sentences = (text: string) =>
  text
    .split(/(?<=[.?!])\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
const words = (sentence: string) => sentence.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));

describe('demo standards in assets/standards', async () => {
  const loaded = await loadStandardsFromDir(standardsDir);
  const byId = new Map(loaded.standards.map((s) => [s.ref.id, s] as const));
  const demo = (id: string): LoadedStandard => {
    const s = byId.get(id);
    if (!s) throw new Error(`${id} not loaded`);
    return s;
  };

  it('all load with no errors, and the pictures/ folder is ignored', () => {
    expect(loaded.errors).toEqual([]);
    expect(loaded.standards.map((s) => s.ref.id).sort()).toEqual([...DEMOS].sort());
    const registry = new StandardRegistry();
    expect(registry.add(loaded.standards)).toEqual([]);
    expect(registry.currentAll('2026-01-01')).toHaveLength(3);
  });

  it.each(DEMOS)('%s: file name matches the id; $schema, format, version, owner, effective date', async (id) => {
    const s = demo(id);
    expect(path.basename(s.file)).toBe(`${id}.json`);
    const raw = JSON.parse(await readFile(s.file, 'utf8')) as Record<string, unknown>;
    expect(raw.$schema).toBe('../schema/standard.schema.json');
    expect(await stat(path.resolve(s.dir, '../schema/standard.schema.json'))).toBeTruthy();
    expect(s.doc.format).toBe(1);
    expect(s.doc.version).toBe(1);
    expect(s.doc.effectiveFrom).toBe('2026-01-01');
    expect(s.doc.owner.role.length).toBeGreaterThan(0);
    expect(s.doc.owner.name.length).toBeGreaterThan(0);
    expect(s.doc.reasonCodes.length).toBeGreaterThanOrEqual(4);
    expect(s.doc.reasonCodes.length).toBeLessThanOrEqual(6);
    expect(s.doc.steps.length).toBeGreaterThanOrEqual(5);
    expect(s.doc.steps.length).toBeLessThanOrEqual(10);
  });

  it('schedules: start check 08:00 +30, quality check 11:00 +60, clean-down 17:30 +30, daily', () => {
    const sched = (id: string) => {
      const { every, at, graceMinutes } = demo(id).doc.schedule;
      return { every, at, graceMinutes };
    };
    expect(sched('station-start-check')).toEqual({ every: 'day', at: '08:00', graceMinutes: 30 });
    expect(sched('carton-quality-check')).toEqual({ every: 'day', at: '11:00', graceMinutes: 60 });
    expect(sched('end-of-day-clean-down')).toEqual({ every: 'day', at: '17:30', graceMinutes: 30 });
  });

  it('the kinds of steps each routine needs', () => {
    const kinds = (id: string) => new Set(demo(id).doc.steps.map((s) => s.kind));
    expect(kinds('station-start-check')).toEqual(new Set(['tick', 'choice', 'note']));
    expect([...kinds('carton-quality-check')].sort()).toEqual(['choice', 'measurement', 'note', 'tick']);
    const units = demo('carton-quality-check')
      .doc.steps.flatMap((s) => (s.kind === 'measurement' ? [s.unit] : []))
      .sort();
    expect(new Set(units)).toEqual(new Set(['g', 'mm']));
    for (const s of demo('carton-quality-check').doc.steps) {
      if (s.kind === 'measurement') expect(s.limits.min !== undefined && s.limits.max !== undefined).toBe(true);
    }
  });

  it.each(DEMOS)('%s: every text has English and Hindi (Devanagari), in plain short sentences', (id) => {
    const s = demo(id);
    const texts = localizedTexts(s.doc);
    // title, purpose, reason labels, step texts, option labels, picture descriptions
    expect(texts.length).toBeGreaterThan(s.doc.steps.length * 2 + s.doc.reasonCodes.length);
    for (const { path: p, text } of texts) {
      expect(typeof text.hi, `${id} ${p}.hi`).toBe('string');
      const hi = String(text.hi);
      expect(/[\u0900-\u097F]/.test(hi), `${id} ${p}.hi is Devanagari`).toBe(true);
      expect(/[A-Za-z]/.test(hi), `${id} ${p}.hi has no Latin letters`).toBe(false);
      for (const sentence of sentences(String(text.en))) {
        expect(words(sentence).length, `${id} ${p}.en: "${sentence}"`).toBeLessThanOrEqual(15);
      }
      for (const sentence of hi.split(/(?<=[।?!])\s*/).filter((x) => x.trim() !== '')) {
        expect(words(sentence).length, `${id} ${p}.hi: "${sentence}"`).toBeLessThanOrEqual(18);
      }
    }
  });

  it.each(DEMOS)('%s: every step has a picture that exists and a description of it in both languages', async (id) => {
    const s = demo(id);
    for (const step of s.doc.steps) {
      expect(step.media?.picture).toBe(`pictures/${step.id}.svg`);
      expect(step.media?.pictureAlt?.en).toBeTruthy();
      expect(step.media?.pictureAlt?.hi).toBeTruthy();
    }
    expect(await checkMediaFiles(s)).toEqual([]);
  });

  it('pictures are small, black-on-white SVG pictograms with no text', async () => {
    const dir = path.join(standardsDir, 'pictures');
    const names = (await readdir(dir)).filter((n) => n.endsWith('.svg'));
    const referenced = new Set(loaded.standards.flatMap((s) => s.doc.steps.map((st) => st.media?.picture)));
    expect(names.length).toBe(referenced.size);
    for (const name of names) {
      const svg = await readFile(path.join(dir, name), 'utf8');
      expect(svg.length, name).toBeLessThan(2048);
      expect(svg, name).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 96 96"/);
      expect(svg, name).not.toMatch(/<text|<image|<script|href=/i);
      const colours = new Set([...svg.matchAll(/(?:fill|stroke)="([^"]+)"/g)].map((m) => m[1]));
      for (const c of colours) expect(['#000', '#fff', 'none'], `${name} colour ${c}`).toContain(c);
      expect(referenced.has(`pictures/${name}`), `${name} is used`).toBe(true);
    }
  });

  it('a demo file parses to the same hash from its bytes as through the folder loader', async () => {
    for (const s of loaded.standards) {
      const again = parseStandardFile(s.file, await readFile(s.file));
      expect(again.ok && again.standard.hash).toBe(s.hash);
    }
  });

  it('each step offers only reasons that fit it: the logo check never offers "The scale does not work."', () => {
    const carton = demo('carton-quality-check').doc;
    const offered = (id: string) => reasonsForStep(carton, carton.steps.find((s) => s.id === id)).map((r) => r.code);
    expect(offered('carton-weight')).toContain('SCALE_BROKEN');
    for (const id of ['logo-print', 'corners', 'carton-length', 'pick-sample', 'order-label']) expect(offered(id), id).not.toContain('SCALE_BROKEN');
    // Every step that can go wrong offers "I need help", and only reasons of its standard.
    for (const id of DEMOS) {
      const doc = demo(id).doc;
      for (const step of doc.steps) {
        const codes = reasonsForStep(doc, step).map((r) => r.code);
        expect(codes, `${id} ${step.id}`).toContain('NEED_HELP');
        expect(codes.every((c) => doc.reasonCodes.some((r) => r.code === c)), `${id} ${step.id}`).toBe(true);
      }
    }
  });
});

describe('docs/standards.md', () => {
  it('its complete example is a valid standard whose pictures exist', async () => {
    const doc = await readFile(fileURLToPath(new URL('../../../docs/standards.md', import.meta.url)), 'utf8');
    const section = doc.slice(doc.indexOf('## A complete example'));
    const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(json).toBeTruthy();
    const r = parseStandardFile(path.join(standardsDir, 'glue-pot-check.json'), Buffer.from(json!));
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual([]);
    if (r.ok) expect(await checkMediaFiles(r.standard)).toEqual([]);
  });
});
