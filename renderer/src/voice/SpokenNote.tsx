/**
 * A spoken note (issue 13): press to start, press to stop, play it back, keep it or record it again. The recording
 * stops by itself at the standard's limit. Nothing is saved here: the step's own Save (note, reason) sends the kept
 * recording with it, and the station stores it beside the journal.
 *
 * The state is shown in words and announced (a polite live region); the seconds counter is visible but not announced.
 * Errors follow the GOV.UK pattern (a message above the control, "Error:" for screen readers).
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { Icon } from '../components/Icon';
import { VisuallyHidden } from '../components/VisuallyHidden';
import { MAX_SPOKEN_NOTE_BYTES, SPOKEN_NOTE_TYPES } from '../../../electron/contract/limits';
import { noteRecordingPlayed, playEncoded } from './audio';
import { stopReading } from './speak';

export type SpokenNoteType = (typeof SPOKEN_NOTE_TYPES)[number];
/** A recording the artisan kept, ready to be sent with the step. */
export interface KeptNote {
  bytes: ArrayBuffer;
  type: SpokenNoteType;
  durationMs: number;
}

type State = 'idle' | 'starting' | 'recording' | 'recorded' | 'kept';
type ErrorKind = 'noMic' | 'refused' | 'tooLong' | 'failed';

/** The type the recorder gives, as the contract names it; null when it is not one the station stores. */
function contractType(mime: string): SpokenNoteType | null {
  const m = mime.toLowerCase().replace(/\s+/g, '');
  if (m.startsWith('audio/webm')) return m.includes('opus') ? 'audio/webm;codecs=opus' : 'audio/webm';
  if (m.startsWith('audio/ogg')) return m.includes('opus') ? 'audio/ogg;codecs=opus' : 'audio/ogg';
  if (m.startsWith('audio/mp4')) return 'audio/mp4';
  return null;
}

function pickType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  return SPOKEN_NOTE_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
}

/** base64 of a recording, for the contract (the station checks its size again). */
export function toBase64(bytes: ArrayBuffer): string {
  const u8 = new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  return btoa(s);
}

const clock = (ms: number) => {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};

export function SpokenNote({ id, maxSeconds, kept, onKeep }: { id: string; maxSeconds: number; kept: KeptNote | null; onKeep: (note: KeptNote | null) => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>(kept ? 'kept' : 'idle');
  const [take, setTake] = useState<KeptNote | null>(kept);
  const [error, setError] = useState<ErrorKind | null>(null);
  const [elapsed, setElapsed] = useState(0);
  const [playing, setPlaying] = useState(false);
  const rec = useRef<{ recorder: MediaRecorder; stream: MediaStream; started: number; timer: number; limit: number } | null>(null);
  const playback = useRef<{ stopped: boolean; onStop?: () => void } | null>(null);
  // Each state replaces the pressed control (Record → Stop → Play it back…): focus follows to the new one, so it is
  // not lost and the control is scrolled into view (Stop sits lower than Record, below the clock).
  const box = useRef<HTMLDivElement>(null);
  const focusFollows = useRef(false);
  const pressedHere = () => {
    focusFollows.current = !!box.current?.contains(document.activeElement);
  };
  const firstState = useRef(true);
  useEffect(() => {
    if (firstState.current) {
      firstState.current = false;
      return;
    }
    const lost = !document.activeElement || document.activeElement === document.body;
    if (!focusFollows.current && !lost) return;
    const next = box.current?.querySelector<HTMLButtonElement>('.sw-spoken__actions button:not(:disabled)');
    if (!next) return;
    focusFollows.current = false;
    next.focus();
  }, [state]);

  const release = () => {
    const r = rec.current;
    if (!r) return;
    window.clearInterval(r.timer);
    window.clearTimeout(r.limit);
    for (const track of r.stream.getTracks()) track.stop();
    rec.current = null;
  };
  // Leaving the step stops the microphone and any playback.
  useEffect(
    () => () => {
      if (rec.current && rec.current.recorder.state !== 'inactive') rec.current.recorder.stop();
      release();
      playback.current?.onStop?.();
    },
    [],
  );

  const start = async () => {
    pressedHere();
    setError(null);
    stopReading();
    playback.current?.onStop?.();
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      setError('noMic');
      return;
    }
    setState('starting');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (err) {
      const name = (err as { name?: string }).name;
      setError(name === 'NotAllowedError' || name === 'SecurityError' ? 'refused' : name === 'NotFoundError' || name === 'OverconstrainedError' ? 'noMic' : 'failed');
      setState(take ? 'recorded' : 'idle');
      return;
    }
    const mimeType = pickType();
    let recorder: MediaRecorder;
    try {
      recorder = new MediaRecorder(stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: 32_000 });
    } catch {
      for (const track of stream.getTracks()) track.stop();
      setError('failed');
      setState(take ? 'recorded' : 'idle');
      return;
    }
    const chunks: Blob[] = [];
    const started = performance.now();
    let hitLimit = false;
    recorder.ondataavailable = (ev) => {
      if (ev.data.size > 0) chunks.push(ev.data);
    };
    recorder.onstop = () => {
      const durationMs = Math.min(Math.round(performance.now() - started), maxSeconds * 1000);
      release();
      const type = contractType(recorder.mimeType || mimeType || '');
      const blob = new Blob(chunks, { type: recorder.mimeType || mimeType || 'audio/webm' });
      void blob.arrayBuffer().then((bytes) => {
        if (!type || bytes.byteLength === 0) {
          setError('failed');
          setState('idle');
          return;
        }
        if (bytes.byteLength > MAX_SPOKEN_NOTE_BYTES) {
          setError('tooLong');
          setState('idle');
          return;
        }
        if (hitLimit) setError('tooLong');
        setTake({ bytes, type, durationMs });
        setState('recorded');
      });
    };
    const timer = window.setInterval(() => setElapsed(performance.now() - started), 250);
    // The standard's limit: the recording stops by itself, and says so.
    const limit = window.setTimeout(() => {
      hitLimit = true;
      if (recorder.state !== 'inactive') recorder.stop();
    }, maxSeconds * 1000);
    rec.current = { recorder, stream, started, timer, limit };
    setElapsed(0);
    recorder.start(250);
    setState('recording');
  };

  const stop = () => {
    pressedHere();
    const r = rec.current;
    if (r && r.recorder.state !== 'inactive') r.recorder.stop();
  };

  const play = async () => {
    if (!take) return;
    stopReading();
    playback.current?.onStop?.();
    const signal: { stopped: boolean; onStop?: () => void } = { stopped: false };
    playback.current = signal;
    setPlaying(true);
    noteRecordingPlayed('new');
    // decodeAudioData takes the buffer: play a copy, keep the recording.
    const played = await playEncoded(take.bytes.slice(0), signal);
    if (playback.current === signal) playback.current = null;
    setPlaying(false);
    if (!played) setError('failed');
  };

  const keep = () => {
    if (!take) return;
    pressedHere();
    onKeep(take);
    setState('kept');
  };

  const redo = () => {
    playback.current?.onStop?.();
    setTake(null);
    onKeep(null);
    void start();
  };

  const status =
    state === 'recording'
      ? t('spoken.recording', { max: maxSeconds })
      : state === 'starting'
        ? t('spoken.starting')
        : state === 'recorded' && take
          ? t('spoken.recorded', { length: clock(take.durationMs) })
          : state === 'kept' && take
            ? t('spoken.kept', { length: clock(take.durationMs) })
            : t('spoken.idle', { max: maxSeconds });
  const errorId = `${id}-error`;
  return (
    <div ref={box} className={`sw-spoken${error ? ' sw-field--error' : ''}`} id={id} data-testid="spoken-note" data-state={state}>
      <h2 className="sw-spoken__title">{t('spoken.title')}</h2>
      {error ? (
        <p className="sw-error-message" id={errorId} role="alert" data-testid="spoken-error" data-error={error}>
          <VisuallyHidden>{t('common.errorPrefix')} </VisuallyHidden>
          {t(`spoken.error.${error}`, { max: maxSeconds })}
        </p>
      ) : null}
      <p className="sw-spoken__status" role="status" data-testid="spoken-status">
        {state === 'kept' ? <Icon name="check" className="sw-spoken__icon" /> : state === 'recording' ? <span className="sw-spoken__dot" aria-hidden="true" /> : null}
        {status}
      </p>
      {state === 'recording' ? (
        <p className="sw-spoken__clock" aria-hidden="true" data-testid="spoken-clock">
          {clock(elapsed)} / {clock(maxSeconds * 1000)}
        </p>
      ) : null}
      <div className="sw-actions sw-spoken__actions">
        {state === 'idle' || state === 'starting' ? (
          <Button big variant="secondary" icon="mic" className="sw-spoken__main" onClick={() => void start()} disabled={state === 'starting'} aria-describedby={error ? errorId : undefined} data-testid="spoken-record">
            {t('spoken.record')}
          </Button>
        ) : null}
        {state === 'recording' ? (
          <Button big variant="warning" icon="stop" className="sw-spoken__main" onClick={stop} data-testid="spoken-stop">
            {t('spoken.stop')}
          </Button>
        ) : null}
        {state === 'recorded' || state === 'kept' ? (
          <>
            <Button icon="play" onClick={() => void play()} disabled={playing} data-testid="spoken-play">
              {playing ? t('spoken.playing') : t('spoken.play')}
            </Button>
            {state === 'recorded' ? (
              <Button variant="primary" icon="check" onClick={keep} data-testid="spoken-keep">
                {t('spoken.keep')}
              </Button>
            ) : null}
            <Button icon="undo" onClick={redo} data-testid="spoken-redo">
              {t('spoken.redo')}
            </Button>
          </>
        ) : null}
      </div>
    </div>
  );
}
