import { describe, expect, it } from 'vitest';
import { memorySettingsStore } from '../settings';
import { ManualClock } from '../time/clock';
import { SESSION_IDLE_MS, SupervisorGate } from './gate';
import { FIRST_LOCKOUT_MS, hashPin, lockoutMs, MAX_LOCKOUT_MS, SCRYPT_PARAMS, verifyPin } from './pin';

const cheap = { N: 1024, r: 8, p: 1, keyLen: 32 };
const T0 = Date.parse('2026-11-27T09:00:00Z');

function gate(settings = memorySettingsStore(), clock = new ManualClock(T0)) {
  return { settings, clock, gate: new SupervisorGate({ settings, clock, scryptParams: cheap }) };
}

const NAME = 'Meena Iyer';
const PIN = '135790';
/** The station's first supervisor, as first-day set-up adds them. */
const first = (g: SupervisorGate) => g.addFirst(NAME, PIN);

async function unlocked(g: SupervisorGate, pin: string): Promise<string> {
  const r = await g.unlock(pin);
  if (!r.ok || !r.value.unlocked) throw new Error(`not unlocked: ${JSON.stringify(r)}`);
  return r.value.session;
}

describe('PIN hashing', () => {
  it('uses scrypt with a random 16-byte salt, N=2^15, r=8, p=1, 32-byte key by default', async () => {
    const a = await hashPin('4711');
    const b = await hashPin('4711');
    expect(a).toMatchObject({ algo: 'scrypt', N: 2 ** 15, r: 8, p: 1, keyLen: 32 });
    expect(SCRYPT_PARAMS).toEqual({ N: 2 ** 15, r: 8, p: 1, keyLen: 32 });
    expect(Buffer.from(a.salt, 'base64')).toHaveLength(16);
    expect(Buffer.from(a.hash, 'base64')).toHaveLength(32);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
    expect(await verifyPin('4711', a)).toBe(true);
    expect(await verifyPin('4712', a)).toBe(false);
  });

  it('lockouts last 5 minutes, then twice as long each time, at most a day', () => {
    expect(lockoutMs(1)).toBe(FIRST_LOCKOUT_MS);
    expect(FIRST_LOCKOUT_MS).toBe(5 * 60_000);
    expect(lockoutMs(2)).toBe(10 * 60_000);
    expect(lockoutMs(3)).toBe(20 * 60_000);
    expect(lockoutMs(50)).toBe(MAX_LOCKOUT_MS);
  });
});

describe('SupervisorGate', () => {
  it('the first supervisor is added only while there is none; a new PIN needs their session', async () => {
    const { gate: g, settings } = gate();
    expect(g.pinSet()).toBe(false);
    expect(await g.unlock('135790')).toMatchObject({ ok: false, error: { code: 'PIN_NOT_SET' } });
    expect(await g.addFirst('Meena Iyer', '135790')).toMatchObject({ ok: true, value: { unlocked: true, supervisor: { name: 'Meena Iyer' } } });
    expect(g.pinSet()).toBe(true);
    expect(settings.read().supervisors[0]?.pin).toMatchObject({ algo: 'scrypt' });
    expect(JSON.stringify(settings.read())).not.toContain('135790');
    expect(await g.addFirst('Intruder', '975310')).toMatchObject({ ok: false, error: { code: 'SETUP_ALREADY_STARTED' } });
    expect(await g.changePin(undefined, '975310')).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    const session = await unlocked(g, '135790');
    expect(await g.changePin(session, '975310')).toEqual({ ok: true, value: null });
    expect(await g.unlock('135790')).toMatchObject({ ok: true, value: { unlocked: false, attemptsLeft: 4 } });
    await unlocked(g, '975310');
  });

  it('changing the PIN ends the other sessions', async () => {
    const { gate: g } = gate();
    await first(g);
    const a = await unlocked(g, PIN);
    const b = await unlocked(g, PIN);
    expect((await g.changePin(a, '567890')).ok).toBe(true);
    expect(g.check(a).ok).toBe(true);
    expect(g.check(b)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
  });

  it('after 5 wrong PINs in a row even the right one is refused until the lockout ends', async () => {
    const { gate: g, clock } = gate();
    await first(g);
    const left: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await g.unlock('000000');
      if (!r.ok || r.value.unlocked) throw new Error('expected a refusal');
      left.push(r.value.attemptsLeft);
      expect(r.value.lockedUntil).toBeUndefined();
    }
    expect(left).toEqual([4, 3, 2, 1]);
    const fifth = await g.unlock('000000');
    const until = new Date(T0 + 5 * 60_000).toISOString();
    expect(fifth).toEqual({ ok: true, value: { unlocked: false, attemptsLeft: 0, lockedUntil: until } });
    expect(await g.unlock(PIN)).toEqual({ ok: true, value: { unlocked: false, attemptsLeft: 0, lockedUntil: until } });
    clock.advance(5 * 60_000 - 1);
    expect(await g.unlock(PIN)).toMatchObject({ ok: true, value: { unlocked: false, lockedUntil: until } });
    clock.advance(1);
    expect(await g.unlock(PIN)).toMatchObject({ ok: true, value: { unlocked: true } });
  });

  it('a success resets the count; the next lockout after another is twice as long', async () => {
    const { gate: g, clock, settings } = gate();
    await first(g);
    for (let i = 0; i < 3; i++) await g.unlock('000000');
    await unlocked(g, PIN);
    expect(settings.read().supervisors[0]?.pinFailures).toEqual({ count: 0, lockouts: 0 });
    for (let i = 0; i < 5; i++) await g.unlock('000000');
    clock.advance(5 * 60_000);
    for (let i = 0; i < 4; i++) expect(await g.unlock('000000')).toMatchObject({ value: { attemptsLeft: 4 - i } });
    expect(await g.unlock('000000')).toEqual({
      ok: true,
      value: { unlocked: false, attemptsLeft: 0, lockedUntil: new Date(clock.now() + 10 * 60_000).toISOString() },
    });
  });

  it('the lockout is kept in the settings: a new gate (a restart) still refuses', async () => {
    const settings = memorySettingsStore();
    const clock = new ManualClock(T0);
    const before = gate(settings, clock).gate;
    await first(before);
    for (let i = 0; i < 5; i++) await before.unlock('000000');
    const second = gate(settings, clock).gate;
    expect(await second.unlock(PIN)).toMatchObject({ ok: true, value: { unlocked: false, attemptsLeft: 0 } });
  });

  it('wrong PINs sent all at once are all counted', async () => {
    const { gate: g } = gate();
    await first(g);
    const answers = await Promise.all(Array.from({ length: 7 }, () => g.unlock('000000')));
    const left = answers.map((r) => (r.ok && !r.value.unlocked ? r.value.attemptsLeft : -1));
    expect(left).toEqual([4, 3, 2, 1, 0, 0, 0]);
    expect(await g.unlock(PIN)).toMatchObject({ ok: true, value: { unlocked: false } });
  });

  it('sessions are 32 random bytes, end after 10 minutes without use, and stay alive while used', async () => {
    const { gate: g, clock } = gate();
    await first(g);
    const r = await g.unlock(PIN);
    if (!r.ok || !r.value.unlocked) throw new Error('expected unlock');
    expect(r.value.session).toMatch(/^[0-9a-f]{64}$/);
    expect(r.value.expiresAt).toBe(new Date(T0 + SESSION_IDLE_MS).toISOString());
    clock.advance(SESSION_IDLE_MS - 1000);
    expect(g.check(r.value.session).ok).toBe(true);
    clock.advance(SESSION_IDLE_MS - 1000);
    expect(g.check(r.value.session).ok).toBe(true);
    clock.advance(SESSION_IDLE_MS);
    expect(g.check(r.value.session)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED', message: expect.stringMatching(/10 minutes/) } });
    expect(g.check(r.value.session)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
  });

  it('lock ends a session at once; an unknown session is refused', async () => {
    const { gate: g } = gate();
    await first(g);
    const s = await unlocked(g, PIN);
    expect(g.lock(s)).toEqual({ ok: true, value: null });
    expect(g.check(s).ok).toBe(false);
    expect(g.check('ab'.repeat(32)).ok).toBe(false);
    expect(g.check(undefined).ok).toBe(false);
  });
});
