// ICO and ICNS containers around PNG images (no package needed): both formats may hold PNG data as is.
//   ICO:  6-byte header, one 16-byte entry per image, then the PNGs (Windows Vista and later read PNG entries).
//   ICNS: 'icns' + total length, then one (type, length, PNG) block per size (macOS 10.7 and later).

/** @param {{ size: number, png: Buffer }[]} images */
export function icoFromPngs(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const entries = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const e = Buffer.alloc(16);
    e.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    e.writeUInt8(size >= 256 ? 0 : size, 1);
    e.writeUInt8(0, 2); // no palette
    e.writeUInt8(0, 3);
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

/** The ICNS types that hold PNG data, by pixel size. */
export const ICNS_TYPES = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };

/** @param {{ size: number, png: Buffer }[]} images */
export function icnsFromPngs(images) {
  const blocks = images
    .filter(({ size }) => ICNS_TYPES[size])
    .map(({ size, png }) => {
      const head = Buffer.alloc(8);
      head.write(ICNS_TYPES[size], 0, 'ascii');
      head.writeUInt32BE(png.length + 8, 4);
      return Buffer.concat([head, png]);
    });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + blocks.reduce((n, b) => n + b.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}
