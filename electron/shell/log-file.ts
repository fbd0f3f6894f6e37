/**
 * The log file (issue 15, item 5): one file per day, <dataDir>/logs/steadywork-YYYY-MM-DD.log, written by
 * electron-log's Node logger (no IPC: the page cannot write to it). A day's file over 5 MB is archived once
 * (electron-log's .old.log); files older than `keepDays` are removed when the log opens. Main and core log here.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import electronLog from 'electron-log/node';
import type { Logger } from '../core/log/logger';

export const LOG_FILE_PATTERN = /^steadywork-(\d{4}-\d{2}-\d{2})(\.old)?\.log$/;
const DAY_MS = 86_400_000;

/** YYYY-MM-DD in the computer's own time zone (the day the person at the station sees). */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export type LogFile = Logger & {
  readonly dir: string;
  /** The file a line written at `date` goes to. */
  fileFor(date: Date): string;
};

export function openLogFile(dir: string, opts: { keepDays?: number; now?: () => Date; console?: boolean } = {}): LogFile {
  const now = opts.now ?? (() => new Date());
  const keepDays = opts.keepDays ?? 30;
  const fileFor = (date: Date) => path.join(dir, `steadywork-${localDay(date)}.log`);
  pruneOldLogs(dir, now(), keepDays);

  const log = electronLog.create({ logId: `steadywork-${dir}` });
  log.transports.file.resolvePathFn = () => fileFor(now());
  log.transports.file.maxSize = 5 * 1024 * 1024;
  log.transports.file.format = '{y}-{m}-{d} {h}:{i}:{s}.{ms} {level} {text}';
  log.transports.file.level = 'info';
  log.transports.console.level = opts.console === false ? false : 'warn';
  log.errorHandler.stopCatching?.();
  return {
    dir,
    fileFor,
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m) => log.error(m),
  };
}

/** Remove day files (and their archives) older than keepDays; never anything else in the folder. */
export function pruneOldLogs(dir: string, today: Date, keepDays: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const oldest = Date.parse(`${localDay(new Date(today.getTime() - keepDays * DAY_MS))}T00:00:00Z`);
  const removed: string[] = [];
  for (const name of names) {
    const m = LOG_FILE_PATTERN.exec(name);
    if (!m?.[1] || Date.parse(`${m[1]}T00:00:00Z`) >= oldest) continue;
    rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
