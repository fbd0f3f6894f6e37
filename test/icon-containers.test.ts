/** The icon containers of scripts/build-icons.mjs: ICO and ICNS that Windows and macOS read (PNG entries). */
import { describe, expect, it } from 'vitest';

type Img = { size: number; png: Buffer };
const load = async () =>
  (await import('../scripts/icon-containers.mjs' as string)) as { icoFromPngs: (i: Img[]) => Buffer; icnsFromPngs: (i: Img[]) => Buffer; ICNS_TYPES: Record<number, string> };
const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(n, n & 0xff)]);

describe('icon containers', () => {
  it('ICO: header, one entry per size (256 written as 0), each entry pointing at its PNG', async () => {
    const { icoFromPngs } = await load();
    const images = [16, 32, 256].map((size) => ({ size, png: png(size) }));
    const ico = icoFromPngs(images);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 3]);
    images.forEach(({ size, png: data }, i) => {
      const e = 6 + 16 * i;
      expect(ico.readUInt8(e)).toBe(size === 256 ? 0 : size);
      expect(ico.readUInt16LE(e + 6)).toBe(32);
      const length = ico.readUInt32LE(e + 8);
      const offset = ico.readUInt32LE(e + 12);
      expect(ico.subarray(offset, offset + length).equals(data)).toBe(true);
    });
    expect(ico.length).toBe(6 + 48 + images.reduce((n, i) => n + i.png.length, 0));
  });

  it('ICNS: "icns" and the total length, then a typed block per size it knows (others left out)', async () => {
    const { icnsFromPngs, ICNS_TYPES } = await load();
    const images = [16, 24, 512, 1024].map((size) => ({ size, png: png(size) }));
    const icns = icnsFromPngs(images);
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types.push(icns.subarray(at, at + 4).toString('ascii'));
      expect(icns.subarray(at + 8, at + 16).equals(png(1).subarray(0, 8))).toBe(true);
    }
    expect(types).toEqual([ICNS_TYPES[16], ICNS_TYPES[512], ICNS_TYPES[1024]]);
  });
});
