import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertBounded } from '../../../test/support/property';
import { hasAudioMark } from './station-check';

/**
 * The station check looks for lines naming a spoken note ('"audio":') with a faster search than Buffer.indexOf of the
 * whole mark: it must answer exactly as that search does, or an attachment would go unchecked.
 */
const MARK = Buffer.from('"audio":');

describe('hasAudioMark', () => {
  it('answers as Buffer.indexOf of the whole mark (property: bytes from the mark\'s own alphabet, the mark at any place)', () => {
    const piece = fc.constantFrom('"', 'a', 'u', 'd', 'i', 'o', ':', 'udio":', '"a', '"audio":', 'x', '\n', '"audio"', 'audio":');
    assertBounded(fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
      const buf = Buffer.from(parts.join(''), 'latin1');
      expect(hasAudioMark(buf)).toBe(buf.indexOf(MARK) !== -1);
    }), { numRuns: 2000, timeLimitMs: 10_000 });
  });

  it('finds the mark at the very start and the very end, and not a near miss', () => {
    expect(hasAudioMark(Buffer.from('"audio":1'))).toBe(true);
    expect(hasAudioMark(Buffer.from('{"data":{"audio":'))).toBe(true);
    expect(hasAudioMark(Buffer.from('udio":"audio"'))).toBe(false);
    expect(hasAudioMark(Buffer.from('"studio":1,"Audio":2'))).toBe(false);
    expect(hasAudioMark(Buffer.alloc(0))).toBe(false);
  });
});
