/**
 * The one way the core writes to the log (issue 15): a small interface the shell hands in. Electron's main process
 * passes electron-log (one file per day under the data folder, shell/log-file.ts); tests and the harness use the
 * console or a memory logger. The core never knows where the lines go.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Lines to the console, prefixed "Steadywork:" (the harness and the CLI). */
export const consoleLogger: Logger = {
  info: (m) => console.info(`Steadywork: ${m}`),
  warn: (m) => console.warn(`Steadywork: ${m}`),
  error: (m) => console.error(`Steadywork: ${m}`),
};

/** A logger that keeps its lines: for tests. */
export function memoryLogger(): Logger & { lines: Array<{ level: 'info' | 'warn' | 'error'; message: string }> } {
  const lines: Array<{ level: 'info' | 'warn' | 'error'; message: string }> = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}

/** The message of anything thrown. */
export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
