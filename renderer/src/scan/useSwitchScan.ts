/**
 * Switch scanning in the page (ACCESSIBILITY.md "Input"). When on, a highlight walks through the actionable
 * controls of the current screen, starting at the screen's main action (the element marked
 * `data-scan-first`, e.g. Done on the Run screen), then the rest of the screen, then the status bar.
 *
 * - The highlight is the attribute `data-scan-current` (a thick outline, distinct from the focus ring); focus
 *   moves with it, so screen readers follow.
 * - auto: the highlight moves every `speedMs`; Space or Enter chooses. two-switch: Tab/arrows move, Space/Enter chooses.
 * - After a choice the highlight starts again at the screen's first control, unless the chosen control has
 *   `data-scan-keep` (number keys: stay, to press the same key again) or `data-scan-next="<id>"` (go there next).
 * - Text fields are not scanned (a switch cannot type); while a person types in one, auto-scan waits.
 * - Held keys do not repeat a choice.
 */
import { useEffect, useRef } from 'react';
import { ScanCursor, scanKeyAction, scanOrder, type ScanMode } from './scanner';

export const SCAN_ATTR = 'data-scan-current';
const TARGETS = 'button, a[href], input[type="radio"], input[type="checkbox"], select, [data-scan]';
const TEXT_ENTRY = 'input:not([type]), input[type="text"], input[type="password"], input[type="number"], input[type="search"], textarea, [contenteditable="true"]';

function usable(el: HTMLElement): boolean {
  if ((el as HTMLButtonElement).disabled) return false;
  if (el.closest('[hidden], [inert], [aria-hidden="true"], [data-scan-skip]')) return false;
  return el.getClientRects().length > 0;
}

function collect(root: HTMLElement): { items: HTMLElement[]; first: HTMLElement | null } {
  const main = root.querySelector<HTMLElement>('main') ?? root;
  const all = Array.from(root.querySelectorAll<HTMLElement>(TARGETS)).filter(usable);
  const inMain = all.filter((el) => main.contains(el));
  const outside = all.filter((el) => !main.contains(el));
  const first = inMain.find((el) => el.hasAttribute('data-scan-first')) ?? inMain[0] ?? null;
  return { items: scanOrder(inMain, outside, first), first };
}

export function isTextEntry(el: Element | null): boolean {
  return !!el && el.matches(TEXT_ENTRY);
}

export function useSwitchScan(rootRef: React.RefObject<HTMLElement | null>, mode: ScanMode, speedMs: number): void {
  const cursorRef = useRef(new ScanCursor<HTMLElement>());

  useEffect(() => {
    const root = rootRef.current;
    if (!root || mode === 'off') return;
    const cursor = cursorRef.current;
    let lastFirst: HTMLElement | null = null;
    let afterChoice: { keep: HTMLElement | null; nextId: string | null } | null = null;
    let timer: number | undefined;

    const paint = (el: HTMLElement | null) => {
      for (const old of root.querySelectorAll(`[${SCAN_ATTR}]`)) if (old !== el) old.removeAttribute(SCAN_ATTR);
      if (!el) return;
      el.setAttribute(SCAN_ATTR, '');
      if (document.activeElement !== el) el.focus({ preventScroll: false });
    };

    const restartTimer = () => {
      if (timer !== undefined) window.clearInterval(timer);
      timer = undefined;
      if (mode !== 'auto') return;
      timer = window.setInterval(() => {
        // Someone is typing in a text field: do not take focus away.
        if (isTextEntry(document.activeElement)) return;
        paint(cursor.next());
      }, Math.max(300, speedMs));
    };

    const refresh = () => {
      const { items, first } = collect(root);
      const current = cursor.current;
      const newScreen = first !== lastFirst;
      lastFirst = first;
      if (afterChoice) {
        const { keep, nextId } = afterChoice;
        const next = nextId ? (root.querySelector<HTMLElement>(`#${CSS.escape(nextId)}`) ?? null) : null;
        afterChoice = null;
        cursor.setItems(items, { first, restart: true });
        if (next && usable(next)) cursor.moveTo(next);
        else if (keep && keep.isConnected && !newScreen) cursor.moveTo(keep);
        restartTimer();
      } else if (newScreen || !current || !current.isConnected) {
        cursor.setItems(items, { first, restart: true });
        restartTimer();
      } else {
        cursor.setItems(items, { first });
      }
      paint(cursor.current);
    };

    let scheduled = false;
    const schedule = () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        refresh();
      });
    };

    const observer = new MutationObserver(schedule);
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'hidden', 'data-scan-first'] });

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      const action = scanKeyAction(mode, event.key, event.shiftKey);
      if (!action) return;
      // Typing in a text field: Space, Enter and Tab keep their usual meaning there.
      if (isTextEntry(event.target as Element | null) && event.target !== cursor.current) return;
      event.preventDefault();
      event.stopPropagation();
      if (event.repeat) return;
      if (action === 'next') paint(cursor.next());
      else if (action === 'prev') paint(cursor.prev());
      else {
        const el = cursor.current;
        if (!el || !el.isConnected) return schedule();
        afterChoice = { keep: el.hasAttribute('data-scan-keep') ? el : null, nextId: el.getAttribute('data-scan-next') };
        el.click();
        schedule();
      }
    };
    // Space activates a button on key-up: swallow it, the choice was made on key-down.
    const onKeyUp = (event: KeyboardEvent) => {
      if (scanKeyAction(mode, event.key, event.shiftKey) === 'select' && !isTextEntry(event.target as Element | null)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    // A pointer user can still tap: the highlight follows.
    const onClick = (event: MouseEvent) => {
      const target = (event.target as Element | null)?.closest<HTMLElement>(TARGETS);
      if (!target || event.detail === 0) return;
      afterChoice = { keep: target.hasAttribute('data-scan-keep') ? target : null, nextId: target.getAttribute('data-scan-next') };
      schedule();
    };

    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('keyup', onKeyUp, true);
    root.addEventListener('click', onClick);
    refresh();
    restartTimer();
    return () => {
      observer.disconnect();
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('keyup', onKeyUp, true);
      root.removeEventListener('click', onClick);
      if (timer !== undefined) window.clearInterval(timer);
      for (const old of root.querySelectorAll(`[${SCAN_ATTR}]`)) old.removeAttribute(SCAN_ATTR);
    };
  }, [rootRef, mode, speedMs]);
}
