/**
 * The one "full path" rule, shared by the contract's schemas, the core and the screens (pure: no node:path,
 * so the renderer can bundle it). A full path is absolute on this computer (/mnt/steadywork), a drive path
 * (S:\steadywork) or a UNC path (//server/steadywork or \\server\steadywork).
 */
const FULL_PATH = /^([a-zA-Z]:[\\/]|[\\/])/;

/** Examples shown wherever a person must type a full path. */
export const FULL_PATH_EXAMPLES = '/mnt/steadywork, S:\\steadywork or //server/steadywork';

export function isFullPath(p: string): boolean {
  return FULL_PATH.test(p.trim());
}
