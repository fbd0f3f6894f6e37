/** Named supervisors: each their own PIN and lockout; added, renamed and removed by a supervisor; sessions know who. */
import { describe, expect, it } from 'vitest';
import { memorySettingsStore } from '../settings';
import { ManualClock } from '../time/clock';
import { SupervisorGate } from './gate';

const cheap = { N: 1024, r: 8, p: 1, keyLen: 32 };
const T0 = Date.parse('2026-11-27T09:00:00Z');

async function twoSupervisors() {
  const settings = memorySettingsStore();
  const clock = new ManualClock(T0);
  const gate = new SupervisorGate({ settings, clock, scryptParams: cheap });
  const first = await gate.addFirst('Meena Iyer', '135790');
  if (!first.ok) throw new Error('no first supervisor');
  const list = await gate.save(first.value.session, { name: 'Ravi Shah', pin: '246801' });
  if (!list.ok) throw new Error(list.error.message);
  const [meena, ravi] = list.value;
  return { settings, clock, gate, meena: meena!, ravi: ravi!, session: first.value.session };
}

async function sessionOf(gate: SupervisorGate, pin: string, supervisorId?: string): Promise<string> {
  const r = await gate.unlock(pin, supervisorId);
  if (!r.ok || !r.value.unlocked) throw new Error(`not unlocked: ${JSON.stringify(r)}`);
  return r.value.session;
}

describe('named supervisors', () => {
  it('the first one is created only while there is none; the session names them', async () => {
    const { gate, meena, session } = await twoSupervisors();
    expect(gate.whoIs(session)).toEqual({ id: meena.id, name: 'Meena Iyer' });
    expect(await gate.addFirst('Someone', '111111')).toMatchObject({ ok: false, error: { code: 'SETUP_ALREADY_STARTED' } });
    expect(await gate.changePin(undefined, '111111')).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    expect(gate.list().map((s) => s.name)).toEqual(['Meena Iyer', 'Ravi Shah']);
  });

  it('unlock names the supervisor; with several, the screen must say who', async () => {
    const { gate, ravi } = await twoSupervisors();
    expect(await gate.unlock('246801')).toMatchObject({ ok: false, error: { code: 'CHOOSE_SUPERVISOR' } });
    expect(await gate.unlock('246801', 'nobody')).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_NOT_FOUND' } });
    const r = await gate.unlock('246801', ravi.id);
    expect(r).toMatchObject({ ok: true, value: { unlocked: true, supervisor: { id: ravi.id, name: 'Ravi Shah' } } });
    // Another supervisor's PIN does not open Ravi.
    expect(await gate.unlock('135790', ravi.id)).toMatchObject({ ok: true, value: { unlocked: false, attemptsLeft: 4 } });
  });

  it('lockout is per person: Ravi locked out, Meena still opens', async () => {
    const { gate, meena, ravi, settings } = await twoSupervisors();
    for (let i = 0; i < 5; i++) await gate.unlock('000000', ravi.id);
    expect(await gate.unlock('246801', ravi.id)).toMatchObject({ ok: true, value: { unlocked: false, attemptsLeft: 0, lockedUntil: expect.any(String) } });
    expect(gate.whoIs(await sessionOf(gate, '135790', meena.id))?.name).toBe('Meena Iyer');
    const stored = settings.read().supervisors;
    expect(stored.find((s) => s.id === ravi.id)?.pinFailures).toMatchObject({ lockouts: 1, lockedUntil: expect.any(String) });
    expect(stored.find((s) => s.id === meena.id)?.pinFailures).toEqual({ count: 0, lockouts: 0 });
  });

  it('rename keeps the PIN; names are unique; a new supervisor needs a PIN', async () => {
    const { gate, ravi, session } = await twoSupervisors();
    expect(await gate.save(session, { id: ravi.id, name: 'Ravi K. Shah' })).toMatchObject({ ok: true, value: [{ name: 'Meena Iyer' }, { id: ravi.id, name: 'Ravi K. Shah' }] });
    expect(gate.whoIs(await sessionOf(gate, '246801', ravi.id))?.name).toBe('Ravi K. Shah');
    expect(await gate.save(session, { name: 'meena iyer', pin: '999999' })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_NAME_TAKEN' } });
    expect(await gate.save(session, { name: 'Asha' })).toMatchObject({ ok: false, error: { code: 'PIN_REQUIRED' } });
    expect(await gate.save(session, { id: 'nobody', name: 'Asha' })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_NOT_FOUND' } });
    expect(await gate.save('ab'.repeat(32), { name: 'Asha', pin: '123456' })).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    expect(gate.list()).toHaveLength(2);
  });

  it('remove: never the last one; the removed one is signed out at once', async () => {
    const { gate, meena, ravi, session } = await twoSupervisors();
    const raviSession = await sessionOf(gate, '246801', ravi.id);
    expect(await gate.remove(session, ravi.id)).toEqual({ ok: true, value: [{ id: meena.id, name: 'Meena Iyer' }] });
    expect(gate.check(raviSession)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_REQUIRED' } });
    expect(await gate.unlock('246801', ravi.id)).toMatchObject({ ok: false, error: { code: 'SUPERVISOR_NOT_FOUND' } });
    // Meena alone cannot remove herself.
    expect(await gate.remove(session, meena.id)).toMatchObject({ ok: false, error: { code: 'LAST_SUPERVISOR', message: expect.stringContaining('Meena Iyer is the only supervisor') } });
    expect(gate.list()).toHaveLength(1);
    // With one unlock (no id), the only supervisor opens as before.
    expect(gate.whoIs(await sessionOf(gate, '135790'))?.id).toBe(meena.id);
  });

  it('one removes themselves while another exists: allowed, and their session ends', async () => {
    const { gate, meena, ravi, session } = await twoSupervisors();
    expect(await gate.remove(session, meena.id)).toEqual({ ok: true, value: [{ id: ravi.id, name: 'Ravi Shah' }] });
    expect(gate.whoIs(session)).toBeUndefined();
  });

  it('changePin: their own PIN only; their other sessions end, the other supervisor keeps theirs', async () => {
    const { gate, meena, ravi, session } = await twoSupervisors();
    const meenaElsewhere = await sessionOf(gate, '135790', meena.id);
    const raviSession = await sessionOf(gate, '246801', ravi.id);
    expect(await gate.changePin(session, '112233')).toEqual({ ok: true, value: null });
    expect(gate.check(meenaElsewhere).ok).toBe(false);
    expect(gate.check(session).ok).toBe(true);
    expect(gate.check(raviSession).ok).toBe(true);
    expect(await gate.unlock('135790', meena.id)).toMatchObject({ ok: true, value: { unlocked: false } });
    expect(gate.whoIs(await sessionOf(gate, '112233', meena.id))?.name).toBe('Meena Iyer');
    expect(gate.whoIs(await sessionOf(gate, '246801', ravi.id))?.name).toBe('Ravi Shah');
  });
});
