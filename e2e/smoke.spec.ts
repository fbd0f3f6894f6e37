import path from 'node:path';
import { expect, screensDir, test } from './fixtures';

test('the page loads through the harness in the bundled font, with no console errors', async ({ page, harness, pageErrors }) => {
  const response = await page.goto(harness.url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');

  await expect(page.getByRole('heading', { level: 1, name: 'Who is working?' })).toBeVisible();
  await expect(page.getByRole('main')).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Sync: not set up');
  await expect(page).toHaveTitle('Steadywork');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  // The token is read once and removed from the address bar.
  expect(page.url()).not.toContain(harness.token);
  expect(page.url()).toBe(`${harness.origin}/`);

  // Bundled fonts load under the CSP (Latin and Devanagari), and the body text is at least 19px.
  const fonts = await page.evaluate(async () => {
    const latin = await document.fonts.load('400 19px "Noto Sans"', 'Steadywork');
    const devanagari = await document.fonts.load('700 19px "Noto Sans Devanagari"', 'मानक कार्य');
    const body = getComputedStyle(document.body);
    return { latin: latin.length, devanagari: devanagari.length, size: parseFloat(body.fontSize), family: body.fontFamily };
  });
  expect(fonts.latin).toBeGreaterThan(0);
  expect(fonts.devanagari).toBeGreaterThan(0);
  expect(fonts.size).toBeGreaterThanOrEqual(19);
  expect(fonts.family).toMatch(/^"?Noto Sans"?/);

  // A reload keeps working: the tab kept the token.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Who is working?' })).toBeVisible();

  await page.screenshot({ path: path.join(screensDir, 'smoke.png'), fullPage: true });
  expect(pageErrors).toEqual([]);
});

test('the API refuses calls without the session token', async ({ request, harness }) => {
  const none = await request.post(`${harness.origin}/api/ping`);
  expect(none.status()).toBe(401);
  expect(await none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

  const wrong = await request.post(`${harness.origin}/api/ping`, { headers: { Authorization: `Bearer ${'f'.repeat(64)}` } });
  expect(wrong.status()).toBe(401);

  const right = await request.post(`${harness.origin}/api/ping`, { headers: { Authorization: `Bearer ${harness.token}` } });
  expect(right.status()).toBe(200);
  expect(await right.json()).toEqual({ ok: true, value: { version: expect.stringMatching(/^\d+\.\d+\.\d+/) } });
});

test('without the token the page says what to do, in words', async ({ page, harness, pageErrors }) => {
  await page.goto(`${harness.origin}/`);
  await expect(page.getByTestId('shell-status')).toHaveText('This page has no access key. Open the address that the harness printed.');
  expect(pageErrors).toEqual([]);
});
