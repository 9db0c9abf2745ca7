/** What to wait for and how long; `what` and `detail` make the failure say what never happened. */
export interface WaitForOptions {
  /** Give up after this many milliseconds (default 10 s). */
  timeout?: number;
  /** Check again after this many milliseconds (default 20). */
  interval?: number;
  /** What is awaited, worded to follow "waiting for" ("redis to come back"). */
  what?: string;
  /** The state worth seeing when it times out (a process's output, the last rows read). */
  detail?: () => string;
}

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

export const WAIT_FOR_DEFAULTS = { timeout: 10_000, interval: 20 } as const;

/**
 * The one polling helper of the suites: calls `condition` (sync or async) until it returns a truthy value and
 * resolves with that value. After `timeout` ms it rejects with "timed out after N ms waiting for <what>"; an error
 * thrown by `condition` rejects at once (a condition that can no longer come true says so by throwing).
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<Truthy<T>> {
  const timeout = options.timeout ?? WAIT_FOR_DEFAULTS.timeout;
  const interval = options.interval ?? WAIT_FOR_DEFAULTS.interval;
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value as Truthy<T>;
    if (Date.now() >= deadline) {
      const detail = options.detail ? `\n${options.detail()}` : '';
      throw new Error(`timed out after ${timeout} ms waiting for ${options.what ?? 'a condition'}${detail}`);
    }
    await sleep(interval);
  }
}

/** Resolves after `ms`: for pacing a sequence on purpose (never for waiting on a condition: use `waitFor`). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
