/**
 * The format of a standard, for the core. The zod schema itself lives in the contract
 * (electron/contract/standard-document.ts), because the renderer shows standards too; the core imports it from there.
 */
export * from '../../contract/standard-document';
