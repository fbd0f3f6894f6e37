/**
 * Preload (sandboxed, context-isolated): exposes window.steadywork and nothing else: one function per
 * contract channel (each `ipcRenderer.invoke('steadywork:<channel>', args)`, answering the Result envelope
 * that the main process sends after validating the arguments), plus the app version. ipcRenderer itself
 * is never exposed. The names come from contract/channel-names.ts (checked against CHANNELS at compile
 * time), so the zod schemas stay out of the preload bundle.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_NAME_LIST, ipcChannelName } from './contract/channel-names';
import { APP_VERSION } from './shell/version';

const bridge: Record<string, unknown> = { version: APP_VERSION };
for (const name of CHANNEL_NAME_LIST) {
  const channel = ipcChannelName(name);
  bridge[name] = (args: unknown) => ipcRenderer.invoke(channel, args);
}

contextBridge.exposeInMainWorld('steadywork', Object.freeze(bridge));
