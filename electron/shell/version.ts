import { version } from '../../package.json';

/** Steadywork's version, from package.json (esbuild inlines only this field into each bundle). */
export const APP_VERSION: string = version;
