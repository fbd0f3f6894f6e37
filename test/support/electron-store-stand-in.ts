/**
 * Stand-in for electron-store in the shell's tests: electron-store is loaded from node_modules (not through the
 * stand-in `electron` module), so it is replaced by the store it is built on, Conf, with the same options.
 */
import Conf from 'conf';

export default class ElectronStoreStandIn extends Conf<Record<string, unknown>> {
  constructor(o: { name: string; cwd: string; clearInvalidConfig: boolean }) {
    super({ configName: o.name, cwd: o.cwd, clearInvalidConfig: o.clearInvalidConfig });
  }
}
