import { percentile } from './bench-util';
import type { LoadResult, RequestTiming } from './load-client';

/** One load run reduced to the figures the tables print. */
export interface LoadSummary {
  requests: number;
  failed: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

/** A request failed when it got no response, a non-2xx status, or (streams) an `error` event. */
export function failed(t: RequestTiming): boolean {
  return Boolean(t.error) || t.status < 200 || t.status >= 300 || t.marks.error !== undefined;
}

export function summariseLoad(result: LoadResult): LoadSummary {
  const totals = result.timings.map((t) => t.totalMs);
  return {
    requests: result.timings.length,
    failed: result.timings.filter(failed).length,
    rps: result.timings.length / (result.wallMs / 1000),
    p50: percentile(totals, 50),
    p95: percentile(totals, 95),
    p99: percentile(totals, 99),
  };
}

/** The values of one mark (e.g. the first `delta`) over the requests that reached it. */
export function markTimes(result: LoadResult, mark: string): number[] {
  return result.timings.map((t) => t.marks[mark]).filter((v): v is number => v !== undefined);
}

/** Medians of several runs of the same measurement, figure by figure. */
export function medianSummary(runs: LoadSummary[]): LoadSummary {
  const med = (pick: (s: LoadSummary) => number) => percentile(runs.map(pick), 50);
  return {
    requests: runs.reduce((n, s) => n + s.requests, 0),
    failed: runs.reduce((n, s) => n + s.failed, 0),
    rps: med((s) => s.rps),
    p50: med((s) => s.p50),
    p95: med((s) => s.p95),
    p99: med((s) => s.p99),
  };
}

export const f1 = (x: number): string => (Number.isFinite(x) ? x.toFixed(1) : '-');
export const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : '-');
