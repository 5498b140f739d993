export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/** Nearest-rank percentiles, in the unit of the samples, rounded to 0.1 unless told otherwise. */
export function percentiles(samples: readonly number[], round: (value: number) => number = round1): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => {
    if (sorted.length === 0) return Number.NaN;
    const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
    return round(value);
  };
  return { p50: at(50), p95: at(95), p99: at(99) };
}

/** To one decimal, as every figure of the bench is reported. */
export const round1 = (value: number): number => Math.round(value * 10) / 10;

/** To two decimals, for milliseconds of a few. */
export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** a / b to two decimals. */
export const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;

export const median = (samples: readonly number[]): number => percentiles(samples).p50;
