/**
 * Preload (sandboxed, context-isolated): exposes window.steadywork and nothing else.
 *
 * TODO(contract): this exposes only { version } for now. The issue "Typed contract: one module of zod-checked
 * channels" replaces it with the API derived from the contract module (every channel validated, each call
 * answering { ok: true, value } | { ok: false, error }) — the same contract the browser harness serves over HTTP.
 */
import { contextBridge } from 'electron';
import { APP_VERSION } from './shell/version';

contextBridge.exposeInMainWorld('steadywork', Object.freeze({ version: APP_VERSION }));
