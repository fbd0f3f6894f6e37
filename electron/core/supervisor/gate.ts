/**
 * The named supervisors and their sessions: each supervisor has their own PIN (pin.ts) and their own lockout, kept
 * in the settings file so restarting the app does not reset it. A session is 32 random bytes (hex), kept in memory
 * only, knows which supervisor opened it (whoIs), and ends after SESSION_IDLE_MS without use, by lock(), when its
 * supervisor is removed, or when they change their PIN elsewhere.
 *
 * The first supervisor: setup.start (first-day set-up, addFirst), only while the station has no supervisor. Nobody
 * can set a PIN without a session.
 */
import { randomBytes } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';
import type { SupervisorRef, UnlockResult } from '../../contract';
import { fail, ok, type Result } from '../../contract/result';
import { MAX_SUPERVISORS, type StoredSettings, type StoredSupervisor } from '../settings/schema';
import type { SettingsStore } from '../settings/store';
import { isoWithOffset, type Clock } from '../time/clock';
import { hashPin, lockoutMs, MAX_ATTEMPTS, verifyPin } from './pin';

export const SESSION_IDLE_MS = 10 * 60_000;
export const SUPERVISOR_REQUIRED = 'SUPERVISOR_REQUIRED';

export type SupervisorGateOptions = {
  settings: SettingsStore;
  clock: Clock;
  /** For tests: cheaper scrypt parameters. */
  scryptParams?: { N: number; r: number; p: number; keyLen: number };
};

type Opened = Extract<UnlockResult, { unlocked: true }>;
const ref = (s: StoredSupervisor): SupervisorRef => ({ id: s.id, name: s.name });
const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** Checks PINs, counts wrong ones per supervisor, and hands out and checks sessions. */
export class SupervisorGate {
  private readonly sessions = new Map<string, { supervisorId: string; last: number }>();
  private queue: Promise<unknown> = Promise.resolve();
  constructor(private readonly opts: SupervisorGateOptions) {}

  /** Whether the station has a supervisor (one with a PIN). */
  pinSet(): boolean {
    return this.opts.settings.read().supervisors.length > 0;
  }

  list(): SupervisorRef[] {
    return this.opts.settings.read().supervisors.map(ref);
  }

  /** Unlock as one supervisor. Calls are taken one at a time, so parallel guesses are all counted. */
  unlock(pin: string, supervisorId?: string): Promise<Result<UnlockResult>> {
    return this.serial(async () => {
      const all = this.opts.settings.read().supervisors;
      if (all.length === 0) return fail('PIN_NOT_SET', 'This station has no supervisor yet. Finish first-day set-up to create the first one.');
      const who = supervisorId === undefined ? (all.length === 1 ? all[0] : undefined) : all.find((s) => s.id === supervisorId);
      if (who === undefined) {
        return supervisorId === undefined
          ? fail('CHOOSE_SUPERVISOR', 'This station has several supervisors. Choose your name first, then enter your PIN.')
          : fail('SUPERVISOR_NOT_FOUND', `There is no supervisor "${supervisorId}" on this station. Choose a name from the list.`);
      }
      const now = this.opts.clock.now();
      const lockedUntilMs = who.pinFailures.lockedUntil ? Date.parse(who.pinFailures.lockedUntil) : NaN;
      if (Number.isFinite(lockedUntilMs) && lockedUntilMs > now) {
        return ok({ unlocked: false, attemptsLeft: 0, lockedUntil: this.stationTime(lockedUntilMs) });
      }
      const failures = { ...who.pinFailures };
      if (failures.lockedUntil !== undefined) {
        // The lockout is over: a fresh set of attempts (the lockout count stays until a success).
        delete failures.lockedUntil;
        failures.count = 0;
      }
      if (await verifyPin(pin, who.pin)) {
        this.writeSupervisor(who.id, (s) => ({ ...s, pinFailures: { count: 0, lockouts: 0 } }));
        return ok(this.openSession(who));
      }
      failures.count += 1;
      let result: UnlockResult;
      if (failures.count >= MAX_ATTEMPTS) {
        failures.lockouts += 1;
        failures.count = 0;
        failures.lockedUntil = new Date(now + lockoutMs(failures.lockouts)).toISOString();
        result = { unlocked: false, attemptsLeft: 0, lockedUntil: this.stationTime(now + lockoutMs(failures.lockouts)) };
      } else {
        result = { unlocked: false, attemptsLeft: MAX_ATTEMPTS - failures.count };
      }
      this.writeSupervisor(who.id, (s) => ({ ...s, pinFailures: failures }));
      return ok(result);
    });
  }

  /** A time as the station's clock shows it (its zone's offset): the screens show "try again at" on that clock. */
  private stationTime(ms: number): string {
    return isoWithOffset(ms, this.opts.clock.timeZone);
  }

  /**
   * The first supervisor, while there is none: `alsoChange` adds the rest of the same settings write (set-up's
   * station name and zone). Answers their session.
   */
  addFirst(name: string, pin: string, alsoChange: (s: StoredSettings) => StoredSettings = (s) => s): Promise<Result<Opened>> {
    return this.serial(async () => {
      if (this.pinSet()) return fail('SETUP_ALREADY_STARTED', 'This station already has a supervisor. Ask them to sign in; they can add you in Settings.');
      const added: StoredSupervisor = { id: uuidv4(), name: name.trim(), pin: await hashPin(pin, this.opts.scryptParams), pinFailures: { count: 0, lockouts: 0 } };
      const s = this.opts.settings.read();
      if (s.supervisors.length > 0) return fail('SETUP_ALREADY_STARTED', 'This station already has a supervisor. Ask them to sign in; they can add you in Settings.');
      this.opts.settings.write(alsoChange({ ...s, supervisors: [added] }));
      return ok(this.openSession(added));
    });
  }

  /** The signed-in supervisor's new PIN; their other sessions end. */
  changePin(session: string | undefined, pin: string): Promise<Result<null>> {
    return this.serial(async () => {
      const who = this.whoIsChecked(session);
      if (!who.ok) return who;
      const hash = await hashPin(pin, this.opts.scryptParams);
      this.writeSupervisor(who.value.id, (s) => ({ ...s, pin: hash, pinFailures: { count: 0, lockouts: 0 } }));
      this.endSessions(who.value.id, session);
      return ok(null);
    });
  }

  /** Add (no id: a PIN is required) or rename (and optionally re-PIN) a supervisor. Names are unique. */
  save(session: string, next: { id?: string | undefined; name: string; pin?: string | undefined }): Promise<Result<SupervisorRef[]>> {
    return this.serial(async () => {
      const who = this.whoIsChecked(session);
      if (!who.ok) return who;
      const before = this.opts.settings.read().supervisors;
      const current = next.id === undefined ? undefined : before.find((s) => s.id === next.id);
      if (next.id !== undefined && current === undefined) return fail('SUPERVISOR_NOT_FOUND', `There is no supervisor "${next.id}" on this station.`);
      const taken = before.find((s) => s.id !== next.id && sameName(s.name, next.name));
      if (taken) return fail('SUPERVISOR_NAME_TAKEN', `There is already a supervisor called "${taken.name}". Give each supervisor a name people can tell apart.`);
      if (current === undefined && next.pin === undefined) return fail('PIN_REQUIRED', `A new supervisor needs a PIN of at least 6 digits. Type one for ${next.name}.`);
      if (current === undefined && before.length >= MAX_SUPERVISORS) return fail('TOO_MANY_SUPERVISORS', `A station can have at most ${MAX_SUPERVISORS} supervisors. Remove one first.`);
      const pin = next.pin === undefined ? undefined : await hashPin(next.pin, this.opts.scryptParams);
      const s = this.opts.settings.read();
      const saved: StoredSupervisor = current
        ? { ...current, name: next.name.trim(), ...(pin ? { pin, pinFailures: { count: 0, lockouts: 0 } } : {}) }
        : { id: uuidv4(), name: next.name.trim(), pin: pin!, pinFailures: { count: 0, lockouts: 0 } };
      const exists = s.supervisors.some((x) => x.id === saved.id);
      const supervisors = exists ? s.supervisors.map((x) => (x.id === saved.id ? saved : x)) : [...s.supervisors, saved];
      this.opts.settings.write({ ...s, supervisors });
      if (pin && current) this.endSessions(current.id, session);
      return ok(supervisors.map(ref));
    });
  }

  /** Remove a supervisor: never the last one. Their sessions end (removing oneself signs one out). */
  remove(session: string, supervisorId: string): Promise<Result<SupervisorRef[]>> {
    return this.serial(async () => {
      const who = this.whoIsChecked(session);
      if (!who.ok) return who;
      const s = this.opts.settings.read();
      const gone = s.supervisors.find((x) => x.id === supervisorId);
      if (!gone) return fail('SUPERVISOR_NOT_FOUND', `There is no supervisor "${supervisorId}" on this station.`);
      if (s.supervisors.length === 1) {
        return fail('LAST_SUPERVISOR', `${gone.name} is the only supervisor of this station and cannot be removed. Add another supervisor first.`);
      }
      const supervisors = s.supervisors.filter((x) => x.id !== supervisorId);
      this.opts.settings.write({ ...s, supervisors });
      this.endSessions(supervisorId);
      return ok(supervisors.map(ref));
    });
  }

  /** Ends a session. Ending one that has already ended is fine. */
  lock(session: string): Result<null> {
    this.sessions.delete(session);
    return ok(null);
  }

  /**
   * How long a session lives without use: SESSION_IDLE_MS, or longer when the station lets its supervisor screens
   * stay open longer (supervisorIdleMinutes). The screen itself locks sooner (after supervisorIdleMinutes); this is
   * the backstop for a screen that is gone.
   */
  private idleMs(): number {
    const minutes = this.opts.settings.read().settings.supervisorIdleMinutes ?? 0;
    return Math.max(SESSION_IDLE_MS, minutes * 60_000);
  }

  /** Is this a live session? Using it keeps it alive for another idleMs(). */
  check(session: string | undefined): Result<void> {
    const who = this.whoIsChecked(session);
    return who.ok ? ok(undefined) : who;
  }

  /** The supervisor of a live session (without using it), or undefined: who signs, answers, publishes, changes. */
  whoIs(session: string | undefined): SupervisorRef | undefined {
    const open = session === undefined ? undefined : this.sessions.get(session);
    if (open === undefined || this.opts.clock.now() - open.last >= this.idleMs()) return undefined;
    const found = this.opts.settings.read().supervisors.find((s) => s.id === open.supervisorId);
    return found ? ref(found) : undefined;
  }

  private whoIsChecked(session: string | undefined): Result<SupervisorRef> {
    const now = this.opts.clock.now();
    const open = session === undefined ? undefined : this.sessions.get(session);
    const idleMs = this.idleMs();
    const who = open === undefined ? undefined : this.opts.settings.read().supervisors.find((s) => s.id === open.supervisorId);
    if (session === undefined || open === undefined || who === undefined || now - open.last >= idleMs) {
      if (session !== undefined) this.sessions.delete(session);
      return fail(
        SUPERVISOR_REQUIRED,
        open !== undefined && who !== undefined
          ? `The supervisor session has ended after ${Math.round(idleMs / 60_000)} minutes without use. Enter the PIN again.`
          : 'A supervisor must enter the PIN first.',
      );
    }
    open.last = now;
    return ok(ref(who));
  }

  private openSession(who: StoredSupervisor): Opened {
    const session = randomBytes(32).toString('hex');
    const now = this.opts.clock.now();
    const idleMs = this.idleMs();
    for (const [s, open] of this.sessions) if (now - open.last >= idleMs) this.sessions.delete(s);
    this.sessions.set(session, { supervisorId: who.id, last: now });
    return { unlocked: true, session, expiresAt: new Date(now + idleMs).toISOString(), supervisor: ref(who) };
  }

  /** Ends a supervisor's sessions, except `keep`. */
  private endSessions(supervisorId: string, keep?: string): void {
    for (const [s, open] of [...this.sessions]) if (open.supervisorId === supervisorId && s !== keep) this.sessions.delete(s);
  }

  private writeSupervisor(id: string, change: (s: StoredSupervisor) => StoredSupervisor): void {
    const s = this.opts.settings.read();
    this.opts.settings.write({ ...s, supervisors: s.supervisors.map((x) => (x.id === id ? change(x) : x)) });
  }

  private serial<T>(fn: () => Promise<Result<T>>): Promise<Result<T>> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
