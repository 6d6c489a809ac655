/** Small numeric helpers for the bench: nearest-rank percentiles and the figures' formatting. */

/** The p-th percentile (0–100) by nearest rank: a value that was actually measured. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

export const ms = (value: number): string =>
  `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value)} ms`;

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export const perSecond = (value: number, unit: string): string =>
  `${Math.round(value).toLocaleString('en')} ${unit}/s`;

export const ratio = (value: number): string => `${value.toFixed(2)}×`;

export const count = (value: number): string => Math.round(value).toLocaleString('en');

/** How long `work` takes, in milliseconds, by the monotonic clock. */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

/** Progress for the person watching; the table alone goes to stdout. */
export function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}
