/**
 * The table printed at the end of `npm test` by both test runners (issue 14: the suite's cost stays visible):
 * the slowest tests, slowest first, with their file.
 */
export interface TimedTest {
  name: string;
  file: string;
  ms: number;
}

export const SLOWEST_SHOWN = 10;

export function slowestTable(title: string, tests: readonly TimedTest[], shown = SLOWEST_SHOWN): string {
  const top = [...tests].sort((a, b) => b.ms - a.ms).slice(0, shown);
  if (top.length === 0) return '';
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);
  const rows = top.map((t, i) => `${String(i + 1).padStart(3)}. ${seconds(t.ms)}  ${t.file} > ${t.name}`);
  return [``, `${title} (${top.length} of ${tests.length}):`, ...rows, ``].join('\n');
}
