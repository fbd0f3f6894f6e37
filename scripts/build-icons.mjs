// Platform icons from the one source image, assets/icon/steadywork.svg (issue 15):
//   node scripts/build-icons.mjs
// writes assets/build/icons/<n>x<n>.png (Linux), assets/build/icon.png (512), assets/build/icon.ico (Windows) and
// assets/build/icon.icns (macOS): electron-builder's buildResources (electron-builder.yml). The SVG is rasterised by
// Chromium (the one scripts/find-chromium.cjs finds: CHROMIUM_PATH, a system one or Playwright's); ICO and ICNS are
// written by scripts/icon-containers.mjs. `npm run dist` runs it before electron-builder (assets/build is not committed).
import { chromium } from '@playwright/test';
import { createRequire } from 'node:module';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { icnsFromPngs, icoFromPngs } from './icon-containers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'assets', 'icon', 'steadywork.svg');
const out = path.join(root, 'assets', 'build');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const svg = await readFile(source, 'utf8');
const found = createRequire(import.meta.url)('./find-chromium.cjs').findChromium();
if (!found.executablePath) {
  process.stderr.write(`${found.problem.replace('for the end-to-end tests and benchmarks', 'to draw the installer icons with (scripts/build-icons.mjs)')}\n`);
  process.exit(1);
}
const browser = await chromium.launch({ executablePath: found.executablePath });
const started = performance.now();
try {
  const page = await browser.newPage();
  const images = [];
  for (const size of SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
    images.push({ size, png: await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } }) });
  }
  await mkdir(path.join(out, 'icons'), { recursive: true });
  for (const { size, png } of images) if (size <= 512) await writeFile(path.join(out, 'icons', `${size}x${size}.png`), png);
  await writeFile(path.join(out, 'icon.png'), images.find((i) => i.size === 512).png);
  await writeFile(path.join(out, 'icon.ico'), icoFromPngs(images.filter((i) => [16, 24, 32, 48, 64, 128, 256].includes(i.size))));
  await writeFile(path.join(out, 'icon.icns'), icnsFromPngs(images));
  console.log(`Steadywork icons: ${SIZES.length} sizes, icon.ico, icon.icns in ${path.relative(root, out)} (${Math.round(performance.now() - started)} ms)`);
} finally {
  await browser.close();
}
