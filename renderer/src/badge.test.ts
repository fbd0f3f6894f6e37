import { describe, expect, it } from 'vitest';
import { BadgeCollector } from './badge';

const feed = (c: BadgeCollector, keys: string[], start = 1000, gap = 10) => keys.map((k, i) => c.key(k, start + i * gap));

describe('BadgeCollector', () => {
  it('reads a fast burst ending in Enter as a badge', () => {
    const c = new BadgeCollector();
    const steps = feed(c, ['1', '0', '0', '2', 'Enter']);
    expect(steps.at(-1)).toEqual({ kind: 'badge', badge: '1002' });
  });

  it('ignores a person typing slowly', () => {
    const c = new BadgeCollector({ maxGapMs: 120 });
    const steps = feed(c, ['1', '0', '0', '2', 'Enter'], 0, 300);
    expect(steps.at(-1)).toEqual({ kind: 'ignored' });
  });

  it('ignores a lone Enter (a keyboard user pressing a button) and too short bursts', () => {
    const c = new BadgeCollector();
    expect(c.key('Enter', 5)).toEqual({ kind: 'ignored' });
    expect(feed(c, ['a', 'b', 'Enter']).at(-1)).toEqual({ kind: 'ignored' });
  });

  it('starts again after a pause, a space or a special key', () => {
    const c = new BadgeCollector();
    c.key('9', 0);
    c.key('9', 10);
    // long pause: the old keys are dropped
    expect(feed(c, ['1', '0', '0', '3', 'Enter'], 5000).at(-1)).toEqual({ kind: 'badge', badge: '1003' });
    feed(c, ['1', '2', ' ', '3', 'Enter'], 9000);
    expect(c.collecting).toBe(false);
    feed(c, ['1', '2', 'Tab', '3', '4', 'Enter'], 12000);
    expect(c.collecting).toBe(false);
  });

  it('says when a burst is being collected (so its Enter is not a button press)', () => {
    const c = new BadgeCollector();
    feed(c, ['A', 'B', 'C']);
    expect(c.collecting).toBe(true);
    c.reset();
    expect(c.collecting).toBe(false);
  });
});
