import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '../../electron/contract';

const shell = vi.hoisted(() => {
  class HarnessError extends Error {
    constructor(readonly status: number) {
      super(`HTTP ${status}`);
    }
  }
  return { HarnessError, callHarness: vi.fn<(channel: string, args?: unknown) => Promise<unknown>>() };
});
vi.mock('./shell', () => shell);

const { api } = await import('./api');
const g = globalThis as { window?: unknown };

afterEach(() => {
  delete g.window;
  shell.callHarness.mockReset();
});

describe('api (renderer client)', () => {
  it('has one function per contract channel', () => {
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES].sort());
  });

  it('without the Electron bridge calls the harness and passes its envelope through', async () => {
    shell.callHarness.mockResolvedValueOnce({ ok: true, value: [] });
    expect(await api['routines.due']({})).toEqual({ ok: true, value: [] });
    expect(shell.callHarness).toHaveBeenCalledWith('routines.due', {});
    shell.callHarness.mockResolvedValueOnce({ ok: false, error: { code: 'BAD_ARGUMENTS', message: 'x' } });
    expect(await api['runs.tick']({ runId: 'r', actor: 'a', stepId: 's' })).toEqual({ ok: false, error: { code: 'BAD_ARGUMENTS', message: 'x' } });
  });

  it('turns 401 into UNAUTHORIZED and network trouble into UNREACHABLE, never throwing', async () => {
    shell.callHarness.mockRejectedValueOnce(new shell.HarnessError(401));
    expect(await api['station.info']({})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    shell.callHarness.mockRejectedValueOnce(new shell.HarnessError(502));
    expect(await api['station.info']({})).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    shell.callHarness.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect(await api['station.info']({})).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
    shell.callHarness.mockResolvedValueOnce('<html>');
    expect(await api['station.info']({})).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
  });

  it('uses window.steadywork in Electron', async () => {
    const due = vi.fn(async () => ({ ok: true, value: ['x'] }));
    g.window = { steadywork: { version: '1.0.0', 'routines.due': due } };
    expect(await api['routines.due']({})).toEqual({ ok: true, value: ['x'] });
    expect(due).toHaveBeenCalledWith({});
    expect(shell.callHarness).not.toHaveBeenCalled();
    expect(await api['runs.open']({})).toMatchObject({ ok: false, error: { code: 'UNREACHABLE' } });
  });
});
