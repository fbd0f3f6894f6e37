/**
 * The accessibility checks every screen goes through (ACCESSIBILITY.md): axe with the WCAG 2.2 AA tags plus
 * the enhanced (7:1) contrast rule, and our own target-size rules.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function axe(page: Page, state: string) {
  const results = await new AxeBuilder({ page })
    .withTags(TAGS)
    .options({ rules: { 'color-contrast-enhanced': { enabled: true } } })
    .analyze();
  // The enhanced (7:1) contrast rule really ran.
  const ran = [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable].some((r) => r.id === 'color-contrast-enhanced');
  expect(ran, `color-contrast-enhanced ran on ${state}`).toBe(true);
  const summary = results.violations.map((v) => `${v.id}: ${v.help} → ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(summary, `axe violations on ${state}`).toEqual([]);
}

/**
 * Our own size rules (ACCESSIBILITY.md), stricter than axe's 24px: every control at least 48×48 with at
 * least 8px between controls; the main action of a step (Done, Finish, Save note) at least 72×72.
 */
export async function checkTargets(page: Page, state: string) {
  const problems = await page.evaluate(() => {
    const out: string[] = [];
    const els = Array.from(document.querySelectorAll<HTMLElement>('button, a[href], input:not([type="hidden"]), select, textarea')).filter(
      (el) => el.getClientRects().length > 0 && !el.closest('.sw-vh'),
    );
    const name = (el: HTMLElement) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.getAttribute('aria-label') || (el as HTMLInputElement).value || '').trim().slice(0, 30)}"`;
    // A target scrolled under the sticky status bar is not a target there (it cannot be hit; focus scrolls it out):
    // it is left out of the spacing check, not out of the size check.
    const pinned = (node: Element | null): Element | null => {
      for (let n = node; n; n = n.parentElement) if (['sticky', 'fixed'].includes(getComputedStyle(n).position)) return n;
      return null;
    };
    const underPinned = (el: HTMLElement, r: DOMRect): boolean => {
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
      const hit = document.elementFromPoint(x, y);
      const bar = pinned(hit);
      return !!hit && !!bar && !el.contains(hit) && !hit.contains(el) && !bar.contains(el);
    };
    const all = els.map((el) => ({ el, r: el.getBoundingClientRect() }));
    const rects = all.filter(({ el, r }) => !underPinned(el, r));
    for (const { el, r } of all) {
      const main = ['done', 'finish', 'save-note'].includes(el.dataset.testid ?? '');
      const min = main ? 72 : 48;
      if (r.width < min - 0.5 || r.height < min - 0.5) out.push(`${name(el)} is ${Math.round(r.width)}×${Math.round(r.height)}, needs ${min}×${min}`);
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i]!.r;
        const b = rects[j]!.r;
        const dx = Math.max(0, b.left - a.right, a.left - b.right);
        const dy = Math.max(0, b.top - a.bottom, a.top - b.bottom);
        const gap = dx > 0 && dy > 0 ? Math.hypot(dx, dy) : Math.max(dx, dy);
        if (gap < 7.5) out.push(`${name(rects[i]!.el)} and ${name(rects[j]!.el)} are ${gap.toFixed(1)}px apart, need 8`);
      }
    }
    return out;
  });
  expect(problems, `target sizes and gaps on ${state}`).toEqual([]);
}
