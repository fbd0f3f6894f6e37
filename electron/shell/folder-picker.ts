/**
 * The computer's own folder dialog for dialog.chooseFolder (Browse… next to the shared-folder field). Electron's
 * dialog is handed in, so this stays testable without the Electron binary; the browser harness has no picker.
 */
import type { BrowserWindow, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { FolderPicker } from '../core/composition/station-app';

export type ShowOpenDialog = {
  showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
  showOpenDialog(options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
};

export const DEFAULT_FOLDER_TITLE = 'Choose the shared folder';

export function electronFolderPicker(dialog: ShowOpenDialog, window: () => BrowserWindow | null): FolderPicker {
  return {
    async chooseFolder(title) {
      // openDirectory only (never a file); createDirectory lets the supervisor make the folder there (macOS).
      const options: OpenDialogOptions = { title: title ?? DEFAULT_FOLDER_TITLE, properties: ['openDirectory', 'createDirectory'] };
      const parent = window();
      const chosen = await (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options));
      return { available: true, path: chosen.canceled ? null : (chosen.filePaths[0] ?? null) };
    },
  };
}
