/** The one guard: a guarded channel with a wrong session never reaches its domain; CLOSED once closing. */
import { describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES, CHANNELS, type ChannelImplementations, type ChannelName } from '../../contract';
import { ok, type Result } from '../../contract/result';
import { memorySettingsStore } from '../settings';
import { SUPERVISOR_REQUIRED, SupervisorGate } from '../supervisor';
import { ManualClock } from '../time/clock';
import { guardChannels } from './guard';

const WRONG_SESSION = 'ab'.repeat(32);

/** Every channel as a spy answering ok('domain ran'). */
function spies() {
  const calls = new Map<ChannelName, ReturnType<typeof vi.fn>>();
  const impl = {} as Record<ChannelName, (a: unknown) => Promise<Result<unknown>>>;
  for (const name of CHANNEL_NAMES) {
    const fn = vi.fn(async () => ok('domain ran'));
    calls.set(name, fn);
    impl[name] = fn;
  }
  return { impl: impl as unknown as ChannelImplementations, calls };
}

async function setup() {
  const gate = new SupervisorGate({ settings: memorySettingsStore(), clock: new ManualClock(Date.parse('2026-11-27T08:00:00Z')), scryptParams: { N: 1024, r: 8, p: 1, keyLen: 32 } });
  let closing = false;
  const { impl, calls } = spies();
  const guarded = guardChannels(impl, { closing: () => closing, checkSession: (s) => gate.check(s) }) as unknown as Record<ChannelName, (a: unknown) => Promise<Result<unknown>>>;
  return { gate, guarded, calls, close: () => (closing = true) };
}

describe('guardChannels', () => {
  const guardedNames = CHANNEL_NAMES.filter((n) => CHANNELS[n].access !== 'station');

  it('every guarded channel called with a wrong session answers the supervisor-session error; its domain never runs', async () => {
    const { guarded, calls } = await setup();
    expect(guardedNames).toHaveLength(40);
    for (const name of guardedNames) {
      expect({ name, result: await guarded[name]({ session: WRONG_SESSION }) }).toEqual({
        name,
        result: { ok: false, error: { code: SUPERVISOR_REQUIRED, message: 'A supervisor must enter the PIN first.' } },
      });
      expect({ name, calls: calls.get(name)?.mock.calls.length }).toEqual({ name, calls: 0 });
    }
  });

  it('with a live session every guarded channel runs its domain once; open channels run without one', async () => {
    const { gate, guarded, calls } = await setup();
    expect((await gate.addFirst('Meena Iyer', '135790')).ok).toBe(true);
    const unlocked = await gate.unlock('135790');
    const session = unlocked.ok && unlocked.value.unlocked ? unlocked.value.session : '';
    for (const name of CHANNEL_NAMES) {
      const args = CHANNELS[name].access === 'station' ? {} : { session };
      expect({ name, result: await guarded[name](args) }).toEqual({ name, result: { ok: true, value: 'domain ran' } });
      expect({ name, args: calls.get(name)?.mock.calls }).toEqual({ name, args: [[args]] });
    }
  });

  it('once closing, every channel answers CLOSED and no domain runs', async () => {
    const { guarded, calls, close } = await setup();
    close();
    for (const name of CHANNEL_NAMES) {
      expect(await guarded[name]({ session: WRONG_SESSION })).toEqual({
        ok: false,
        error: { code: 'CLOSED', message: 'The station is shutting down. Start Steadywork again to continue.' },
      });
    }
    expect([...calls.values()].every((fn) => fn.mock.calls.length === 0)).toBe(true);
  });
});
