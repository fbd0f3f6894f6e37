/**
 * Where the window opens (issue 15, item 1): the size and place it had when it was last closed (the shell's
 * preferences), but never off every screen. A station whose second monitor was unplugged, or whose resolution went
 * down, would otherwise open a window nobody can see or reach on a kiosk without a mouse. Pure: the displays are
 * handed in (Electron's screen.getAllDisplays() / getPrimaryDisplay() after 'ready').
 */
import type { WindowBounds } from './shell-prefs';

export type Rect = { x: number; y: number; width: number; height: number };
export type DisplayLike = { workArea: Rect };

/** How much of the title bar must be on a screen to count as reachable (grab it, or see the window at all). */
export const REACHABLE = { width: 160, titleBar: 40 } as const;

const overlap = (a: Rect, b: Rect) => ({
  width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
  height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
});

/** Whether the top strip of the window (its title bar) shows on some screen's work area. */
export function reachable(bounds: Rect, displays: readonly DisplayLike[]): boolean {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: Math.min(REACHABLE.titleBar, bounds.height) };
  return displays.some((d) => {
    const o = overlap(titleBar, d.workArea);
    return o.width >= Math.min(REACHABLE.width, bounds.width) && o.height >= Math.min(REACHABLE.titleBar, bounds.height) / 2;
  });
}

/**
 * The bounds to open the window with. The saved ones when their title bar is on a screen that is still there; else
 * the saved size, shrunk to the main screen's work area if need be, centred on it. Without a saved place, the saved
 * size (no x/y: the OS places it). Null when nothing was saved (the default size).
 */
export function placeWindow(saved: WindowBounds | null, displays: readonly DisplayLike[], primary: DisplayLike): WindowBounds | null {
  if (!saved) return null;
  if (saved.x !== undefined && saved.y !== undefined && reachable({ x: saved.x, y: saved.y, width: saved.width, height: saved.height }, displays)) return saved;
  const area = primary.workArea;
  const width = Math.min(saved.width, area.width);
  const height = Math.min(saved.height, area.height);
  if (saved.x === undefined || saved.y === undefined) return { width, height };
  return { x: area.x + Math.round((area.width - width) / 2), y: area.y + Math.round((area.height - height) / 2), width, height };
}
