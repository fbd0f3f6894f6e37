/**
 * The contract over Electron IPC: one ipcMain.handle per channel (steadywork:<channel>). A call is answered
 * only when it comes from the app's own page (app://steadywork/…); anything else gets FORBIDDEN_SENDER.
 * Arguments are validated by the guarded handlers (guardedHandlers in the contract) before any service runs.
 * Takes ipcMain as a parameter, so tests drive it with a stand-in.
 */
import { CHANNEL_NAMES, ipcChannel, type ChannelName, type Result } from '../contract';
import { isAppUrl } from './guards';

export interface IpcInvokeEventLike {
  senderFrame?: { url?: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
}

export type ContractHandlers = Record<ChannelName, (raw: unknown) => Promise<Result<unknown>>>;

/**
 * Registers every channel. `handlers` may still be on its way (the station opens its journal after the
 * window starts loading): calls wait for it, and if the station could not start they say why.
 */
export function installContractIpc(ipcMain: IpcMainLike, handlers: ContractHandlers | Promise<ContractHandlers>): void {
  const ready = Promise.resolve(handlers);
  ready.catch(() => undefined); // answered per call below
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, args): Promise<Result<unknown>> => {
      const url = event?.senderFrame?.url;
      if (!isAppUrl(url)) {
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: `${name}: only Steadywork's own page may call the station.` } };
      }
      let h: ContractHandlers;
      try {
        h = await ready;
      } catch (err) {
        return {
          ok: false,
          error: { code: 'STATION_UNAVAILABLE', message: `The station could not start: ${err instanceof Error ? err.message : String(err)}` },
        };
      }
      return h[name](args);
    });
  }
}
