/**
 * The station's state (zustand): who is working, which screen, the run being done, station info, and the
 * message for the live region. Every service call goes through `api` (the contract) and answers a Result;
 * nothing here throws to the screens.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import type {
  Artisan,
  DueItem,
  ErrorInfo,
  PersonalPrefs,
  Result,
  RunView,
  StandardDocument,
  StationInfo,
  StationSettings,
  SupervisorRef,
  UnlockResult,
} from './contract';
import type { HistoryFilter, HistorySort } from '../../electron/contract';
import { api } from './api';
import { i18n } from './i18n';
import { belowPinRule } from './pin-rules';
import { effectivePrefs, type EffectivePrefs } from './prefs';
import { detectShell, type ShellStatus } from './shell';
import { playEarcon, type Earcon } from './voice/earcons';

export type Screen = 'setup' | 'who' | 'today' | 'run' | 'my-settings' | 'settings' | 'procurement' | 'review' | 'timeline' | 'trends' | 'standards';
/** The supervisor's screens (behind the PIN): Settings, Procurement and the review screens of issue 5. */
export const SUPERVISOR_SCREENS: ReadonlySet<Screen> = new Set<Screen>(['settings', 'procurement', 'review', 'timeline', 'trends', 'standards']);

/** What the history list shows, kept while the supervisor looks at one run's timeline and comes back. */
export type HistoryView = {
  filter: HistoryFilter;
  sort: HistorySort;
  /** Scroll position of the list and the row that has (or last had) focus. */
  scrollTop: number;
  active: number;
  /** Set when coming back from a timeline: the list puts focus back on `active`. */
  returning: boolean;
};
/** ok: a confirmation; help: "help is on the way"; info: neutral; warn: something needs attention; error: nothing was saved. */
export type Tone = 'ok' | 'help' | 'info' | 'warn' | 'error';
/** `quiet`: announced to screen readers only, because the screen already shows the same words in place. */
export type Message = { id: number; text: string; tone: Tone; quiet?: boolean };

export type StationState = {
  shell: ShellStatus;
  station: StationInfo | null;
  artisan: Artisan | null;
  screen: Screen;
  /** Where Settings / My settings go back to. */
  returnTo: Screen;
  due: DueItem[];
  openRuns: RunView[];
  dueLoaded: boolean;
  run: RunView | null;
  standard: StandardDocument | null;
  /** Polite announcements (confirmations) and assertive ones (errors). */
  message: Message | null;
  alert: Message | null;
  busy: boolean;
  /**
   * The supervisor signed in here: the session and who it is (null until signed in). `renewPin`: they signed in with
   * a PIN shorter than a new one may be (saved under the rule before): asked to choose a new PIN until they do.
   */
  supervisor: { session: string; who: SupervisorRef | null; renewPin?: boolean } | null;
  /** The run whose timeline is shown (screen 'timeline'). */
  reviewRunId: string | null;
  history: HistoryView;

  connect(): Promise<void>;
  refreshStation(): Promise<void>;
  say(text: string, tone?: Tone, opts?: { quiet?: boolean }): void;
  fail(error: ErrorInfo): void;
  clearMessages(): void;
  go(screen: Screen): void;
  selectArtisan(artisan: Artisan): Promise<void>;
  badge(badge: string): Promise<void>;
  changePerson(): void;
  loadToday(): Promise<void>;
  startRoutine(standardId: string): Promise<void>;
  resumeRun(runId: string): Promise<void>;
  /** One run command; on success the new run view is kept and `confirm` is announced. */
  runCommand(
    call: (ids: { runId: string; actor: string }) => Promise<Result<RunView>>,
    /** What to show and announce; `sound` is the outcome's earcon (by default from the tone, see TONE_SOUND). */
    confirm: (view: RunView) => { text: string; tone?: Tone; quiet?: boolean; sound?: Earcon } | null,
  ): Promise<boolean>;
  finishRun(): Promise<void>;
  savePrefs(prefs: PersonalPrefs): Promise<boolean>;
  /** supervisorId: who is signing in (needed once the station has several supervisors). */
  unlock(pin: string, supervisorId?: string): Promise<Result<UnlockResult>>;
  /** First-day set-up: names the station and creates the first supervisor, who stays signed in until set-up finishes. */
  startSetup(args: { stationName: string; timeZone?: string; supervisorName: string; pin: string }): Promise<Result<UnlockResult>>;
  /** The signed-in supervisor's own new PIN (6 to 12 digits). */
  changePin(pin: string): Promise<Result<null>>;
  lock(): Promise<void>;
  updateSettings(settings: Partial<StationSettings>): Promise<boolean>;
  saveArtisan(artisan: Artisan): Promise<Result<Artisan[]>>;
  removeArtisan(artisanId: string): Promise<boolean>;
  /**
   * Supervisor mode ends: the session is locked at the station and forgotten here. 'idle': nobody touched the
   * screen for supervisorIdleMinutes; 'setup': first-day set-up has just finished (the next person at the shared
   * station must not find it open) — both back to Who is working, said politely; 'artisan': an artisan took over.
   */
  lockSupervisor(why: 'idle' | 'setup' | 'artisan'): Promise<void>;
  openTimeline(runId: string): void;
  setHistory(patch: Partial<HistoryView>): void;
};

let messageId = 0;
const standardCache = new Map<string, StandardDocument>();
const t = (key: string, opts?: Record<string, unknown>) => i18n.t(key, opts);

/** Plain words for an error code; the English message of the service is only a fallback. */
export function errorText(error: ErrorInfo): string {
  const known = `errors.${error.code}`;
  if (i18n.exists(known)) return t(known);
  if (error.code === 'NOT_RECORDED' || error.code === 'INTERNAL') return t('common.notSaved');
  return `${t('common.notSaved')} (${error.code})`;
}

async function loadStandard(hash: string): Promise<Result<StandardDocument>> {
  const cached = standardCache.get(hash);
  if (cached) return { ok: true, value: cached };
  const res = await api['standards.get']({ hash });
  if (res.ok) standardCache.set(hash, res.value);
  return res;
}

export const useStation = create<StationState>()((set, get) => ({
  shell: { state: 'checking' },
  station: null,
  artisan: null,
  screen: 'who',
  returnTo: 'who',
  due: [],
  openRuns: [],
  dueLoaded: false,
  run: null,
  standard: null,
  message: null,
  alert: null,
  busy: false,
  supervisor: null,
  reviewRunId: null,
  history: { filter: {}, sort: 'started_desc', scrollTop: 0, active: 0, returning: false },

  async connect() {
    set({ shell: { state: 'checking' } });
    const shell = await detectShell();
    if (shell.state !== 'ready') {
      set({ shell });
      return;
    }
    const info = await api['station.info']({});
    if (!info.ok) {
      set({ shell: { state: 'error', reason: info.error.code === 'UNAUTHORIZED' ? 'unauthorized' : 'unreachable' } });
      return;
    }
    set({ shell, station: info.value });
  },

  async refreshStation() {
    const info = await api['station.info']({});
    if (!info.ok) return;
    const artisan = get().artisan;
    const fresh = artisan ? (info.value.roster.find((a) => a.id === artisan.id) ?? null) : null;
    set({ station: info.value, ...(artisan && fresh ? { artisan: fresh } : {}) });
  },

  say(text, tone = 'ok', opts = {}) {
    set({ message: { id: ++messageId, text, tone, ...(opts.quiet ? { quiet: true } : {}) }, ...(tone !== 'error' ? { alert: null } : {}) });
  },

  fail(error) {
    set({ alert: { id: ++messageId, text: errorText(error), tone: 'error' }, message: null });
  },

  clearMessages() {
    set({ message: null, alert: null });
  },

  go(screen) {
    const { screen: from } = get();
    const aside = (x: Screen) => x === 'my-settings' || SUPERVISOR_SCREENS.has(x);
    const returnTo = aside(screen) ? (aside(from) ? get().returnTo : from) : get().returnTo;
    // A new screen starts without the last screen's message.
    set({ screen, returnTo, alert: null, message: null });
    if (screen === 'today') void get().loadToday();
  },

  async selectArtisan(artisan) {
    // An artisan takes over: supervisor mode ends at once (the next person must not find it open).
    const hadSupervisor = get().supervisor !== null;
    if (hadSupervisor) void get().lockSupervisor('artisan');
    set({ artisan, screen: 'today', returnTo: 'today', run: null, standard: null, dueLoaded: false });
    // In the language the screen is about to switch to: the artisan's own, or the station's.
    const lang = effectivePrefs(get().station?.settings, artisan.prefs).language;
    const tl = i18n.getFixedT(lang);
    get().say(hadSupervisor ? `${tl('who.hello', { name: artisan.name })} ${tl('review.lockedTakeover')}` : tl('who.hello', { name: artisan.name }), 'info');
    await get().loadToday();
  },

  async badge(badge) {
    const res = await api['artisans.byBadge']({ badge });
    if (!res.ok) {
      set({ alert: { id: ++messageId, text: t('who.badgeUnknown'), tone: 'error' }, message: null });
      return;
    }
    await get().selectArtisan(res.value);
  },

  changePerson() {
    set({ artisan: null, run: null, standard: null, screen: 'who', returnTo: 'who', due: [], openRuns: [], dueLoaded: false, message: null, alert: null });
  },

  async loadToday() {
    const [due, open] = await Promise.all([api['routines.due']({}), api['runs.open']({})]);
    if (!due.ok) return get().fail(due.error);
    set({ due: due.value, openRuns: open.ok ? open.value : [], dueLoaded: true });
    void get().refreshStation();
  },

  async startRoutine(standardId) {
    const artisan = get().artisan;
    if (!artisan || get().busy) return;
    set({ busy: true });
    try {
      const res = await api['runs.start']({ standardId, actor: artisan.id });
      if (!res.ok) return get().fail(res.error);
      await openRun(res.value);
    } finally {
      set({ busy: false });
    }
  },

  async resumeRun(runId) {
    if (get().busy) return;
    set({ busy: true });
    try {
      const res = await api['runs.get']({ runId });
      if (!res.ok) return get().fail(res.error);
      await openRun(res.value);
    } finally {
      set({ busy: false });
    }
  },

  async runCommand(call, confirm) {
    const { run, artisan, busy } = get();
    if (!run || !artisan || busy) return false;
    set({ busy: true });
    try {
      const res = await call({ runId: run.runId, actor: artisan.id });
      if (!res.ok) {
        get().fail(res.error);
        return false;
      }
      set({ run: res.value });
      const said = confirm(res.value);
      if (said) {
        get().say(said.text, said.tone ?? 'ok', { quiet: said.quiet ?? false });
        const sound = said.sound ?? TONE_SOUND[said.tone ?? 'ok'];
        if (sound) sounds(get(), sound);
      }
      return true;
    } finally {
      set({ busy: false });
    }
  },

  async finishRun() {
    const { run, standard } = get();
    const ok = await get().runCommand((ids) => api['runs.complete'](ids), () => null);
    if (!ok || !run) return;
    const title = standard ? (get().artisan && langOf(get()) === 'hi' && standard.title.hi ? standard.title.hi : standard.title.en) : '';
    set({ run: null, standard: null, screen: 'today' });
    get().say(t('today.finished', { title }), 'ok');
    sounds(get(), 'finished');
    await get().loadToday();
  },

  async savePrefs(prefs) {
    const artisan = get().artisan;
    if (!artisan) return false;
    const res = await api['artisans.setPrefs']({ artisanId: artisan.id, prefs });
    if (!res.ok) {
      get().fail(res.error);
      return false;
    }
    const station = get().station;
    set({
      artisan: res.value,
      station: station ? { ...station, roster: station.roster.map((a) => (a.id === res.value.id ? res.value : a)) } : station,
    });
    return true;
  },

  async unlock(pin, supervisorId) {
    const res = await api['supervisor.unlock']({ pin, ...(supervisorId ? { supervisorId } : {}) });
    if (res.ok && res.value.unlocked) set({ supervisor: { session: res.value.session, who: res.value.supervisor, ...(belowPinRule(pin) ? { renewPin: true } : {}) } });
    return res;
  },

  async startSetup(args) {
    const res = await api['setup.start'](args);
    if (res.ok && res.value.unlocked) set({ supervisor: { session: res.value.session, who: res.value.supervisor } });
    await get().refreshStation();
    return res;
  },

  async changePin(pin) {
    const session = get().supervisor?.session;
    if (!session) return { ok: false, error: { code: 'SUPERVISOR_REQUIRED', message: 'locked' } };
    const res = await api['supervisor.changePin']({ session, pin });
    if (res.ok) set((s) => (s.supervisor?.session === session ? { supervisor: { session, who: s.supervisor.who } } : {}));
    return res;
  },

  async lock() {
    const session = get().supervisor?.session;
    set({ supervisor: null });
    if (session) await api['supervisor.lock']({ session });
    get().say(t('settings.locked'), 'info');
  },

  async updateSettings(settings) {
    const session = get().supervisor?.session;
    if (!session) return false;
    const res = await api['settings.update']({ session, settings });
    if (!res.ok) {
      supervisorFailure(res.error);
      return false;
    }
    await get().refreshStation();
    return true;
  },

  async saveArtisan(artisan) {
    const session = get().supervisor?.session;
    if (!session) return { ok: false, error: { code: 'SUPERVISOR_REQUIRED', message: 'locked' } };
    const res = await api['roster.save']({ session, artisan });
    if (!res.ok) {
      if (res.error.code !== 'BADGE_TAKEN' && res.error.code !== 'DUPLICATE_BADGE') supervisorFailure(res.error);
      return res;
    }
    await get().refreshStation();
    return res;
  },

  async removeArtisan(artisanId) {
    const session = get().supervisor?.session;
    if (!session) return false;
    const res = await api['roster.remove']({ session, artisanId });
    if (!res.ok) {
      supervisorFailure(res.error);
      return false;
    }
    await get().refreshStation();
    if (get().artisan?.id === artisanId) set({ artisan: null });
    return true;
  },

  async lockSupervisor(why) {
    const session = get().supervisor?.session;
    const resetHistory = { filter: {}, sort: 'started_desc' as const, scrollTop: 0, active: 0, returning: false };
    set({ supervisor: null, reviewRunId: null, history: resetHistory });
    if (why === 'artisan') {
      if (session) await api['supervisor.lock']({ session });
      return;
    }
    set({ artisan: null, run: null, standard: null, screen: 'who', returnTo: 'who', due: [], openRuns: [], dueLoaded: false, message: null, alert: null });
    // Said once the station has ended the session too.
    if (session) await api['supervisor.lock']({ session });
    const minutes = get().station?.settings.supervisorIdleMinutes ?? DEFAULT_IDLE_MINUTES;
    if (why === 'idle') get().say(t('review.lockedIdle', { count: minutes }), 'info');
    else get().say(t('setup.finishedSignedOut'), 'ok');
  },

  openTimeline(runId) {
    get().go('timeline');
    set({ reviewRunId: runId });
  },

  setHistory(patch) {
    set({ history: { ...get().history, ...patch } });
  },
}));

/** Supervisor screens lock after this many minutes without a touch or a key, unless the station says otherwise. */
export const DEFAULT_IDLE_MINUTES = 3;

function langOf(s: Pick<StationState, 'station' | 'artisan'>): 'en' | 'hi' {
  return effectivePrefs(s.station?.settings, s.artisan?.prefs).language;
}

/** A settings call refused because the supervisor session ended: back to the PIN. */
export function supervisorFailure(error: ErrorInfo): void {
  const store = useStation.getState();
  if (error.code === 'SUPERVISOR_REQUIRED') {
    useStation.setState({ supervisor: null });
    useStation.setState({ alert: { id: ++messageId, text: t('settings.sessionEnded'), tone: 'error' } });
    return;
  }
  store.fail(error);
}

/** The earcon of a run command's result by its tone: a record, something to look at, help on the way. */
const TONE_SOUND: Record<Tone, Earcon | null> = { ok: 'recorded', info: 'recorded', warn: 'outside', help: 'help', error: null };

/** Play an outcome sound when the artisan has sounds on (the default). */
function sounds(s: StationState, name: Earcon): void {
  if (s.artisan?.prefs.sounds === false) return;
  playEarcon(name);
}

async function openRun(view: RunView): Promise<void> {
  const doc = await loadStandard(view.standard.hash);
  if (!doc.ok) return useStation.getState().fail(doc.error);
  useStation.setState({ run: view, standard: doc.value, screen: 'run', returnTo: 'run', message: null, alert: null });
}

/** The prefs in force now: the station's, with the selected artisan's own on top. */
export function useEffectivePrefs(): EffectivePrefs {
  const settings = useStation((s) => s.station?.settings);
  const prefs = useStation((s) => s.artisan?.prefs);
  // The same object while neither changes, so effects that depend on it run only on a real change.
  return useMemo(() => effectivePrefs(settings, prefs), [settings, prefs]);
}

export function currentLang(): 'en' | 'hi' {
  return langOf(useStation.getState());
}
