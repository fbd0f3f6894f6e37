/**
 * The desktop domain's channels (contract/desktop.ts): About from the station's own facts; the rest through the
 * shell's DesktopPort (NO_DESKTOP in the browser harness: "not available", and the page keeps its fallback).
 * The guard has checked the supervisor session of dialog.chooseFile, logs.openFolder and kiosk.set.
 */
import type { DomainImplementations } from '../../contract';
import { ok } from '../../contract/result';
import type { HelpAlertWatcher } from './help-alerts';
import type { DesktopPort } from './port';

export type DesktopDeps = {
  desktop: DesktopPort;
  dataDir: string;
  version: string;
  shell: 'electron' | 'browser';
  identity: () => { stationId: string; keyId: string };
  helpAlerts: HelpAlertWatcher;
};

export function desktopChannels(deps: DesktopDeps): DomainImplementations<'desktop'> {
  const { desktop } = deps;
  return {
    'dialog.chooseFile': async ({ purpose, title }) => ok(await desktop.chooseFile(purpose, title)),
    'app.about': async () => {
      const { stationId, keyId } = deps.identity();
      const runtime = desktop.runtime();
      return ok({
        name: 'Steadywork' as const,
        version: deps.version,
        shell: deps.shell,
        dataDir: deps.dataDir,
        stationId,
        keyId,
        logDir: desktop.logDir(),
        runtime: { node: process.versions.node, electron: runtime.electron, chrome: runtime.chrome, platform: `${process.platform} ${process.arch}` },
      });
    },
    'print.page': async ({ mode, name }) => ok(await desktop.print(mode, name)),
    'logs.openFolder': async () => ok(await desktop.openLogFolder()),
    'kiosk.get': async () => ok(desktop.kiosk()),
    'kiosk.set': async ({ prefs }) => ok(desktop.setKiosk(prefs)),
    'help.alerts': async ({ dismiss, opened }) => ok(await deps.helpAlerts.alerts({ dismiss, opened })),
  };
}
