/**
 * The computer's dialogs remember the last folder chosen for each purpose (shell.json, electron-store) and open there
 * next time, also after a restart; a cancelled dialog changes nothing.
 */
import type { BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import ElectronStoreStandIn from '../../test/support/electron-store-stand-in';
import { withTempDir } from '../../test/support/temp-dir';
import { electronDialogs, type ElectronDialog } from './dialogs';
import { storeShellPrefs, type StoreConstructor } from './shell-prefs';

function fakeDialog() {
  const open: Array<{ canceled: boolean; filePaths: string[] }> = [];
  const save: Array<{ canceled: boolean; filePath?: string }> = [];
  const dialog = {
    showOpenDialog: vi.fn(async (..._a: unknown[]) => open.shift() ?? { canceled: true, filePaths: [] }),
    showSaveDialog: vi.fn(async (..._a: unknown[]) => save.shift() ?? { canceled: true }),
  };
  /** The options of the last open or save dialog (the window is the first argument when there is one). */
  const lastOptions = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.at(-1)?.at(-1) as { defaultPath?: string; title?: string };
  return { dialog, open, save, lastOptions };
}

const Store = ElectronStoreStandIn as unknown as StoreConstructor;
const parent = {} as BrowserWindow;

describe('electronDialogs: the last folder per purpose', () => {
  it('each purpose opens where its own last choice was, kept in shell.json across a restart', () =>
    withTempDir('sw-dialogs-', async (dir) => {
      const f = fakeDialog();
      const dialogs = electronDialogs(f.dialog as unknown as ElectronDialog, () => parent, storeShellPrefs(Store, dir));
      // First time: no defaultPath (the OS's own start).
      f.open.push({ canceled: false, filePaths: ['/mnt/share'] });
      expect(await dialogs.chooseFolder(undefined, 'share')).toEqual({ available: true, path: '/mnt/share' });
      expect(f.lastOptions(f.dialog.showOpenDialog)).not.toHaveProperty('defaultPath');
      expect(f.dialog.showOpenDialog.mock.calls.at(-1)?.[0]).toBe(parent); // over the main window
      f.open.push({ canceled: false, filePaths: ['/media/usb/steadywork'] });
      await dialogs.chooseFolder(undefined, 'procurement-source');
      f.open.push({ canceled: false, filePaths: ['/home/meena/standards/v4.json'] });
      await dialogs.chooseFile('standard');
      f.save.push({ canceled: false, filePath: '/home/meena/exports/march.xlsx' });
      await dialogs.chooseFile('export-xlsx');
      f.save.push({ canceled: false, filePath: '/home/meena/printed/checklist.pdf' });
      expect(await dialogs.savePdf('Checklist.pdf', 'Save')).toBe('/home/meena/printed/checklist.pdf');

      // A restart: a new store on the same folder.
      const again = electronDialogs(f.dialog as unknown as ElectronDialog, () => null, storeShellPrefs(Store, dir));
      await again.chooseFolder(undefined, 'share');
      expect(f.lastOptions(f.dialog.showOpenDialog)).toMatchObject({ defaultPath: '/mnt/share', title: 'Choose the shared folder' });
      expect(f.dialog.showOpenDialog.mock.calls.at(-1)).toHaveLength(1); // no window: a free dialog
      await again.chooseFolder(undefined, 'procurement-source');
      expect(f.lastOptions(f.dialog.showOpenDialog).defaultPath).toBe('/media/usb/steadywork');
      await again.chooseFolder(undefined, 'export'); // never chosen: no defaultPath, not another purpose's folder
      expect(f.lastOptions(f.dialog.showOpenDialog)).not.toHaveProperty('defaultPath');
      await again.chooseFile('standard'); // the folder of the last standard, not the file
      expect(f.lastOptions(f.dialog.showOpenDialog).defaultPath).toBe('/home/meena/standards');
      await again.chooseFile('export-xlsx');
      expect(f.lastOptions(f.dialog.showSaveDialog).defaultPath).toBe('/home/meena/exports/steadywork-scorecards.xlsx');
      await again.chooseFile('export-html'); // a save dialog of its own purpose: the bare name
      expect(f.lastOptions(f.dialog.showSaveDialog).defaultPath).toBe('steadywork-scorecards.html');
      await again.savePdf('Run timeline.pdf', 'Save');
      expect(f.lastOptions(f.dialog.showSaveDialog).defaultPath).toBe('/home/meena/printed/Run timeline.pdf');
    }));

  it('a cancelled dialog answers path null and keeps the folder remembered before', () =>
    withTempDir('sw-dialogs-', async (dir) => {
      const f = fakeDialog();
      const prefs = storeShellPrefs(Store, dir);
      const dialogs = electronDialogs(f.dialog as unknown as ElectronDialog, () => parent, prefs);
      f.open.push({ canceled: false, filePaths: ['/mnt/share'] });
      await dialogs.chooseFolder(undefined, 'share');
      f.open.push({ canceled: true, filePaths: [] });
      expect(await dialogs.chooseFolder(undefined, 'share')).toEqual({ available: true, path: null });
      f.save.push({ canceled: true, filePath: '' });
      expect(await dialogs.chooseFile('export-xlsx')).toEqual({ available: true, path: null });
      expect(prefs.read().lastFolders).toEqual({ share: '/mnt/share' });
    }));
});
