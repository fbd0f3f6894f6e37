/** exceljs's internal stream buffer (lib/utils/stream-buf.js), patched in xlsx.ts: only what it touches is declared. */
declare module 'exceljs/lib/utils/stream-buf.js' {
  const StreamBuf: { prototype: { pipe(destination: unknown): unknown } };
  export default StreamBuf;
}
