// First step of `npm test`, `npm run test:e2e` and `npm run bench`: is there a Chromium to drive? If not, say in one
// line how to get one and exit 1, before minutes of other checks and without Playwright's download banner.
import { createRequire } from 'node:module';

const { findChromium } = createRequire(import.meta.url)('./find-chromium.cjs');
const found = findChromium();
if (!found.executablePath) {
  process.stderr.write(`${found.problem}\n`);
  process.exit(1);
}
