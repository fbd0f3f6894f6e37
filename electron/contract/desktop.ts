/**
 * The desktop domain (electron/core/desktop/channels.ts): what a desktop app gives beyond the page — the computer's
 * file dialog, About, printing, the log folder, kiosk mode and help alerts (issue 15). The shell (Electron's main
 * process) does the OS part through a small port (core/desktop/port.ts); the browser harness has none, and every
 * channel that needs the OS answers "not available" there, so the page keeps its own fallback (a typed path,
 * window.print(), an in-page alert).
 */
import { z } from 'zod';
import { NoArgs, stationChannel, supervisorChannel, SupervisorSession } from './common';

/** Something only the desktop app can do; `available: false` in the browser harness. */
export type NotAvailable = { available: false };

/** What a file dialog is for: the standard to check (open a .json), or where an export is written (save as). */
export const FilePurpose = z.enum(['standard', 'export-xlsx', 'export-html']);
export type FilePurpose = z.infer<typeof FilePurpose>;
export const ChooseFileArgs = z
  .object({ session: SupervisorSession, purpose: FilePurpose, title: z.string().trim().min(1).max(120).optional() })
  .strict();
/** The file chosen in the computer's own dialog; path null when the person cancelled. */
export type ChosenFile = NotAvailable | { available: true; path: string | null };

/** What About shows: for the person at the station and for procurement's enrolment check (the key id). */
export interface AboutInfo {
  name: 'Steadywork';
  version: string;
  shell: 'electron' | 'browser';
  /** The station's data folder (journal, settings, keys, logs). */
  dataDir: string;
  stationId: string;
  /** The station key's fingerprint: the first 16 hex of SHA-256 over the raw public key (docs/journal.md). */
  keyId: string;
  /** Where today's log file is written; null when the shell keeps no log file (the harness logs to its console). */
  logDir: string | null;
  /** Runtime versions, for a support call. */
  runtime: { node: string; electron: string | null; chrome: string | null; platform: string };
}

/** What to print: the page as it is on screen (its print CSS decides the rest). */
export const PrintArgs = z
  .object({
    /** print: the computer's print dialog; pdf: save the page as a PDF (A4) through a save dialog. */
    mode: z.enum(['print', 'pdf']),
    /** What the page is, for the PDF's file name (e.g. "checklist station-start-check v3"). */
    name: z.string().trim().min(1).max(120),
  })
  .strict();
export type PrintResult = NotAvailable | { available: true; done: boolean; path: string | null };

export const SessionOnlyArgs = z.object({ session: SupervisorSession }).strict();
export type OpenedFolder = NotAvailable | { available: true; path: string };

/** How the station's window starts and behaves on the shop floor (kept by the shell, not in the station settings). */
export const KioskPrefs = z
  .object({
    /** window: a normal window; fullscreen: full screen (Esc/F11 do not leave it); kiosk: the OS kiosk mode. */
    mode: z.enum(['window', 'fullscreen', 'kiosk']),
    /** Start Steadywork when the person logs in to the computer. */
    startAtLogin: z.boolean(),
    /** Hide the menu bar (File, View, Help) for artisans. */
    hideMenu: z.boolean(),
    /** Keep the screen awake while a run is open. */
    keepAwake: z.boolean(),
    /** Play the computer's alert sound with a help notification. */
    alertSound: z.boolean(),
  })
  .strict();
export type KioskPrefs = z.infer<typeof KioskPrefs>;
export type KioskState = NotAvailable | ({ available: true; screenKeptAwake: boolean } & KioskPrefs);
export const KioskSetArgs = z.object({ session: SupervisorSession, prefs: KioskPrefs.partial() }).strict();

/** A help request that opened at this or another station, as an alert shows it. */
export interface HelpAlert {
  eventId: string;
  runId: string;
  stationId: string;
  stationName: string | null;
  person: string;
  title: { en: string; hi?: string };
  /** The step's text, when the request was made on a step. */
  step: { en: string; hi?: string } | null;
  since: string;
}
export interface HelpAlerts {
  /** Open help requests not yet dismissed here, newest first. */
  alerts: HelpAlert[];
  /** Set when someone clicked an OS notification: open this request (after the supervisor PIN). */
  open: string | null;
}
export const HelpAlertsArgs = z.object({ dismiss: z.array(z.uuid()).max(100).optional(), opened: z.uuid().optional() }).strict();

export const DESKTOP_CHANNELS = {
  /** Ask for a file with the computer's own dialog (open a standard; save an export as). */
  'dialog.chooseFile': supervisorChannel<ChosenFile>()(ChooseFileArgs),
  /** Version, data folder, station id and key id: open to anyone at the station (procurement compares the key id). */
  'app.about': stationChannel<AboutInfo>()(NoArgs),
  /** Print the page (checklist, timeline, scorecard) or save it as a PDF: the shell's webContents.print/printToPDF. */
  'print.page': stationChannel<PrintResult>()(PrintArgs),
  /** Open the folder of the log files in the computer's file manager. */
  'logs.openFolder': supervisorChannel<OpenedFolder>()(SessionOnlyArgs),
  /** How the window starts and behaves (kiosk, start at login…); open, so the page knows whether to hide things. */
  'kiosk.get': stationChannel<KioskState>()(NoArgs),
  /** Change it: only a supervisor (leaving kiosk mode needs the PIN). */
  'kiosk.set': supervisorChannel<KioskState>()(KioskSetArgs),
  /** Help requests to alert about (this station's and the share's), dismissing some or noting one was opened. */
  'help.alerts': stationChannel<HelpAlerts>()(HelpAlertsArgs),
} as const;
