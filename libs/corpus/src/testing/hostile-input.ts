/**
 * For specs that feed megabytes of hostile text to a parser. A linear pass over 5 MB takes about a second here
 * (a few on a busy machine, where garbage collection of the large strings also makes the time grow faster than the
 * input); catastrophic backtracking over that much input takes hours. The bound sits far between the two, so it
 * catches the one without flaking on the other. It is not a speed claim: benchmarks make those.
 */
export const BACKTRACKING_BOUND_MS = 20_000;

/** Milliseconds `fn` takes. */
export function elapsedMs(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}
