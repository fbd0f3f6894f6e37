import { describe, expect, it, vi } from 'vitest';
import { takeHarnessToken } from './shell';

function fakeWindow(href: string) {
  const store = new Map<string, string>();
  const replaceState = vi.fn();
  const win = {
    location: { href } as Location,
    history: { state: null, replaceState } as unknown as History,
    sessionStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    } as unknown as Storage,
  };
  return { win, replaceState, store };
}

const TOKEN = 'ab'.repeat(32);

describe('takeHarnessToken', () => {
  it('reads ?token= once, keeps it for the tab and removes it from the address bar', () => {
    const { win, replaceState } = fakeWindow(`http://127.0.0.1:5000/?token=${TOKEN}&lang=hi#step-2`);
    expect(takeHarnessToken(win)).toBe(TOKEN);
    expect(replaceState).toHaveBeenCalledExactlyOnceWith(null, '', '/?lang=hi#step-2');
    // After a reload the address has no token; the tab still has it.
    win.location = { href: 'http://127.0.0.1:5000/?lang=hi' } as Location;
    expect(takeHarnessToken(win)).toBe(TOKEN);
    expect(replaceState).toHaveBeenCalledOnce();
  });

  it('ignores a malformed token but still removes it from the address bar', () => {
    const { win, replaceState } = fakeWindow('http://127.0.0.1:5000/?token=<script>');
    expect(takeHarnessToken(win)).toBeNull();
    expect(replaceState).toHaveBeenCalledExactlyOnceWith(null, '', '/');
  });

  it('answers null when there is no token at all', () => {
    expect(takeHarnessToken(fakeWindow('http://127.0.0.1:5000/').win)).toBeNull();
  });
});
