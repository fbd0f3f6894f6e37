/**
 * Printing a page (issue 15, item 4): in the desktop app through print.page (webContents.print / printToPDF, A4);
 * in the browser harness window.print(), with the same print CSS (styles/print.css). Answers what happened.
 */
import { api } from './api';

export type Printed = { done: boolean; path: string | null; via: 'app' | 'browser' };

export async function printPage(name: string, mode: 'print' | 'pdf' = 'print'): Promise<Printed> {
  const res = await api['print.page']({ mode, name });
  if (res.ok && res.value.available) return { done: res.value.done, path: res.value.path, via: 'app' };
  // The harness (or a failed call): the browser's own print dialog, where "Save as PDF" is a destination too.
  window.print();
  return { done: true, path: null, via: 'browser' };
}
