import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY } from './csp';

describe('renderer/index.html', () => {
  it('carries the same CSP in its <meta> as the header, less the header-only frame-ancestors', async () => {
    const html = await readFile(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    expect(meta?.[1]).toBe(META_CONTENT_SECURITY_POLICY);
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", '')).toBe(META_CONTENT_SECURITY_POLICY);
  });

  it('declares a language and a viewport, and loads only local files', async () => {
    const html = await readFile(path.resolve(__dirname, '../../renderer/index.html'), 'utf8');
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline script
    expect(html).not.toMatch(/<style/);
  });
});
