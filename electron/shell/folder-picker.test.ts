import type { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_FOLDER_TITLE, electronFolderPicker, type ShowOpenDialog } from './folder-picker';

function standIn(answer: { canceled: boolean; filePaths: string[] }) {
  const showOpenDialog = vi.fn(async (..._args: unknown[]) => answer);
  return { dialog: { showOpenDialog } as unknown as ShowOpenDialog, showOpenDialog };
}

describe('electronFolderPicker', () => {
  it('asks for a folder (never a file), over the main window, with the title given', async () => {
    const { dialog, showOpenDialog } = standIn({ canceled: false, filePaths: ['/mnt/steadywork'] });
    const win = { id: 1 } as unknown as BrowserWindow;
    expect(await electronFolderPicker(dialog, () => win).chooseFolder('Choose the folder to publish to')).toEqual({ available: true, path: '/mnt/steadywork' });
    expect(showOpenDialog).toHaveBeenCalledWith(win, { title: 'Choose the folder to publish to', properties: ['openDirectory', 'createDirectory'] });
  });

  it('a cancelled dialog answers no path; without a window the dialog stands alone; a default title', async () => {
    const { dialog, showOpenDialog } = standIn({ canceled: true, filePaths: [] });
    expect(await electronFolderPicker(dialog, () => null).chooseFolder()).toEqual({ available: true, path: null });
    expect(showOpenDialog).toHaveBeenCalledWith({ title: DEFAULT_FOLDER_TITLE, properties: ['openDirectory', 'createDirectory'] });
  });
});
