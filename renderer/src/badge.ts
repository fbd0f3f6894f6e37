/**
 * A badge reader "types" the badge like a keyboard, very fast, and ends with Enter. This collector tells
 * such a burst apart from a person typing: every key must follow the one before within `maxGapMs`.
 * Pure: fed with keys and times, so it is unit-tested without a browser.
 */
export type BadgeOptions = {
  /** Longest pause between two keys of one badge (readers type a key every few milliseconds). */
  maxGapMs?: number;
  /** Shortest badge. */
  minLength?: number;
  maxLength?: number;
};

export type BadgeStep = { kind: 'ignored' } | { kind: 'collecting' } | { kind: 'badge'; badge: string };

export class BadgeCollector {
  private buffer = '';
  private lastAt = -Infinity;
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly maxLength: number;

  constructor(opts: BadgeOptions = {}) {
    this.maxGapMs = opts.maxGapMs ?? 120;
    this.minLength = opts.minLength ?? 3;
    this.maxLength = opts.maxLength ?? 64;
  }

  /** Feed one key (KeyboardEvent.key) pressed at `atMs`. */
  key(key: string, atMs: number): BadgeStep {
    const gap = atMs - this.lastAt;
    if (key === 'Enter') {
      const candidate = this.buffer;
      const fast = gap <= this.maxGapMs;
      this.reset();
      return fast && candidate.length >= this.minLength ? { kind: 'badge', badge: candidate } : { kind: 'ignored' };
    }
    // Printable characters only (a space is not part of a badge: it activates buttons).
    if (key.length !== 1 || key === ' ') {
      this.reset();
      return { kind: 'ignored' };
    }
    if (this.buffer.length > 0 && gap > this.maxGapMs) this.buffer = '';
    if (this.buffer.length >= this.maxLength) this.buffer = '';
    this.buffer += key;
    this.lastAt = atMs;
    return { kind: 'collecting' };
  }

  /** True while a burst is being collected (so its Enter must not activate the focused button). */
  get collecting(): boolean {
    return this.buffer.length >= this.minLength;
  }

  reset(): void {
    this.buffer = '';
    this.lastAt = -Infinity;
  }
}
