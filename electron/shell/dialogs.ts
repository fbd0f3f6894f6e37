/**
 * The computer's own file and folder dialogs (issue 15, item 2) for dialog.chooseFolder and dialog.chooseFile:
 * each opens where the last one for the same purpose was (kept in the shell's preferences), over the main window.
 * Electron's dialog is handed in, so this is tested without the binary.
 */
import path from 'node:path';
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { ChosenFile, ChosenFolder, FilePurpose, FolderPurpose } from '../contract';
import type { LastFolderKey, ShellPrefs } from './shell-prefs';

export type ElectronDialog = {
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
  showSaveDialog(options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
};

export const FOLDER_TITLES: Record<FolderPurpose, string> = {
  share: 'Choose the shared folder',
  'procurement-source': 'Choose the folder to import from',
  export: 'Choose the folder to export to',
};
export const FILE_TITLES: Record<FilePurpose, string> = {
  standard: 'Choose the standard file to check',
  'export-xlsx': 'Save the Excel export as',
  'export-html': 'Save the printable export as',
};
const FILTERS: Record<FilePurpose, Electron.FileFilter[]> = {
  standard: [{ name: 'Standard (JSON)', extensions: ['json'] }],
  'export-xlsx': [{ name: 'Excel workbook', extensions: ['xlsx'] }],
  'export-html': [{ name: 'Web page', extensions: ['html'] }],
};
const DEFAULT_NAMES: Partial<Record<FilePurpose, string>> = { 'export-xlsx': 'steadywork-scorecards.xlsx', 'export-html': 'steadywork-scorecards.html' };

export type Dialogs = {
  chooseFolder(title?: string, purpose?: FolderPurpose): Promise<ChosenFolder>;
  chooseFile(purpose: FilePurpose, title?: string): Promise<ChosenFile>;
  /** A save-as dialog for a PDF named `fileName`; null when cancelled. */
  savePdf(fileName: string, title: string): Promise<string | null>;
};

export function electronDialogs(dialog: ElectronDialog, window: () => BrowserWindow | null, prefs: ShellPrefs): Dialogs {
  const open = (options: OpenDialogOptions) => {
    const parent = window();
    return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
  };
  const save = (options: SaveDialogOptions) => {
    const parent = window();
    return parent ? dialog.showSaveDialog(parent, options) : dialog.showSaveDialog(options);
  };
  const last = (key: LastFolderKey) => prefs.read().lastFolders[key];
  const remember = (key: LastFolderKey, folder: string) => prefs.update((p) => ({ ...p, lastFolders: { ...p.lastFolders, [key]: folder } }));
  return {
    async chooseFolder(title, purpose = 'share') {
      const from = last(purpose);
      // openDirectory only (never a file); createDirectory lets the supervisor make the folder there (macOS).
      const options: OpenDialogOptions = { title: title ?? FOLDER_TITLES[purpose], properties: ['openDirectory', 'createDirectory'], ...(from ? { defaultPath: from } : {}) };
      const chosen = await open(options);
      const picked = chosen.canceled ? null : (chosen.filePaths[0] ?? null);
      if (picked) remember(purpose, picked);
      return { available: true, path: picked };
    },
    async chooseFile(purpose, title) {
      const from = last(purpose);
      if (purpose === 'standard') {
        const chosen = await open({ title: title ?? FILE_TITLES.standard, properties: ['openFile'], filters: FILTERS.standard, ...(from ? { defaultPath: from } : {}) });
        const picked = chosen.canceled ? null : (chosen.filePaths[0] ?? null);
        if (picked) remember(purpose, path.dirname(picked));
        return { available: true, path: picked };
      }
      const name = DEFAULT_NAMES[purpose] ?? 'steadywork';
      const chosen = await save({ title: title ?? FILE_TITLES[purpose], filters: FILTERS[purpose], defaultPath: from ? path.join(from, name) : name, properties: ['createDirectory', 'showOverwriteConfirmation'] });
      const picked = chosen.canceled || !chosen.filePath ? null : chosen.filePath;
      if (picked) remember(purpose, path.dirname(picked));
      return { available: true, path: picked };
    },
    async savePdf(fileName, title) {
      const from = last('pdf');
      const chosen = await save({ title, filters: [{ name: 'PDF', extensions: ['pdf'] }], defaultPath: from ? path.join(from, fileName) : fileName, properties: ['createDirectory', 'showOverwriteConfirmation'] });
      const picked = chosen.canceled || !chosen.filePath ? null : chosen.filePath;
      if (picked) remember('pdf', path.dirname(picked));
      return picked;
    },
  };
}
