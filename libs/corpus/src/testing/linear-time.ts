/**
 * How the time `run` takes grows from an input a quarter the size to the full one, for specs that guard against
 * super-linear (backtracking) text processing without a wall-clock limit that a busy machine can break: the
 * verdict rests on the ratio of two timings taken moments apart, each the best of two runs.
 */
export interface Growth {
  /** True when the time grew by less than `MAX_RATIO` (linear ≈ 4, n log n ≈ 4.5, quadratic ≈ 16), or stayed tiny. */
  linear: boolean;
  quarterMs: number;
  fullMs: number;
}

const MAX_RATIO = 10;
// Below this the full input was handled too fast for any super-linear cost to hide in it (5 MB quadratically would
// take hours); timings this small are also too noisy for a ratio.
const TINY_MS = 100;

/** `build(scale)` makes the input at `scale` (0.25 and 1) of its full size. */
export function growth(build: (scale: number) => string, run: (input: string) => unknown): Growth {
  const quarter = build(0.25);
  const full = build(1);
  const quarterMs = bestOfTwo(() => run(quarter));
  const fullMs = bestOfTwo(() => run(full));
  return {
    linear: fullMs < TINY_MS || fullMs / Math.max(quarterMs, 1) < MAX_RATIO,
    quarterMs: Math.round(quarterMs),
    fullMs: Math.round(fullMs),
  };
}

/** `unit` repeated so that the full input holds `count` copies. */
export function repeated(unit: string, count: number, prefix = '', suffix = ''): (scale: number) => string {
  return (scale) => `${prefix}${unit.repeat(Math.round(count * scale))}${suffix}`;
}

function bestOfTwo(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
