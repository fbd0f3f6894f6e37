/**
 * The HTML scorecard printed by Chromium (Playwright page.pdf, as "Save as PDF" does): A4 landscape, and every column
 * of every table on the printed page — checked in the print layout (no table wider than the A4 landscape text
 * width, every header cell inside it) and, where poppler's pdftotext is installed, in the text of the PDF itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReport } from './index';
import { openLedger } from '../ledger/db';
import { buildFixtureLedger, STATION_A } from './test-fixture';

// The Chromium the e2e tests drive (CHROMIUM_PATH, a system one, the PATH, or Playwright's): scripts/find-chromium.cjs.
const CHROMIUM = (createRequire(import.meta.url)('../../../scripts/find-chromium.cjs') as { findChromium(): { executablePath: string | null } }).findChromium().executablePath ?? undefined;
/** A4 landscape, 10 mm margins (the report's @page): 277 mm of text width at 96 CSS px per inch. */
const A4_TEXT_WIDTH_PX = (277 / 25.4) * 96;

let browser: Browser;
let html: string;
let pdf: string;
beforeAll(async () => {
  const db = await buildFixtureLedger();
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-print-'));
  html = path.join(dir, 'card.html');
  pdf = path.join(dir, 'card.pdf');
  await writeReport(db, { format: 'html', out: html });
  browser = await chromium.launch(CHROMIUM ? { executablePath: CHROMIUM } : {});
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('the HTML scorecard in print', () => {
  it('prints on A4 landscape with every column of every table inside the page width', async () => {
    const page = await browser.newPage({ viewport: { width: Math.floor(A4_TEXT_WIDTH_PX), height: 700 } });
    await page.goto(`file://${html}`);
    await page.emulateMedia({ media: 'print' });
    const tables = await page.$$eval('table', (ts) =>
      ts.map((t) => ({
        id: t.id,
        right: t.getBoundingClientRect().right,
        heads: [...t.querySelectorAll('thead th')].map((th) => ({ text: th.textContent ?? '', right: th.getBoundingClientRect().right, width: th.getBoundingClientRect().width })),
      })),
    );
    expect(tables.length).toBeGreaterThanOrEqual(8);
    for (const t of tables) {
      expect(t.right, `${t.id} is wider than the page`).toBeLessThanOrEqual(A4_TEXT_WIDTH_PX + 1);
      for (const h of t.heads) {
        expect(h.right, `${t.id}: column "${h.text}" is off the page`).toBeLessThanOrEqual(A4_TEXT_WIDTH_PX + 1);
        expect(h.width, `${t.id}: column "${h.text}" has no room`).toBeGreaterThan(8);
      }
    }
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const bytes = readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The page size Chromium used: A4 landscape is 842 × 595 points.
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 84[12]\.\d+ 59[45]\.\d+\]/);
    await page.close();
  });

  it.skipIf(!existsSync('/usr/bin/pdftotext'))('the printed PDF holds every column header of every table (pdftotext)', () => {
    const text = execFileSync('/usr/bin/pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    // Headers wrap inside their cell: compare without spaces, line breaks and hyphens.
    const flat = text.replace(/[\s\u00ad-]+/g, '').toLowerCase();
    const headers = [...readFileSync(html, 'utf8').matchAll(/<th scope="col"[^>]*>([^<]+)<\/th>/g)].map((m) => (m[1] as string).replace(/&amp;/g, '&'));
    expect(headers.length).toBeGreaterThan(100);
    const missing = [...new Set(headers)].filter((h) => !flat.includes(h.replace(/[\s-]+/g, '').toLowerCase()));
    expect(missing).toEqual([]);
  });
});

describe('Hindi in the printed scorecard', () => {
  /** No system font here needs to know Devanagari: the report carries its own (report-fonts.ts). */
  const HINDI_NAME = 'गोंद मशीन दो';

  it.skipIf(!existsSync('/usr/bin/pdftotext'))('a Hindi station name prints as text, in the embedded Noto Sans Devanagari, not as boxes', async () => {
    const db = await buildFixtureLedger();
    const ledger = await openLedger(db);
    try {
      await ledger.conn.run(`UPDATE stations SET name = '${HINDI_NAME}' WHERE station_id = '${STATION_A}'`);
    } finally {
      ledger.close();
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-print-hi-'));
    const file = path.join(dir, 'card.html');
    const out = path.join(dir, 'card.pdf');
    await writeReport(db, { format: 'html', out: file });
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(HINDI_NAME);
    expect(text).toMatch(/@font-face\{font-family:"Noto Sans Devanagari"[^}]*base64,/);
    expect(Buffer.byteLength(text) - Buffer.byteLength(text.replace(/@font-face\{[^}]*\}/g, '')), 'the two embedded faces, in bytes').toBeLessThan(200_000);
    const page = await browser.newPage();
    await page.goto(`file://${file}`);
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: out, preferCSSPageSize: true, printBackground: true });
    await page.close();
    const printed = execFileSync('/usr/bin/pdftotext', [out, '-'], { encoding: 'utf8' });
    expect(printed).toContain(HINDI_NAME);
    const fonts = execFileSync('/usr/bin/pdffonts', [out], { encoding: 'utf8' });
    expect(fonts).toMatch(/NotoSansDevanagari/);
  });
});
