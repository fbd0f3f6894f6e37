/**
 * Switch scanning, the pure part (unit-tested): which key does what in each mode, and a cursor that walks
 * a list of targets. The DOM part (finding targets, highlighting, timers) is useSwitchScan.ts.
 *
 * - auto ("one switch"): the highlight moves by itself every scanSpeedMs; Space or Enter chooses.
 * - two-switch: Tab / ArrowRight / ArrowDown move on (Shift+Tab / ArrowLeft / ArrowUp move back);
 *   Space or Enter chooses.
 */
export type ScanMode = 'off' | 'auto' | 'two-switch';
export type ScanAction = 'select' | 'next' | 'prev' | null;

export function scanKeyAction(mode: ScanMode, key: string, shiftKey = false): ScanAction {
  if (mode === 'off') return null;
  if (key === ' ' || key === 'Enter' || key === 'Spacebar') return 'select';
  if (mode !== 'two-switch') return null;
  if (key === 'Tab') return shiftKey ? 'prev' : 'next';
  if (key === 'ArrowRight' || key === 'ArrowDown') return 'next';
  if (key === 'ArrowLeft' || key === 'ArrowUp') return 'prev';
  return null;
}

/** A position in a list of targets that survives the list being rebuilt. */
export class ScanCursor<T> {
  private items: T[] = [];
  private index = -1;

  get current(): T | null {
    return this.index >= 0 ? (this.items[this.index] ?? null) : null;
  }

  get size(): number {
    return this.items.length;
  }

  get list(): readonly T[] {
    return this.items;
  }

  /**
   * Replace the targets. The highlight stays on the same target if it is still there (unless `restart`),
   * else goes to `first` (when given and present), else to the start.
   */
  setItems(items: T[], opts: { first?: T | null; restart?: boolean } = {}): T | null {
    const keep = this.current;
    this.items = [...items];
    if (!opts.restart && keep !== null) {
      const at = this.items.indexOf(keep);
      if (at >= 0) {
        this.index = at;
        return this.current;
      }
    }
    const firstAt = opts.first != null ? this.items.indexOf(opts.first) : -1;
    this.index = this.items.length === 0 ? -1 : Math.max(0, firstAt);
    return this.current;
  }

  /** Move to a given target (if present). */
  moveTo(item: T): boolean {
    const at = this.items.indexOf(item);
    if (at < 0) return false;
    this.index = at;
    return true;
  }

  next(): T | null {
    if (this.items.length === 0) return null;
    this.index = (this.index + 1) % this.items.length;
    return this.current;
  }

  prev(): T | null {
    if (this.items.length === 0) return null;
    this.index = (this.index - 1 + this.items.length) % this.items.length;
    return this.current;
  }
}

/**
 * The order in which targets are scanned: the screen's own controls (main) first, starting at its
 * "first" control (Done on the Run screen), then around to the start of main, then the status bar.
 */
export function scanOrder<T>(mainItems: T[], barItems: T[], first: T | null): T[] {
  const at = first !== null ? mainItems.indexOf(first) : -1;
  const rotated = at > 0 ? [...mainItems.slice(at), ...mainItems.slice(0, at)] : [...mainItems];
  return [...rotated, ...barItems];
}
