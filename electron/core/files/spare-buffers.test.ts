import { describe, expect, it } from 'vitest';
import { giveBackBuffer, takeBuffer } from './spare-buffers';

describe('spare buffers', () => {
  it('gives a buffer back to the next taker of its size, never to two takers at once, and keeps at most two', () => {
    const a = takeBuffer(1 << 16);
    const b = takeBuffer(1 << 16);
    expect(b).not.toBe(a);
    giveBackBuffer(a);
    giveBackBuffer(a); // twice: still kept once
    const again = takeBuffer(1 << 16);
    expect(again).toBe(a);
    expect(takeBuffer(1 << 16)).not.toBe(a); // a is taken: a new one
    expect(takeBuffer(1 << 15)).not.toBe(a); // another size: a new one

    const kept = [takeBuffer(1 << 12), takeBuffer(1 << 12), takeBuffer(1 << 12)];
    for (const k of kept) giveBackBuffer(k);
    const taken = [takeBuffer(1 << 12), takeBuffer(1 << 12), takeBuffer(1 << 12)];
    expect(taken.filter((t) => kept.includes(t))).toHaveLength(2);
  });
});
