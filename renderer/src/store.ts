import { create } from 'zustand';
import { detectShell, type ShellStatus } from './shell';

export type AppState = {
  shell: ShellStatus;
  /** Find out which shell we run in (Electron or the browser harness). */
  connect(): Promise<void>;
};

export const useAppStore = create<AppState>()((set) => ({
  shell: { state: 'checking' },
  async connect() {
    set({ shell: { state: 'checking' } });
    set({ shell: await detectShell() });
  },
}));
