/** Benchmarks print one JSON object per line: name, value, unit, and where a baseline ran side by side, baseline and ratio. */
export interface BenchLine {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  [extra: string]: unknown;
}

export function emit(line: BenchLine): void {
  const rounded: BenchLine = { ...line, value: round(line.value) };
  if (line.baseline !== undefined) rounded.baseline = round(line.baseline);
  if (line.ratio !== undefined) rounded.ratio = Math.round(line.ratio * 1000) / 1000;
  process.stdout.write(`${JSON.stringify(rounded)}\n`);
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n * 10) / 10 : Math.round(n * 1000) / 1000);

/** Milliseconds since an arbitrary origin, with sub-millisecond resolution. */
export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Progress goes to stderr so stdout stays pure JSON lines. */
export const progress = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};
