/**
 * Always in reach (issue 10, item 4; ACCESSIBILITY.md): on every step the primary action and the Undo / Read aloud /
 * I need help row are inside the viewport without scrolling, and a control reached by Tab is never under the
 * action bar (WCAG 2.4.11). Worked through the UI as a person would: tap a name, start a routine, do its steps.
 * Every kind of step (tick, measurement with its number pad, out of limits with its reason, "I cannot do this step",
 * choice, note) at every combination of 1366×768, 1280×800 and 1920×1080, 100 % and 200 % text (the artisan's own
 * text size), English and Hindi; full runs of every demo routine at two of them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { call, expect, openStation, rootDir, screensDir, test } from './fixtures';

type Combo = { width: number; height: number; scale: 100 | 200; lang: 'en' | 'hi' };
const label = (c: Combo) => `${c.width}x${c.height} ${c.scale}% ${c.lang}`;

type DemoStep = { id: string; kind: 'tick' | 'measurement' | 'choice' | 'note'; limits?: { min: number; max: number }; options?: Array<{ value: string; acceptable?: boolean }> };
const demo = (id: string) => JSON.parse(readFileSync(path.join(rootDir, 'assets', 'standards', `${id}.json`), 'utf8')) as { steps: DemoStep[] };
const ROUTINES = ['station-start-check', 'carton-quality-check', 'end-of-day-clean-down'];

/** The primary action of each kind of screen (a choice has none: its options are the answer). */
const PRIMARY: Record<string, string | null> = { tick: 'done', measurement: 'done', choice: null, note: 'save-note', reason: 'save-reason', summary: 'finish' };

/** The person's own text size and language (My settings, stored in the roster), applied when their name is tapped. */
async function start(page: Page, h: Parameters<typeof openStation>[1], c: Combo) {
  await call(h, 'artisans.setPrefs', { artisanId: 'asha-devi', prefs: { textScale: c.scale, language: c.lang } });
  await page.setViewportSize({ width: c.width, height: c.height });
  await openStation(page, h);
  await page.getByTestId('artisan-asha-devi').click();
  await expect(page.locator('html')).toHaveAttribute('data-text-scale', String(c.scale));
  await expect(page.locator('html')).toHaveAttribute('lang', c.lang);
}

async function startRoutine(page: Page, id: string) {
  await page.getByTestId(`routine-${id}`).getByRole('button').click();
}

/**
 * The primary action, every key of the number pad (on a measurement) and the help row are fully inside the viewport,
 * as the page is (not scrolled by the test), and as large as they must be: the primary action 72 px high, the pad's
 * keys 72 px, the others 48 px.
 */
async function expectInReach(page: Page, state: string, primary: string | null, row = ['undo', 'read-aloud', 'help']) {
  await page.evaluate(() => document.fonts.ready);
  const ids = [...(primary ? [primary] : []), ...row];
  const boxes = await page.evaluate((wanted) => {
    const box = (el: Element | null | undefined) => {
      const r = el?.getBoundingClientRect();
      return r ? { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), height: Math.round(r.height) } : null;
    };
    const keys = [...document.querySelectorAll('main .sw-pad .sw-pad__key')].map((el, i) => ({ id: `pad key ${i + 1} (${el.textContent?.trim()})`, box: box(el) }));
    return [...wanted.map((id) => ({ id, box: box(document.querySelector(`main [data-testid="${id}"]`)) })), ...keys];
  }, ids);
  const onMeasurement = (await page.locator('main .sw-run[data-step-kind="measurement"]').count()) > 0 && primary === 'done';
  if (onMeasurement) expect(boxes.filter((b) => b.id.startsWith('pad key')).length, `${state}: the number pad's keys`).toBeGreaterThanOrEqual(12);
  const vw = page.viewportSize()!.width;
  const vh = page.viewportSize()!.height;
  for (const { id, box } of boxes) {
    expect(box, `${state}: ${id} is on the screen`).not.toBeNull();
    const b = box!;
    const where = `${state}: ${id} at ${b.left},${b.top}–${b.right},${b.bottom} px in ${vw}×${vh}`;
    expect(b.top >= 0 && b.left >= 0 && b.bottom <= vh && b.right <= vw, where).toBe(true);
    expect(b.height, `${state}: ${id} is tall enough`).toBeGreaterThanOrEqual(id === primary || id.startsWith('pad key') ? 72 : 48);
  }
}

/** Tab through the screen: every control that gets focus is inside the viewport and not under the action bar. */
async function expectFocusNotCovered(page: Page, state: string) {
  let stops = 0;
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || !el.closest('main')) return { inMain: false as const };
      const r = el.getBoundingClientRect();
      const bar = document.querySelector('.sw-actionbar');
      const b = bar?.getBoundingClientRect();
      const inBar = !!bar?.contains(el);
      const covered = !!b && !inBar && r.bottom > b.top && r.top < b.bottom && r.right > b.left && r.left < b.right;
      return { inMain: true as const, covered, top: r.top, bottom: r.bottom, barTop: b?.top ?? null, what: el.outerHTML.slice(0, 90) };
    });
    if (!f.inMain) {
      if (stops > 0) break; // gone round: into the status bar or the browser
      continue;
    }
    stops++;
    expect(f.covered, `${state}: ${f.what} (${Math.round(f.top)}–${Math.round(f.bottom)} px) is under the action bar at ${f.barTop} px`).toBe(false);
    expect(f.top >= 0 && f.bottom <= page.viewportSize()!.height, `${state}: ${f.what} is on the screen (${Math.round(f.top)}–${Math.round(f.bottom)} px)`).toBe(true);
  }
  // The step's controls and the action bar's (Undo, Read aloud, I need help at least) were all reached.
  expect(stops, `${state}: controls reached by Tab`).toBeGreaterThanOrEqual(4);
}

async function checkStep(page: Page, state: string, primary: string | null, tab: boolean) {
  await expectInReach(page, state, primary);
  if (tab) await expectFocusNotCovered(page, state);
}

/** The step on screen is `step` (by its id, so the language does not matter). */
const onStep = (page: Page, step: DemoStep) => expect(page.locator(`.sw-run[data-step-id="${step.id}"]`)).toBeVisible();

async function pressNumber(page: Page, value: number) {
  for (const k of String(value)) await page.locator('.sw-pad').getByRole('button', { name: k, exact: true }).click();
}

/** A whole routine, each step answered as expected, checked at each step and on the summary. */
async function fullRun(page: Page, c: Combo, routine: string, tab: boolean) {
  await startRoutine(page, routine);
  for (const [i, step] of demo(routine).steps.entries()) {
    await onStep(page, step);
    const state = `${label(c)} ${routine} step ${i + 1} (${step.kind})`;
    await checkStep(page, state, PRIMARY[step.kind] ?? null, tab);
    if (step.kind === 'tick') await page.getByTestId('done').click();
    if (step.kind === 'measurement') {
      await pressNumber(page, Math.round((step.limits!.min + step.limits!.max) / 2));
      await page.getByTestId('done').click();
    }
    if (step.kind === 'choice') await page.getByTestId(`option-${step.options!.find((o) => o.acceptable !== false)!.value}`).click();
    if (step.kind === 'note') {
      await page.locator('#note-input').fill('All fine.');
      await page.getByTestId('save-note').click();
    }
  }
  await expect(page.getByTestId('finish')).toBeVisible();
  await expectInReach(page, `${label(c)} ${routine} summary`, 'finish', ['undo']);
  await page.getByTestId('finish').click();
  await expect(page.getByTestId(`routine-${routine}`)).toBeVisible();
}

const ALL: Combo[] = [
  { width: 1366, height: 768, scale: 100, lang: 'en' },
  { width: 1366, height: 768, scale: 100, lang: 'hi' },
  { width: 1920, height: 1080, scale: 100, lang: 'en' },
  { width: 1920, height: 1080, scale: 100, lang: 'hi' },
  { width: 1280, height: 800, scale: 200, lang: 'en' },
  { width: 1280, height: 800, scale: 200, lang: 'hi' },
  { width: 1366, height: 768, scale: 200, lang: 'en' },
  { width: 1366, height: 768, scale: 200, lang: 'hi' },
  { width: 1280, height: 800, scale: 100, lang: 'en' },
  { width: 1280, height: 800, scale: 100, lang: 'hi' },
  { width: 1920, height: 1080, scale: 200, lang: 'en' },
  { width: 1920, height: 1080, scale: 200, lang: 'hi' },
];

test.describe.configure({ timeout: 360_000 });

for (const c of ALL) {
  test(`tick, measurement, out of limits with its reason, "I cannot do this step", choice and note are in reach: ${label(c)}`, async ({ page, harness, pageErrors }) => {
    await start(page, harness, c);
    const carton = demo('carton-quality-check').steps;
    await startRoutine(page, 'carton-quality-check');
    await onStep(page, carton[0]!);
    await checkStep(page, `${label(c)} tick`, 'done', false);
    await page.getByTestId('done').click();
    await onStep(page, carton[1]!);
    // As first seen (before Tab moves focus and scrolls), with the pointer out of the way (no hover underline).
    const shot = async (name: string) => {
      if (c.width !== 1366) return;
      await page.mouse.move(0, 0);
      await page.screenshot({ path: path.join(screensDir, `reach-${c.lang}-${c.scale}-${c.width}x${c.height}-${name}.png`) });
    };
    await expectInReach(page, `${label(c)} measurement`, 'done');
    await shot('measure');
    await expectFocusNotCovered(page, `${label(c)} measurement`);
    // The result shows beside the control that caused it, and is announced.
    // Read aloud answers later (spoken, or "does not work on this computer" as an alert): wait for its result to
    // replace "Step 1 done." beside the button, then find the same words in a live region.
    const status = page.getByTestId('action-status');
    const before = await status.innerText();
    await page.getByTestId('read-aloud').click();
    await expect(status).not.toHaveText(before);
    await expect(status).not.toBeEmpty();
    const shown = await status.innerText();
    await expect(page.locator('[data-testid="live-polite"], [data-testid="live-alert"]').filter({ hasText: shown })).toHaveCount(1);
    await pressNumber(page, 600);
    // The number typed shows above the keys too, in reach, even where the field has scrolled away.
    await expect(page.getByTestId('pad-echo')).toContainText('600');
    await expect(page.locator('#measure-input')).toHaveValue('600');
    await page.getByTestId('done').click();
    await expect(page.locator('input[name="reason"]').first()).toBeVisible();
    await expect(page.getByTestId('action-status')).toHaveAttribute('data-tone', 'warn');
    await expectInReach(page, `${label(c)} out of limits, reason`, 'save-reason');
    await shot('reason');
    await expectFocusNotCovered(page, `${label(c)} out of limits, reason`);
    await page.locator('input[name="reason"]').first().check();
    await page.getByTestId('save-reason').click();
    await onStep(page, carton[2]!);
    await expect(page.getByTestId('action-status')).toHaveAttribute('data-tone', 'ok');
    await page.getByTestId('cannot').click();
    await expect(page.getByTestId('save-reason')).toBeVisible();
    await checkStep(page, `${label(c)} cannot do, reason`, 'save-reason', true);
    await page.getByRole('button', { name: c.lang === 'hi' ? 'चरण पर वापस' : 'Back to the step', exact: false }).click();
    await onStep(page, carton[2]!);
    await page.getByTestId('help').click();
    await expect(page.getByTestId('action-status')).toHaveAttribute('data-tone', 'help');
    await expectInReach(page, `${label(c)} after help`, 'done', ['undo', 'read-aloud']);
    // The rest of the routine: the other measurements, the choices, a tick and the note, each checked.
    for (const step of carton.slice(2)) {
      await onStep(page, step);
      const state = `${label(c)} carton ${step.id} (${step.kind})`;
      if (step.id !== carton[2]!.id) await expectInReach(page, state, PRIMARY[step.kind] ?? null);
      if (step.kind === 'measurement') {
        await pressNumber(page, Math.round((step.limits!.min + step.limits!.max) / 2));
        await page.getByTestId('done').click();
      } else if (step.kind === 'choice') await page.getByTestId(`option-${step.options!.find((o) => o.acceptable !== false)!.value}`).click();
      else if (step.kind === 'tick') await page.getByTestId('done').click();
      else {
        await page.locator('#note-input').fill('All fine.');
        await page.getByTestId('save-note').click();
      }
    }
    await expect(page.getByTestId('finish')).toBeVisible();
    expect(pageErrors).toEqual([]);
  });
}

for (const c of [ALL[0]!, ALL[5]!]) {
  test(`every step of every demo routine is in reach: ${label(c)}`, async ({ page, harness, pageErrors }) => {
    await start(page, harness, c);
    for (const routine of ROUTINES) await fullRun(page, c, routine, c.scale === 200);
    expect(pageErrors).toEqual([]);
  });
}

test('screenshots of a choice and a note step in the action-bar layout (1366×768, en and hi, 100% and 200%)', async ({ page, harness }) => {
  // A routine each, so each starts at its first step.
  for (const [c, routine] of [
    [ALL[0]!, 'station-start-check'],
    [ALL[7]!, 'end-of-day-clean-down'],
  ] as const) {
    await start(page, harness, c);
    const steps = demo(routine).steps;
    await startRoutine(page, routine);
    for (const step of steps) {
      await onStep(page, step);
      if (step.kind === 'choice') {
        await expectInReach(page, `${label(c)} ${routine} choice`, null);
        await page.mouse.move(0, 0);
        await page.screenshot({ path: path.join(screensDir, `reach-${c.lang}-${c.scale}-1366x768-choice.png`) });
        await page.getByTestId(`option-${step.options!.find((o) => o.acceptable !== false)!.value}`).click();
      } else if (step.kind === 'note') {
        await page.mouse.move(0, 0);
        await page.screenshot({ path: path.join(screensDir, `reach-${c.lang}-${c.scale}-1366x768-note.png`) });
      } else await page.getByTestId('done').click();
    }
    await page.getByRole('button', { name: c.lang === 'hi' ? 'व्यक्ति बदलें' : 'Change person', exact: false }).click();
  }
});
