// The Chromium the end-to-end tests (playwright.config.ts) and the benchmarks (bench/ui.ts) drive, found in one place:
// $CHROMIUM_PATH, else a system Chromium or Chrome (the usual places, then the PATH), else Playwright's own browser if `npx playwright install chromium`
// has put it there. When there is none, `npm test` and `npm run bench` stop at once with HOW_TO_GET_CHROMIUM
// (scripts/check-browser.mjs) instead of Playwright's "download new browsers" banner after minutes of other checks.
'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const HOW_TO_GET_CHROMIUM =
  'Steadywork: no Chromium for the end-to-end tests and benchmarks. Get one with `sudo apt-get install chromium` ' +
  '(Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium or Chrome executable.';

function systemCandidates() {
  if (process.platform === 'darwin') {
    return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  }
  if (process.platform === 'win32') {
    const dirs = [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA].filter(Boolean);
    return dirs.map((d) => path.join(d, 'Google', 'Chrome', 'Application', 'chrome.exe'));
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
}

/** A Chromium or Chrome on the PATH (a browser installed in /usr/local, a Nix or Homebrew profile…). */
function onPath(env) {
  const names = process.platform === 'win32' ? ['chrome.exe', 'chromium.exe'] : ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) for (const name of names) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  return null;
}

/** Playwright's own Chromium, when it has been downloaded (never downloads anything). */
function playwrightChromium() {
  try {
    const { chromium } = require('playwright-core');
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/**
 * @param {NodeJS.ProcessEnv} [env]
 * @param {{ system: string[], playwright: () => string | null }} [where] where to look (the tests pass their own)
 * @returns {{ executablePath: string, source: string } | { executablePath: null, problem: string }}
 */
function findChromium(env = process.env, where = { system: systemCandidates(), playwright: playwrightChromium }) {
  if (env.CHROMIUM_PATH) {
    return existsSync(env.CHROMIUM_PATH)
      ? { executablePath: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' }
      : { executablePath: null, problem: `Steadywork: CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which does not exist. ${HOW_TO_GET_CHROMIUM.replace(/^Steadywork: no Chromium[^.]*\. /, '')}` };
  }
  const system = where.system.find((p) => existsSync(p)) ?? onPath(env);
  if (system) return { executablePath: system, source: 'system' };
  const own = where.playwright();
  if (own) return { executablePath: own, source: 'playwright' };
  return { executablePath: null, problem: HOW_TO_GET_CHROMIUM };
}

module.exports = { findChromium, HOW_TO_GET_CHROMIUM };
