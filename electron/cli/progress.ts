/**
 * Progress on stderr for long commands: a bar redrawn in place when stderr is a terminal, otherwise a plain line
 * now and then (every `everyMs`), so logs stay readable. stdout is never touched (it may carry --json).
 */
export interface ProgressSink {
  update(label: string, done: number, total: number, detail?: string): void;
  done(message?: string): void;
}

export function progressSink(write: (text: string) => void, opts: { tty: boolean; width?: number; everyMs?: number; now?: () => number; enabled?: boolean }): ProgressSink {
  if (opts.enabled === false) return { update: () => undefined, done: () => undefined };
  const now = opts.now ?? Date.now;
  const every = opts.everyMs ?? (opts.tty ? 100 : 2000);
  const width = opts.width ?? 30;
  let last = -Infinity;
  let lastText = '';
  let drawn = false;
  return {
    update(label, done, total, detail) {
      const t = now();
      const finished = total > 0 && done >= total;
      if (t - last < every && !finished) return;
      last = t;
      const pct = total > 0 ? Math.min(1, done / total) : 0;
      const text = `${label} ${done}/${total}${detail ? ` ${detail}` : ''}`;
      if (opts.tty) {
        const fill = Math.round(pct * width);
        write(`\r[${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${String(Math.round(pct * 100)).padStart(3)}% ${text}\x1b[K`);
        drawn = true;
      } else if (text !== lastText) {
        write(`${text} (${Math.round(pct * 100)}%)\n`);
      }
      lastText = text;
    },
    done(message) {
      if (opts.tty && drawn) write('\r\x1b[K');
      if (message) write(`${message}\n`);
    },
  };
}
