/**
 * The Devanagari font of the HTML scorecard (issue 11): a report printed to PDF on a computer without a Hindi font
 * showed Hindi as boxes. The report embeds the font the app already ships for its screens (@fontsource's Noto Sans
 * Devanagari, SIL Open Font License 1.1: embedding is allowed), its Devanagari subset only, 400 and 700, as base64
 * @font-face rules (~140 kB in the file), and only when the report holds Devanagari text.
 *
 * The woff2 files are found where the build puts the renderer's fonts (dist/renderer/fonts/, beside the app's and the
 * CLI's bundles) or, in development and tests, in node_modules/@fontsource.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const FACES = [
  { weight: 400, file: 'noto-sans-devanagari-devanagari-400-normal.woff2' },
  { weight: 700, file: 'noto-sans-devanagari-devanagari-700-normal.woff2' },
];
/** The Devanagari block and the few marks the subset covers (as in renderer/src/styles/fonts.css). */
const UNICODE_RANGE = 'U+0900-097F, U+1CD0-1CF9, U+200C-200D, U+20A8, U+20B9, U+20F0, U+25CC, U+A830-A839, U+A8E0-A8FF, U+11B00-11B09';

/** Devanagari text (the block U+0900–U+097F). */
export const hasDevanagari = (s: string): boolean => /[\u0900-\u097F]/.test(s);

function fontFile(name: string): string | null {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const candidates = [
    path.join(here, '..', 'renderer', 'fonts', name),
    path.join(here, 'renderer', 'fonts', name),
    path.join(here, '..', '..', '..', 'node_modules', '@fontsource', 'noto-sans-devanagari', 'files', name),
    path.join(process.cwd(), 'node_modules', '@fontsource', 'noto-sans-devanagari', 'files', name),
  ];
  return candidates.find((f) => existsSync(f)) ?? null;
}

let cached: string | null = null;

/** The @font-face rules of Noto Sans Devanagari with the font inline, or '' when the font files cannot be found. */
export function devanagariFontFaces(): string {
  if (cached !== null) return cached;
  const rules: string[] = [];
  for (const face of FACES) {
    const file = fontFile(face.file);
    if (!file) continue;
    const data = readFileSync(file).toString('base64');
    rules.push(`@font-face{font-family:"Noto Sans Devanagari";font-style:normal;font-weight:${face.weight};src:url(data:font/woff2;base64,${data}) format("woff2");unicode-range:${UNICODE_RANGE}}`);
  }
  cached = rules.join('\n');
  return cached;
}
