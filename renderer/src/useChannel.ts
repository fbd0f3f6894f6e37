/**
 * The one way screens read from and write through the contract outside the artisan store:
 *
 * - `useQuery(key, load)`: data loaded from a channel, with `loading`, `error`, `data` and `refresh()`.
 *   `key` names the request (its arguments); a new key starts again from nothing, `null` loads nothing.
 *   `pollMs` loads again on a timer. An answer that comes back after a newer request is dropped.
 * - `useCommand()`: a write through a channel, with `busy` (a second press while one runs does nothing).
 *
 * A supervisor session that ended (SUPERVISOR_REQUIRED) always goes back to the PIN, in one place here.
 * State local to a form (what is typed, field errors) stays in the form's own useState.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ErrorInfo, Result } from './contract';
import { supervisorFailure } from './store';

export type Query<T> = {
  data: T | null;
  error: ErrorInfo | null;
  /** True from the first request of a key until its answer, and while a refresh runs. */
  loading: boolean;
  /** Loads again now; answers the new Result (null when a newer request overtook it). */
  refresh(): Promise<Result<T> | null>;
  /** Changes the data in place after a write (e.g. removes an answered request from a list). */
  setData(update: (prev: T | null) => T | null): void;
};

type QueryState<T> = { key: string | null; data: T | null; error: ErrorInfo | null; loading: boolean };

export type QueryOptions<T> = {
  /** Loads again every pollMs while the key stays the same. */
  pollMs?: number;
  /** Called with each answer, after it is kept (e.g. to announce that a long task ended). */
  onData?: (value: T) => void;
  /** Called for a failure other than an ended supervisor session (e.g. to say it in the alert region). */
  onError?: (error: ErrorInfo) => void;
};

export function useQuery<T>(key: string | null, load: () => Promise<Result<T>>, opts: QueryOptions<T> = {}): Query<T> {
  const [state, setState] = useState<QueryState<T>>({ key, data: null, error: null, loading: key !== null });
  // A new key: start again from nothing (React's "adjust state while rendering", no effect round trip).
  if (state.key !== key) setState({ key, data: null, error: null, loading: key !== null });

  const loadRef = useRef(load);
  const onErrorRef = useRef(opts.onError);
  const onDataRef = useRef(opts.onData);
  useEffect(() => {
    loadRef.current = load;
    onErrorRef.current = opts.onError;
    onDataRef.current = opts.onData;
  });
  const seq = useRef(0);

  const request = useCallback(async (forKey: string): Promise<Result<T> | null> => {
    const mine = ++seq.current;
    const res = await loadRef.current();
    if (mine !== seq.current) return null;
    if (res.ok) {
      setState({ key: forKey, data: res.value, error: null, loading: false });
      onDataRef.current?.(res.value);
    } else {
      setState((s) => (s.key === forKey ? { ...s, error: res.error, loading: false } : s));
      if (res.error.code === 'SUPERVISOR_REQUIRED') supervisorFailure(res.error);
      else onErrorRef.current?.(res.error);
    }
    return res;
  }, []);

  const { pollMs } = opts;
  useEffect(() => {
    if (key === null) return;
    void request(key);
    if (!pollMs) return;
    const timer = setInterval(() => void request(key), pollMs);
    return () => clearInterval(timer);
  }, [key, pollMs, request]);
  // Answers that arrive after the screen is gone are dropped.
  useEffect(() => () => void ++seq.current, []);

  const refresh = useCallback(async () => {
    if (key === null) return null;
    setState((s) => ({ ...s, loading: true }));
    return request(key);
  }, [key, request]);
  const setData = useCallback((update: (prev: T | null) => T | null) => setState((s) => ({ ...s, data: update(s.data) })), []);

  return { data: state.key === key ? state.data : null, error: state.key === key ? state.error : null, loading: state.key === key ? state.loading : key !== null, refresh, setData };
}

export type Command = {
  busy: boolean;
  /** Runs the call unless one is already running (then answers null). */
  run<R>(call: () => Promise<R>): Promise<R | null>;
};

export function useCommand(): Command {
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const run = useCallback(async <R,>(call: () => Promise<R>): Promise<R | null> => {
    if (running.current) return null;
    running.current = true;
    setBusy(true);
    try {
      return await call();
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, run };
}
