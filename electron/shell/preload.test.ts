/** electron/preload.ts with a stand-in `electron`: exactly the contract and the version, nothing else. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, ipcChannel } from '../contract';
import { CHANNEL_NAME_LIST } from '../contract/channel-names';
import { APP_VERSION } from './version';

const fake = vi.hoisted(() => {
  const exposed: Record<string, unknown> = {};
  return {
    exposed,
    module: {
      contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)) },
      ipcRenderer: { invoke: vi.fn(async (channel: string, args: unknown) => ({ ok: true, value: { channel, args } })) },
    },
  };
});
vi.mock('electron', () => fake.module);

describe('electron/preload.ts', () => {
  beforeAll(async () => {
    await import('../preload');
  });

  it('its list of names is exactly the contract\'s channels, in the same order', () => {
    expect([...CHANNEL_NAME_LIST]).toEqual(CHANNEL_NAMES);
  });

  it('exposes only window.steadywork: one function per channel plus version, frozen', () => {
    expect(fake.module.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(fake.exposed)).toEqual(['steadywork']);
    const api = fake.exposed.steadywork as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...CHANNEL_NAMES, 'version'].sort());
    expect(api.version).toBe(APP_VERSION);
    for (const name of CHANNEL_NAMES) expect(typeof api[name]).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.values(api)).not.toContain(fake.module.ipcRenderer);
    expect(Object.values(api)).not.toContain(fake.module.ipcRenderer.invoke);
  });

  it('each function invokes steadywork:<channel> with the arguments and answers what main answers', async () => {
    const api = fake.exposed.steadywork as Record<string, (args: unknown) => Promise<unknown>>;
    for (const name of CHANNEL_NAMES) {
      const answer = await api[name]!({ a: 1 });
      expect(answer).toEqual({ ok: true, value: { channel: ipcChannel(name), args: { a: 1 } } });
    }
    expect(fake.module.ipcRenderer.invoke).toHaveBeenCalledTimes(CHANNEL_NAMES.length);
  });
});
